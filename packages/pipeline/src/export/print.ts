import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { cmyk, PDFDocument, type PDFPage } from "pdf-lib";
import sharp from "sharp";

const run = promisify(execFile);

/** PDF points per millimetre. */
export const PT_PER_MM = 72 / 25.4;

/** ISO 216 trim sizes in mm: the page must be exactly this, whatever the pixel rounding. */
export const PAPER_MM = {
  "print-a4": { width: 210, height: 297 },
  "print-a3": { width: 297, height: 420 },
} as const;

export interface PrintOptions {
  /** The finished (trim) size in mm; the poster page is scaled to it exactly. */
  trimMm: { width: number; height: number };
  /** Bleed on each side, in mm (3 mm is what most printers ask for). */
  bleedMm: number;
  /** Crop marks in the slug outside the bleed. */
  cropMarks: boolean;
}

/** Crop marks: 5 mm long, starting where the bleed ends, 0.25 pt, in registration colour. */
const MARK_LENGTH_MM = 5;
const MARK_MARGIN_MM = 1;

export interface PrintBoxes {
  media: { width: number; height: number };
  trim: { x: number; y: number; width: number; height: number };
  bleed: { x: number; y: number; width: number; height: number };
}

/** Where trim, bleed and media sit for a trim size in points. */
export function printBoxes(
  trimWidth: number,
  trimHeight: number,
  options: PrintOptions,
): PrintBoxes {
  const bleed = options.bleedMm * PT_PER_MM;
  const slug = options.cropMarks ? bleed + (MARK_LENGTH_MM + MARK_MARGIN_MM) * PT_PER_MM : bleed;
  return {
    media: { width: trimWidth + 2 * slug, height: trimHeight + 2 * slug },
    trim: { x: slug, y: slug, width: trimWidth, height: trimHeight },
    bleed: {
      x: slug - bleed,
      y: slug - bleed,
      width: trimWidth + 2 * bleed,
      height: trimHeight + 2 * bleed,
    },
  };
}

function drawCropMarks(page: PDFPage, boxes: PrintBoxes, bleed: number): void {
  const { x, y, width, height } = boxes.trim;
  const length = MARK_LENGTH_MM * PT_PER_MM;
  // Registration colour: the marks print on every separation.
  const line = { thickness: 0.25, color: cmyk(1, 1, 1, 1) };
  for (const cx of [x, x + width])
    for (const [cy, dir] of [
      [y, -1],
      [y + height, 1],
    ] as const) {
      // Vertical mark above/below the corner, horizontal one beside it, both outside the bleed.
      page.drawLine({
        start: { x: cx, y: cy + dir * bleed },
        end: { x: cx, y: cy + dir * (bleed + length) },
        ...line,
      });
      const hx = cx === x ? -1 : 1;
      page.drawLine({
        start: { x: cx + hx * bleed, y: cy },
        end: { x: cx + hx * (bleed + length), y: cy },
        ...line,
      });
    }
}

/**
 * A print-ready PDF from the one-page poster PDF (trim size) and its
 * background layer: the page grows by the bleed on each side, the background
 * scaled to cover the bleed box underneath (its edges are cut off at trim
 * anyway), the poster page placed at trim as a form XObject (fonts and vector
 * text kept as they are), TrimBox and BleedBox set, crop marks in the slug.
 */
