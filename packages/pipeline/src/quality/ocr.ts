import type { OcrBlock, PosterLayout, TextKind } from "@hyperposter/domain";
import type { Canvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { textElements } from "./contrast";

interface OcrEngine {
  detect(image: string): Promise<Array<{ text: string }>>;
}

let engine: Promise<OcrEngine> | undefined;

/** PaddleOCR (PP-OCRv4, zh + en) on onnxruntime, models from npm; loaded once. */
export function ocrEngine(): Promise<OcrEngine> {
  engine ??= import("@gutenye/ocr-node").then((m) => m.default.create() as Promise<OcrEngine>);
  return engine;
}

// Pixel height the recogniser reads best at (it resizes lines to 48 px).
const TARGET_SIZE = 40;

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
 * Reads each text block back from its crop of the finished poster, scaled so
 * the type is ~40 px tall: whole-poster OCR is slow (~1.5 s) and misreads
 * large print sizes.
 */
export async function readBack(layout: PosterLayout, canvas: Canvas): Promise<OcrBlock[]> {
  const ocr = await ocrEngine();
  const rgba = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const image = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
    raw: { width: canvas.width, height: canvas.height, channels: 4 },
  });
  const blocks: OcrBlock[] = [];
  for (const e of textElements(layout)) {
    const size = e.fontSize ?? TARGET_SIZE;
    const padding = Math.max(4, size * 0.35);
    const b = e.box;
    const left = Math.max(0, Math.floor(b.x - padding));
    const top = Math.max(0, Math.floor(b.y - padding));
    const width = Math.min(canvas.width - left, Math.ceil(b.width + padding * 2));
    const height = Math.min(canvas.height - top, Math.ceil(b.height + padding * 2));
    const scale = Math.min(3, TARGET_SIZE / size);
    const crop = await image
      .clone()
      .extract({ left, top, width, height })
      .resize(Math.max(8, Math.round(width * scale)), Math.max(8, Math.round(height * scale)))
      .png({ compressionLevel: 1 })
      .toBuffer();
    // ocr-node opens its input with sharp(), which takes a Buffer as well as a path.
    const lines = await ocr.detect(crop as unknown as string);
    const read = lines.map((l) => l.text).join("");
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
