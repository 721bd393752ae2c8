import {
  type AssetReport,
  type Box,
  type BrandPreset,
  type Brief,
  type Encoding,
  FORMATS,
  type FormatName,
  type FormatSpec,
  type PosterCopy,
  type PosterLayout,
  type PosterReport,
  type QualityResult,
  type Rephrased,
  type RepairAttempt,
  type TemplateName,
  variantCopy,
} from "@hyperposter/domain";
import { createCanvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { type Composed, type ProductArt, composePoster, plan } from "../compose/compose";
import { type Logo, loadLogoWithin } from "../compose/logo";
import { type EncodedFile, encodeAll, encodingsFor } from "../export/encode";
import { resolveFamily } from "../fonts/resolve";
import type { ImageBackend, RgbImage } from "../image-backend/types";
import type { Cutout } from "../product/cutout";
import { type DominantColor, dominantColors, paletteAgainst } from "../product/palette";
import { gateComposed } from "./gate-composed";
import { type Attempt, MAX_ATTEMPTS, nextAttempt } from "./attempts";

export interface PosterSetInput {
  brief: Brief;
  preset: BrandPreset;
  rephrased: Rephrased;
  backend: ImageBackend;
  /** The preset's logo file, already read by the caller. */
  logo?: { bytes: Buffer; mime?: string };
  /** The customer's product, already cut out (see product/cutout.ts): shown on every asset. */
  product?: { cutout: Cutout; name?: string };
  /**
   * The preset's style references, decoded by the caller (decodeReference):
   * passed on every render request; backends without an IP-Adapter ignore them.
   */
  styleReferences?: { image: RgbImage; strength: number }[];
  /** The preset's uploaded font files, already read by the caller; drawn instead of `preset.fonts`. */
  fontFiles?: { heading?: Buffer; body?: Buffer };
  seed: number;
  variants?: number;
  /** Index of the first variant within its series ("More variations"): picks the copy candidates. */
  variantOffset?: number;
  /** Defaults to the brief's formats. */
  formats?: FormatName[];
  /** OCR read-back is part of the gate; false skips it (reported as skipped). */
  ocr?: boolean;
  /** Encodings per asset; defaults to PNG+JPEG+WebP for screens, PDF+PNG for print. */
  encodings?: (format: FormatSpec) => Encoding[];
}

export interface PosterProgress {
  stage: "fonts" | "background" | "compose" | "gate" | "encode" | "done";
  format?: FormatName;
  variant?: number;
  /** Assets finished so far, of `total`. */
  done: number;
  total: number;
  message: string;
}

export interface PosterSetOptions {
  onProgress?: (p: PosterProgress) => void;
  signal?: AbortSignal;
}

export interface PosterAsset {
  format: FormatName;
  variant: number;
  copy: PosterCopy;
  files: EncodedFile[];
  /** The background layer alone, as PNG, so every check can be recomputed. */
  backgroundPng: Buffer;
  layout: PosterLayout;
  quality: QualityResult;
  repairs: RepairAttempt[];
  passed: boolean;
  timings: Record<string, number>;
  /** The product's box on this asset and its share of the area. */
  product?: { box: Box; share: number };
}

export interface PosterSet {
  assets: PosterAsset[];
  report: PosterReport;
}

export function assetBaseName(format: FormatName, variant: number): string {
  return variant === 0 ? format : `${format}-v${variant + 1}`;
}

const EXT: Record<Encoding, string> = { png: "png", jpeg: "jpg", webp: "webp", pdf: "pdf" };

async function rgbToPng(img: RgbImage): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 3 },
  })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

interface Tried {
  attempt: Attempt;
  composed: Composed;
  bg: RgbImage;
  quality: QualityResult;
}

/**
 * Renders, composes, gates, repairs and encodes every requested format and
 * variant. Returns buffers; writes nothing (the CLI and the worker decide
 * where files go).
 */