export async function printReadyPdf(
  input: { pdf: Uint8Array; background: Uint8Array },
  options: PrintOptions,
): Promise<Buffer> {
  const source = await PDFDocument.load(input.pdf);
  // 300 dpi pixels round A3 to 420.2 mm; the printer's trim is the paper size.
  const trimWidth = options.trimMm.width * PT_PER_MM;
  const trimHeight = options.trimMm.height * PT_PER_MM;
  const boxes = printBoxes(trimWidth, trimHeight, options);
  const doc = await PDFDocument.create();
  doc.setTitle(source.getTitle() ?? "Poster");
  doc.setCreator("Hyperposter");
  const page = doc.addPage([boxes.media.width, boxes.media.height]);
  // JPEG embeds by copying its bytes (pdf-lib re-encodes PNG slowly).
  const jpeg = await sharp(input.background)
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 92 })
    .toBuffer();
  const background = await doc.embedJpg(jpeg);
  const scale = Math.max(
    boxes.bleed.width / background.width,
    boxes.bleed.height / background.height,
  );
  const drawnWidth = background.width * scale;
  const drawnHeight = background.height * scale;
  page.drawImage(background, {
    x: boxes.bleed.x + (boxes.bleed.width - drawnWidth) / 2,
    y: boxes.bleed.y + (boxes.bleed.height - drawnHeight) / 2,
    width: drawnWidth,
    height: drawnHeight,
  });
  const [poster] = await doc.embedPdf(input.pdf, [0]);
  if (!poster) throw new Error("The poster PDF has no page.");
  page.drawPage(poster, { x: boxes.trim.x, y: boxes.trim.y, width: trimWidth, height: trimHeight });
  if (options.cropMarks) drawCropMarks(page, boxes, options.bleedMm * PT_PER_MM);
  setBoxes(page, boxes);
  return Buffer.from(await doc.save());
}

function setBoxes(page: PDFPage, boxes: PrintBoxes): void {
  page.setMediaBox(0, 0, boxes.media.width, boxes.media.height);
  page.setCropBox(0, 0, boxes.media.width, boxes.media.height);
  page.setBleedBox(boxes.bleed.x, boxes.bleed.y, boxes.bleed.width, boxes.bleed.height);
  page.setTrimBox(boxes.trim.x, boxes.trim.y, boxes.trim.width, boxes.trim.height);
}

export interface CmykOptions {
  /** An output-intent CMYK ICC profile (the printer's, e.g. FOGRA39 / ISO Coated v2). */
  iccProfile: string;
  /** The Ghostscript binary; `gs` on PATH by default. */
  gs?: string;
  timeoutMs?: number;
}

/** Debian's Ghostscript ships this CMYK profile (package libgs-common); an operator may supply the printer's. */
export const DEFAULT_CMYK_ICC = "/usr/share/color/icc/ghostscript/default_cmyk.icc";

/**
 * Converts every colour of a PDF to DeviceCMYK through Ghostscript's pdfwrite
 * with the given output profile. The page boxes are written back afterwards
 * (pdfwrite keeps MediaBox but not always TrimBox/BleedBox).
 */
export async function toCmykPdf(pdf: Uint8Array, options: CmykOptions): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "hyperposter-cmyk-"));
  try {
    const input = join(dir, "in.pdf");
    const output = join(dir, "out.pdf");
    await writeFile(input, pdf);
    await run(
      options.gs ?? "gs",
      [
        "-q",
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=pdfwrite",
        "-dCompatibilityLevel=1.6",
        "-sColorConversionStrategy=CMYK",
        "-sProcessColorModel=DeviceCMYK",
        `-sOutputICCProfile=${options.iccProfile}`,
        "-dAutoRotatePages=/None",
        `-sOutputFile=${output}`,
        input,
      ],
      { timeout: options.timeoutMs ?? 60_000 },
    );
    const converted = await PDFDocument.load(await readFile(output));
    const original = await PDFDocument.load(pdf);
    const from = original.getPage(0);
    const to = converted.getPage(0);
    // pdfwrite rounds the MediaBox; pdf-lib clamps the other boxes to it, so restore it first.
    const media = from.getMediaBox();
    const bleed = from.getBleedBox();
    const trim = from.getTrimBox();
    to.setMediaBox(media.x, media.y, media.width, media.height);
    to.setCropBox(media.x, media.y, media.width, media.height);
    to.setBleedBox(bleed.x, bleed.y, bleed.width, bleed.height);
    to.setTrimBox(trim.x, trim.y, trim.width, trim.height);
    return Buffer.from(await converted.save());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
