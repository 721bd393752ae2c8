import type { OcrBlock, PosterLayout, TextKind } from "@hyperposter/domain";
import type { Canvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { textElements } from "./contrast";
import { LINE_HEIGHT, recognizer } from "./recognize";

/**
 * Compared: letters, digits and CJK, case-folded after NFKC. Spaces are not
 * read back reliably and punctuation often falls outside the detector's line
 * box; emoji are not in the recogniser's alphabet.
 */
export function normaliseForOcr(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Share of `expected`'s characters read back in order (longest common subsequence). */
export function readShare(expected: string, read: string): number {
  const a = [...normaliseForOcr(expected)];
  const b = [...normaliseForOcr(read)];
  if (a.length === 0) return 1;
  const prev = new Array<number>(b.length + 1).fill(0);
  for (const ch of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = ch === b[j - 1] ? diag + 1 : Math.max(up, prev[j - 1] ?? 0);
      diag = up;
    }
  }
  return (prev[b.length] ?? 0) / a.length;
}

/**
 * Reads every line of every text block back from the finished poster: each
 * line's crop (its ink box plus a margin) scaled to the recogniser's 48 px
 * line height. Whole-poster OCR is slow (~1.5 s) and misreads print sizes.
 */
export async function readBack(layout: PosterLayout, canvas: Canvas): Promise<OcrBlock[]> {
  const rec = await recognizer();
  const rgba = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const image = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
    raw: { width: canvas.width, height: canvas.height, channels: 4 },
  }).removeAlpha();
  const blocks: OcrBlock[] = [];
  for (const e of textElements(layout)) {
    const size = e.fontSize ?? LINE_HEIGHT;
    let read = "";
    for (const line of e.lines ?? []) {
      const b = line.box;
      const padX = Math.max(3, size * 0.15);
      const padY = Math.max(2, size * 0.2);
      const left = Math.max(0, Math.floor(b.x - padX));
      const top = Math.max(0, Math.floor(b.y - padY));
      const width = Math.min(canvas.width - left, Math.ceil(b.width + padX * 2));
      const height = Math.min(canvas.height - top, Math.ceil(b.height + padY * 2));
      if (width < 2 || height < 2) continue;
      const scaled = Math.max(
        LINE_HEIGHT,
        Math.min(3200, Math.round((width * LINE_HEIGHT) / height)),
      );
      const pixels = await image
        .clone()
        .extract({ left, top, width, height })
        .resize(scaled, LINE_HEIGHT, { fit: "fill" })
        .raw()
        .toBuffer();
      const { text } = await rec.read(pixels, scaled);
      read += text;
    }
    const expected = (e.lines ?? []).map((l) => l.text).join(" ");
    blocks.push({
      element: e.kind as TextKind,
      expected,
      read,
      share: round(readShare(expected, read)),
    });
  }
  return blocks;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