export async function generatePosterSet(
  input: PosterSetInput,
  options: PosterSetOptions = {},
): Promise<PosterSet> {
  const { brief, preset, rephrased, backend } = input;
  const variants = Math.max(1, input.variants ?? 1);
  const formats = input.formats ?? brief.formats;
  const total = formats.length * variants;
  let done = 0;
  const progress = (p: Omit<PosterProgress, "done" | "total">) =>
    options.onProgress?.({ ...p, done, total });

  const heading = resolveFamily(preset.fonts.heading, brief.language, input.fontFiles?.heading);
  const body = resolveFamily(preset.fonts.body, brief.language, input.fontFiles?.body);
  const warnings = [heading.warning, body.warning].filter((w): w is string => Boolean(w));
  warnings.push(...rephrased.warnings.map((w) => `${w.field}: ${w.message}`));
  const logo: Logo | undefined = input.logo
    ? await loadLogoWithin(input.logo.bytes, input.logo.mime)
    : undefined;
  const offset = Math.max(0, input.variantOffset ?? 0);
  const copies = Array.from({ length: variants }, (_, v) => variantCopy(rephrased, offset + v));
  const brandPalette = [
    preset.colors.primary,
    preset.colors.secondary,
    preset.colors.accent,
    preset.colors.background,
    preset.colors.text,
  ];
  const productArt = input.product ? cutoutArt(input.product.cutout) : undefined;
  const productColors: DominantColor[] = input.product
    ? dominantColors(input.product.cutout.image)
    : [];
  // With a product, the background sets it off (brand colours only, re-ordered).
  const palette = productArt ? paletteAgainst(brandPalette, productColors) : brandPalette;

  const assets: PosterAsset[] = [];
  for (const name of formats) {
    const format = FORMATS[name];
    // Backgrounds depend on the template (its calm zones): render once per template tried.
    const backgrounds = new Map<TemplateName, Promise<RgbImage[]>>();
    const backgroundFor = (template: TemplateName) => {
      let hit = backgrounds.get(template);
      if (!hit) {
        progress({
          stage: "background",
          format: name,
          message: `${name}: painting ${template} background`,
        });
        const planned = plan(composeInput(format, copies[0] as PosterCopy, template, 1));
        hit = backend.render(
          {
            prompt: rephrased.prompt,
            negativePrompt: rephrased.negativePrompt,
            width: format.width,
            height: format.height,
            seed: input.seed,
            variants,
            palette,
            calmZones: planned.calmZones,
            ...(planned.product ? { productZone: planned.product } : {}),
            // An inpainting backend generates the scene around the real product.
            ...(planned.product && input.product
              ? { productCutout: input.product.cutout.image }
              : {}),
            ...(input.styleReferences?.length ? { styleReferences: input.styleReferences } : {}),
          },
          {
            ...(options.signal ? { signal: options.signal } : {}),
            // A diffusion backend takes seconds per image: pass its steps through.
            onProgress: (p) =>
              progress({
                stage: "background",
                format: name,
                message: `${name}: ${p.stage} ${p.step}/${p.totalSteps}`,
              }),
          },
        );
        backgrounds.set(template, hit);
      }
      return hit;
    };
    const composeInput = (
      f: FormatSpec,
      copy: PosterCopy,
      template: TemplateName,
      scale: number,
    ) => ({
      format: f,
      copy,
      brand: preset.colors,
      heading: heading.family,
      body: body.family,
      template,
      scale,
      ...(logo ? { logo } : {}),
      ...(productArt ? { product: productArt } : {}),
    });

    for (let v = 0; v < variants; v++) {
      options.signal?.throwIfAborted();
      const copy = copies[v] as PosterCopy;
      const tried: Tried[] = [];
      const repairs: RepairAttempt[] = [];
      const timings: Record<string, number> = {};
      for (let attempt = nextAttempt(format, [], undefined); attempt;) {
        const bg = (await backgroundFor(attempt.template))[v];
        if (!bg) throw new Error(`backend ${backend.name} returned no image for variant ${v}`);
        progress({
          stage: "compose",
          format: name,
          variant: v,
          message: `${name}: ${attempt.action}`,
        });
        const t0 = performance.now();
        const composed = await composePoster(
          composeInput(format, copy, attempt.template, attempt.scale),
          bg,
          {
            underlay: attempt.underlay,
          },
        );
        timings.compose = performance.now() - t0;
        progress({ stage: "gate", format: name, variant: v, message: `${name}: quality gate` });
        const quality = await gateComposed(composed, bg, {
          ...(logo ? { logo } : {}),
          ...(productArt ? { product: productArt } : {}),
          ocr: input.ocr !== false,
        });
        timings.gate = quality.ms;
        tried.push({ attempt, composed, bg, quality });
        repairs.push({
          template: attempt.template,
          action: attempt.action,
          passed: quality.passed,
          reasons: quality.reasons,
        });
        if (quality.passed || tried.length >= MAX_ATTEMPTS) break;
        attempt = nextAttempt(
          format,
          tried.map((t) => t.attempt),
          quality,
        );
      }
      // Deliver the passing attempt, or the one with the fewest failures.
      const best =
        tried.find((t) => t.quality.passed) ??
        [...tried].sort((a, b) => a.quality.reasons.length - b.quality.reasons.length)[0];
      if (!best) throw new Error(`no composition was attempted for ${name}`);
      progress({ stage: "encode", format: name, variant: v, message: `${name}: encoding` });
      const files = await encodeAll(
        {
          canvas: best.composed.canvas,
          layout: best.composed.layout,
          format,
          background: await best.composed.background(),
          ...(logo ? { logo } : {}),
          ...(productArt ? { product: productArt.canvas } : {}),
          title: `${preset.name} — ${copy.headline}`,
          encodings: (input.encodings ?? encodingsFor)(format),
        },
        timings,
      );
      const backgroundPng = await rgbToPng(best.bg);
      const productBox = best.composed.layout.elements.find((e) => e.kind === "product")?.box;
      assets.push({
        ...(productBox
          ? {
              product: {
                box: productBox,
                share:
                  Math.round(
                    ((productBox.width * productBox.height) / (format.width * format.height)) *
                      1000,
                  ) / 1000,
              },
            }
          : {}),
        format: name,
        variant: v,
        copy,
        files,
        backgroundPng,
        layout: best.composed.layout,
        quality: best.quality,
        repairs,
        passed: best.quality.passed,
        timings: Object.fromEntries(
          Object.entries(timings).map(([k, ms]) => [k, Math.round(ms * 10) / 10]),
        ),
      });
      // A field the format cannot hold is reported, not passed over in silence.
      for (const d of best.composed.layout.dropped ?? []) {
        warnings.push(
          `${name}${variants > 1 ? ` v${v + 1}` : ""}: ${d.field} "${d.text}" not shown. ${d.reason}`,
        );
      }
      done++;
      progress({
        stage: "done",
        format: name,
        variant: v,
        message: `${name}${variants > 1 ? ` v${v + 1}` : ""}: ${best.quality.passed ? "passed" : `FAILED (${best.quality.reasons.join("; ")})`}`,
      });
    }
  }
  return {
    assets,
    report: buildReport(
      input,
      assets,
      warnings,
      heading.family.name,
      body.family.name,
      productColors,
    ),
  };
}

