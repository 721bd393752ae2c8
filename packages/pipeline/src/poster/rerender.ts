import {
  type BrandPreset,
  type Encoding,
  FORMATS,
  type FormatName,
  type Language,
  type PosterCopy,
  type PosterLayout,
  type QualityResult,
  type RepairAttempt,
  type TemplateName,
} from "@hyperposter/domain";
import sharp from "sharp";
import { composePoster } from "../compose/compose";
import { type Logo, loadLogoWithin } from "../compose/logo";
import type { UnderlayChoice } from "../compose/style";
import { geometry, templatesFor } from "../compose/templates";
import { type EncodedFile, encodeAll, encodingsFor } from "../export/encode";
import { resolveFamily } from "../fonts/resolve";
import type { RgbImage } from "../image-backend/types";
import type { Cutout } from "../product/cutout";
import { gateComposed } from "./gate-composed";
import { cutoutArt } from "./generate";

export interface RerenderInput {
  format: FormatName;
  copy: PosterCopy;
  /** One of `templatesFor(format)`: the stored layout's template, or the one the user moved to. */
  template: TemplateName;
  preset: BrandPreset;
  language: Language;
  /** The stored background layer (`<format>.background.png`) of the asset being re-rendered. */
  backgroundPng: Buffer;
  logo?: { bytes: Buffer; mime?: string };
  fontFiles?: { heading?: Buffer; body?: Buffer };
  /** The generation's product cut-out, drawn again by the composer (it is not in the background). */
  product?: Cutout;
  /** OCR read-back; off by default here (≈ 1.5 s per format, see the README). */
  ocr?: boolean;
  encodings?: Encoding[];
}

export interface Rerendered {
  format: FormatName;
  copy: PosterCopy;
  files: EncodedFile[];
  layout: PosterLayout;
  quality: QualityResult;
  repairs: RepairAttempt[];
  passed: boolean;
  timings: Record<string, number>;
}

/** Templates a format can be moved between (the first is the one generation starts with). */
export function layoutsFor(format: FormatName): TemplateName[] {
  return templatesFor(FORMATS[format]);
}

export async function decodeBackground(png: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/**
 * Re-composes one asset with new copy (or another of its format's templates)
 * over its stored background layer: no image backend runs. The gate runs again
 * with the same repairs the generation tried within the chosen template (the
 * template's underlay, a panel, smaller type), so a re-render is judged like
 * the original.
 */
export async function rerenderPoster(input: RerenderInput): Promise<Rerendered> {
  const t0 = performance.now();
  const format = FORMATS[input.format];
  if (!templatesFor(format).includes(input.template))
    throw new Error(`${input.format} has no ${input.template} template`);
  const bg = await decodeBackground(input.backgroundPng);
  if (bg.width !== format.width || bg.height !== format.height)
    throw new Error(
      `the stored background is ${bg.width}×${bg.height}, not ${format.width}×${format.height}`,
    );
  const heading = resolveFamily(
    input.preset.fonts.heading,
    input.language,
    input.fontFiles?.heading,
  );
  const body = resolveFamily(input.preset.fonts.body, input.language, input.fontFiles?.body);
  const logo: Logo | undefined = input.logo
    ? await loadLogoWithin(input.logo.bytes, input.logo.mime)
    : undefined;
  const product = input.product ? cutoutArt(input.product) : undefined;
  const timings: Record<string, number> = { load: performance.now() - t0 };

  const preferred = geometry(format, input.template).preferredUnderlay;
  const attempts: { underlay: UnderlayChoice; scale: number; action: string }[] = [
    { underlay: "auto", scale: 1, action: "re-render with the new copy" },
    ...(preferred === "scrim"
      ? [{ underlay: preferred, scale: 1, action: "add a scrim under the text" }]
      : []),
    { underlay: "panel", scale: 1, action: "set the text on a solid panel" },
    { underlay: "panel", scale: 0.85, action: "on a panel, smaller type (×0.85)" },
  ];
  const repairs: RepairAttempt[] = [];
  let best:
    { composed: Awaited<ReturnType<typeof composePoster>>; quality: QualityResult } | undefined;
  for (const attempt of attempts) {
    const tc = performance.now();
    const composed = await composePoster(
      {
        format,
        copy: input.copy,
        brand: input.preset.colors,
        heading: heading.family,
        body: body.family,
        template: input.template,
        scale: attempt.scale,
        ...(logo ? { logo } : {}),
        ...(product ? { product } : {}),
      },
      bg,
      { underlay: attempt.underlay },
    );
    timings.compose = (timings.compose ?? 0) + performance.now() - tc;
    const quality = await gateComposed(composed, bg, {
      ...(logo ? { logo } : {}),
      ...(product ? { product } : {}),
      ocr: input.ocr === true,
    });
    timings.gate = (timings.gate ?? 0) + quality.ms;
    repairs.push({
      template: input.template,
      action: attempt.action,
      passed: quality.passed,
      reasons: quality.reasons,
    });
    if (!best || quality.reasons.length < best.quality.reasons.length) best = { composed, quality };
    if (quality.passed) break;
  }
  if (!best) throw new Error("no composition was attempted");
  const request = {
    canvas: best.composed.canvas,
    layout: best.composed.layout,
    format,
    background: await best.composed.background(),
    ...(logo ? { logo } : {}),
    ...(product ? { product: product.canvas } : {}),
    title: `${input.preset.name} — ${input.copy.headline}`,
  };
  // The user waits on this call: the encoders run at once (sharp and Skia encode off the
  // main thread), so the slowest one, not their sum, sets the time.
  const te = performance.now();
  const files = (
    await Promise.all(
      (input.encodings ?? encodingsFor(format)).map((encoding) =>
        encodeAll({ ...request, encodings: [encoding] }, timings),
      ),
    )
  ).flat();
  timings.encode = performance.now() - te;
  timings.total = performance.now() - t0;
  return {
    format: input.format,
    copy: input.copy,
    files,
    layout: best.composed.layout,
    quality: best.quality,
    repairs,
    passed: best.quality.passed,
    timings: Object.fromEntries(
      Object.entries(timings).map(([k, ms]) => [k, Math.round(ms * 10) / 10]),
    ),
  };
}
