import type { OcrCheck, PosterLayout, QualityResult } from "@hyperposter/domain";
import { type Canvas, type Image, createCanvas } from "@napi-rs/canvas";
import { drawPoster } from "../compose/draw";
import type { RgbImage } from "../image-backend/types";
import { measureContrast } from "./contrast";
import { checkOverlap, checkSafeArea } from "./geometry";
import { normaliseForOcr, readBack } from "./ocr";
import { checkProduct } from "./product";
import { measureReadability } from "./readability";

export const OCR_THRESHOLD = 0.95;

export interface GateInput {
  layout: PosterLayout;
  /** The finished poster. */
  canvas: Canvas;
  /** The background layer alone (no underlays, no text). */
  background: RgbImage;
  backgroundCanvas: Canvas;
  logo?: Canvas | Image;
  /** The product cut-out; its presence also makes the product check expect one. */
  product?: Canvas | Image;
  /** Characters the composer found no font for. */
  missingGlyphs?: string[];
  ocr?: boolean;
}

/**
 * Measures one composed asset: contrast under the glyphs, safe area,
 * overlaps, background calm under text (PosterLayout Rea beside the
 * unnormalised gradient that is gated on) and OCR read-back.
 */
export async function runGate(input: GateInput): Promise<QualityResult> {
  const t0 = performance.now();
  const { layout } = input;
  const under = createCanvas(layout.width, layout.height);
  drawPoster(under.getContext("2d"), layout, {
    background: input.backgroundCanvas,
    ...(input.logo ? { logo: input.logo } : {}),
    ...(input.product ? { product: input.product } : {}),
    text: false,
  });
  const backdrop = under.getContext("2d").getImageData(0, 0, layout.width, layout.height).data;
  const contrast = measureContrast(layout, backdrop);
  const safeArea = checkSafeArea(layout);
  const overlap = checkOverlap(layout);
  const hasProduct =
    input.product !== undefined || layout.elements.some((e) => e.kind === "product");
  const product = hasProduct ? checkProduct(layout, input.product !== undefined) : undefined;
  const readability = await measureReadability(layout, input.background);

  const tOcr = performance.now();
  let ocr: OcrCheck;
  if (input.ocr === false) {
    ocr = { skipped: true, blocks: [], share: 0, threshold: OCR_THRESHOLD, passed: true, ms: 0 };
  } else {
    const blocks = await readBack(layout, input.canvas);
    let matched = 0;
    let total = 0;
    for (const b of blocks) {
      const n = [...normaliseForOcr(b.expected)].length;
      matched += b.share * n;
      total += n;
    }
    const share = total ? matched / total : 1;
    ocr = {
      skipped: false,
      blocks,
      share: Math.round(share * 1000) / 1000,
      threshold: OCR_THRESHOLD,
      passed: share >= OCR_THRESHOLD,
      ms: Math.round(performance.now() - tOcr),
    };
  }

  const missingGlyphs = input.missingGlyphs ?? [];
  const reasons = [
    ...contrast
      .filter((c) => !c.passed)
      .map((c) => `contrast: ${c.element} ${c.ratio}:1 under its glyphs, needs ${c.threshold}:1`),
    ...safeArea.findings.map((f) => `safe area: ${f}`),
    ...overlap.findings.map((f) => `overlap: ${f}`),
    ...(product?.findings ?? []).map((f) => `product: ${f}`),
    ...(readability.passed
      ? []
      : [
          `readability: background gradient ${readability.gradient} under text exceeds ${readability.threshold}`,
        ]),
    ...(ocr.passed
      ? []
      : [
          `ocr: read back ${(ocr.share * 100).toFixed(1)}% of the copy, needs ${OCR_THRESHOLD * 100}%`,
        ]),
    ...(missingGlyphs.length ? [`glyphs: no font draws ${missingGlyphs.join(" ")}`] : []),
  ];
  // A dropped field is the layout's decision, reported but not a failure: the asset is usable.
  const warnings = (layout.dropped ?? []).map(
    (d) => `dropped: ${d.field} "${d.text}" is not shown on this format`,
  );
  return {
    passed: reasons.length === 0,
    reasons,
    ...(warnings.length ? { warnings } : {}),
    contrast,
    safeArea,
    overlap,
    readability,
    ocr,
    missingGlyphs,
    ...(product ? { product } : {}),
    ms: Math.round(performance.now() - t0),
  };
}