/** The cut-out as a canvas the composer draws from. */
export function cutoutArt(cutout: Cutout): ProductArt {
  const { width, height, data } = cutout.image;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(width, height);
  img.data.set(data);
  ctx.putImageData(img, 0, 0);
  return { canvas, aspect: width / height };
}

function buildReport(
  input: PosterSetInput,
  assets: PosterAsset[],
  warnings: string[],
  heading: string,
  body: string,
  productColors: DominantColor[],
): PosterReport {
  const assetReports: AssetReport[] = assets.map((a) => {
    const base = assetBaseName(a.format, a.variant);
    return {
      format: a.format,
      variant: a.variant,
      files: a.files.map((f) => ({
        encoding: f.encoding,
        mime: f.mime,
        name: `${base}.${EXT[f.encoding]}`,
        bytes: f.bytes.length,
      })),
      backgroundFile: `${base}.background.png`,
      layout: a.layout,
      quality: a.quality,
      repairs: a.repairs,
      passed: a.passed,
      timings: a.timings,
      ...(a.product ? { product: a.product } : {}),
    };
  });
  const cut = input.product?.cutout;
  return {
    prompt: input.rephrased.prompt,
    negativePrompt: input.rephrased.negativePrompt,
    copy: input.rephrased.copy,
    backend: input.backend.name,
    seed: input.seed,
    variants: Math.max(1, input.variants ?? 1),
    fonts: { heading, body },
    warnings,
    assets: assetReports,
    passed: assets.every((a) => a.passed),
    ...(cut
      ? {
          product: {
            ...(input.product?.name ? { name: input.product.name } : {}),
            method: cut.method,
            confidence: cut.confidence,
            backdrop: cut.backdrop,
            width: cut.image.width,
            height: cut.image.height,
            colors: productColors.map((c) => c.hex),
          },
        }
      : {}),
  };
}

export function fileName(format: FormatName, variant: number, encoding: Encoding): string {
  return `${assetBaseName(format, variant)}.${EXT[encoding]}`;
}
