import type { Encoding, FormatSpec, PosterLayout } from "@hyperposter/domain";
import { type Canvas, PDFDocument, type SKRSContext2D, createCanvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { drawPoster } from "../compose/draw";
import type { Logo } from "../compose/logo";

export interface EncodedFile {
  encoding: Encoding;
  mime: string;
  bytes: Buffer;
}

export const MIME: Record<Encoding, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
  pdf: "application/pdf",
};

/** Raw RGBA of a canvas, for sharp (canvas PNG encode is ~6× slower). */
function raw(canvas: Canvas) {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width: canvas.width, height: canvas.height, channels: 4 },
  }).removeAlpha();
}

export async function encodePng(canvas: Canvas, dpi = 72): Promise<Buffer> {
  return raw(canvas)
    .withMetadata({ density: dpi })
    .png({ compressionLevel: 3, adaptiveFiltering: false })
    .toBuffer();
}

export async function encodeWebp(canvas: Canvas): Promise<Buffer> {
  return raw(canvas).webp({ quality: 88, effort: 2 }).toBuffer();
}

export async function encodeJpeg(canvas: Canvas, quality = 90): Promise<Buffer> {
  return canvas.encode("jpeg", quality);
}

/**
 * A one-page PDF at the format's physical size: text stays vector with
 * subset-embedded fonts; the background goes in as JPEG at the format's dpi;
 * the logo re-rasterised at print resolution (an SVG drawn directly would be
 * embedded at 72 ppi).
 */
export async function encodePdf(
  layout: PosterLayout,
  format: FormatSpec,
  background: Canvas,
  logo: Logo | undefined,
  meta: { title: string },
  product?: Canvas,
): Promise<Buffer> {
  const pt = 72 / format.dpi;
  const doc = new PDFDocument({
    title: meta.title,
    creator: "Hyperposter",
    rasterDPI: format.dpi,
    encodingQuality: 90,
  });
  // The page context is Skia's canvas too (drawImage included); its typings just omit the extras.
  const page = doc.beginPage(layout.width * pt, layout.height * pt) as unknown as SKRSContext2D;
  page.scale(pt, pt);
  const logoBox = layout.elements.find((e) => e.kind === "logo")?.box;
  let logoCanvas: Canvas | undefined;
  if (logo && logoBox) {
    const img = await logo.at(logoBox.width, logoBox.height);
    logoCanvas = createCanvas(Math.ceil(logoBox.width), Math.ceil(logoBox.height));
    logoCanvas.getContext("2d").drawImage(img, 0, 0, logoBox.width, logoBox.height);
  }
  drawPoster(page, layout, {
    background,
    ...(logoCanvas ? { logo: logoCanvas } : {}),
    ...(product ? { product } : {}),
  });
  doc.endPage();
  return doc.close();
}

export interface EncodeRequest {
  canvas: Canvas;
  layout: PosterLayout;
  format: FormatSpec;
  background: Canvas;
  logo?: Logo;
  /** The product cut-out, for the PDF page (screens encode the finished canvas). */
  product?: Canvas;
  title: string;
  encodings: Encoding[];
}

export async function encodeAll(
  req: EncodeRequest,
  timings?: Record<string, number>,
): Promise<EncodedFile[]> {
  const out: EncodedFile[] = [];
  for (const encoding of req.encodings) {
    const t0 = performance.now();
    let bytes: Buffer;
    if (encoding === "png") bytes = await encodePng(req.canvas, req.format.dpi);
    else if (encoding === "jpeg") bytes = await encodeJpeg(req.canvas);
    else if (encoding === "webp") bytes = await encodeWebp(req.canvas);
    else
      bytes = await encodePdf(
        req.layout,
        req.format,
        req.background,
        req.logo,
        { title: req.title },
        req.product,
      );
    if (timings) timings[encoding] = performance.now() - t0;
    out.push({ encoding, mime: MIME[encoding], bytes });
  }
  return out;
}

/** Screens get PNG, JPEG, WebP; print gets PDF plus a PNG proof. */
export function encodingsFor(format: FormatSpec): Encoding[] {
  return format.formatClass === "print" ? ["pdf", "png"] : ["png", "jpeg", "webp"];
}
