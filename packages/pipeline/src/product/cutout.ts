/**
 * Cuts the product out of a photo. Three ways, best first:
 * 1. the photo has real transparency → used as is;
 * 2. an operator-supplied segmentation model (`SEGMENTATION_MODEL`) → its mask,
 *    refined at the edge by the same matting;
 * 3. a plain or near-plain backdrop (white, grey, a soft gradient, light
 *    noise) → estimated from the borders in OKLab, grown from the edges
 *    within a tolerance, and matted.
 * Every result carries a confidence in [0, 1]; under LOW_CONFIDENCE the
 * studio asks the user to confirm before generating.
 */
import sharp from "sharp";
import { type BackdropKind, type BackdropModel, fitBackdrop, renderField } from "./backdrop";
import {
  boxBlur,
  distanceMap,
  edgeDistance,
  growBackground,
  keepMainPieces,
  localField,
  matte,
} from "./matte";
import { linearToSrgb, oklabToLinearRgb, toOklabPlanes } from "./oklab";

export const LOW_CONFIDENCE = 0.6;
/** Longest side the cut-out works at: larger photos are reduced first. */
export const CUTOUT_MAX_SIDE = 1600;

export interface RgbaImage {
  width: number;
  height: number;
  /** Straight (not premultiplied) sRGB RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

export interface Cutout {
  /** The product on transparency, cropped to its box plus a small margin. */
  image: RgbaImage;
  method: "alpha" | "backdrop" | "model";
  confidence: number;
  backdrop: BackdropKind | "transparent";
  /** Where the product sat in the (possibly reduced) photo. */
  box: { x: number; y: number; width: number; height: number };
  /** Size of the photo the cut-out was made from. */
  source: { width: number; height: number };
  /** Why the confidence is what it is, for the report and the studio. */
  notes: string[];
}

/** A mask from a segmentation model: one probability a pixel, row-major, at the photo's size. */
export type Segmenter = (img: RgbaImage) => Promise<Float32Array>;

export interface CutoutOptions {
  segmenter?: Segmenter;
  maxSide?: number;
}

/** Decodes any image sharp reads into straight RGBA at most `maxSide` a side. */
export async function decodeRgba(
  bytes: Uint8Array,
  maxSide = CUTOUT_MAX_SIDE,
): Promise<{ img: RgbaImage; hasAlpha: boolean }> {
  const s = sharp(bytes, { failOn: "warning", limitInputPixels: 16 * 1024 * 1024 }).rotate();
  const meta = await s.metadata();
  const { data, info } = await s
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    img: {
      width: info.width,
      height: info.height,
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    },
    hasAlpha: Boolean(meta.hasAlpha),
  };
}

/** True when transparency is really used: some pixels clear, some solid. */
export function usesAlpha(img: RgbaImage): boolean {
  const n = img.width * img.height;
  let clear = 0;
  let solid = 0;
  for (let i = 3; i < img.data.length; i += 4) {
    const a = img.data[i] ?? 255;
    if (a < 128) clear++;
    else solid++;
  }
  return clear > n * 0.005 && solid > n * 0.005;
}

export function alphaBox(img: RgbaImage, threshold = 16): Cutout["box"] {
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if ((img.data[(y * img.width + x) * 4 + 3] ?? 0) <= threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

export function crop(img: RgbaImage, box: Cutout["box"], margin: number): RgbaImage {
  const x0 = Math.max(0, box.x - margin);
  const y0 = Math.max(0, box.y - margin);
  const x1 = Math.min(img.width, box.x + box.width + margin);
  const y1 = Math.min(img.height, box.y + box.height + margin);
  const width = Math.max(1, x1 - x0);
  const height = Math.max(1, y1 - y0);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * img.width + x0) * 4;
    data.set(img.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

function finish(full: RgbaImage, fields: Omit<Cutout, "image" | "box" | "source">): Cutout {
  const box = alphaBox(full);
  const margin = Math.round(Math.max(box.width, box.height) * 0.01) + 1;
  return {
    ...fields,
    image: box.width ? crop(full, box, margin) : full,
    box,
    source: { width: full.width, height: full.height },
    confidence: Math.round(fields.confidence * 1000) / 1000,
  };
}

/** The backdrop field as 8-bit sRGB planes, for the matting equation. */
function fieldToSrgb(
  field: ReturnType<typeof renderField>,
): [Float32Array, Float32Array, Float32Array] {
  const n = field.L.length;
  const out: [Float32Array, Float32Array, Float32Array] = [
    new Float32Array(n),
    new Float32Array(n),
    new Float32Array(n),
  ];
  for (let i = 0; i < n; i++) {
    const rgb = oklabToLinearRgb(field.L[i] ?? 0, field.A[i] ?? 0, field.B[i] ?? 0);
    out[0][i] = linearToSrgb(Math.max(0, rgb[0]));
    out[1][i] = linearToSrgb(Math.max(0, rgb[1]));
    out[2][i] = linearToSrgb(Math.max(0, rgb[2]));
  }
  return out;
}

export interface Segmentation {
  fg: Uint8Array;
  rgba: Uint8ClampedArray;
  model: BackdropModel;
  confidence: number;
  notes: string[];
}

/** The backdrop method on decoded pixels (exported for the benchmark). */
export function segmentByBackdrop(img: RgbaImage): Segmentation {
  const { width, height } = img;
  const n = width * height;
  const planes = toOklabPlanes(img.data, n);
  const model = fitBackdrop(planes, width, height);
  const field = renderField(model, width, height);
  // Noise hides edges in single pixels: compare local means instead.
  const r = model.noise > 0.008 ? Math.min(3, Math.ceil(model.noise / 0.01)) : 0;
  const seen = r
    ? {
        L: boxBlur(planes.L, width, height, r),
        A: boxBlur(planes.A, width, height, r),
        B: boxBlur(planes.B, width, height, r),
      }
    : planes;
  const d = distanceMap(seen, field);
  // Noise left after the box blur of radius r (σ shrinks by the box's side).
  const residual = model.noise / (2 * r + 1);
  const tol = Math.max(0.035, 4 * residual);
  let local = field;
  const bg = growBackground(d, width, height, {
    tol,
    // Smooth steps only on clean photos: a blurred edge is a smooth step too.
    loose: r ? tol : 0.12,
    step: 0.008,
    planes: seen,
    holeDistance: (outside) => {
      local = localField(seen, field, outside, width, height);
      return distanceMap(seen, local);
    },
  });
  const fg = new Uint8Array(n);
  for (let i = 0; i < n; i++) fg[i] = bg[i] ? 0 : 1;
  keepMainPieces(fg, width, height);
  const band = Math.max(2, Math.round(Math.min(width, height) / 400)) + r;
  const rgba = matte({ rgba: img.data, width, height, fg, backdrop: fieldToSrgb(local), band });

  // Confidence: how well the border fits, how clearly the product stands out
  // near its edge, whether it touches the frame, and whether its size is plausible.
  const notes: string[] = [];
  let area = 0;
  for (let i = 0; i < n; i++) area += fg[i] ?? 0;
  const share = area / n;
  const dist = edgeDistance(fg, width, height, 4);
  const rim: number[] = [];
  for (let i = 0; i < n; i++)
    if (fg[i] && (dist[i] ?? 0) >= 2 && (dist[i] ?? 0) <= 3) rim.push(d[i] ?? 0);
  rim.sort((a, b) => a - b);
  const rimLow = rim.length ? (rim[Math.floor(rim.length * 0.2)] ?? 0) : 0;
  const separation = Math.min(1, rimLow / (tol * 2.5));
  let touching = 0;
  let frame = 0;
  for (let x = 0; x < width; x++) {
    touching += (fg[x] ?? 0) + (fg[(height - 1) * width + x] ?? 0);
    frame += 2;
  }
  for (let y = 0; y < height; y++) {
    touching += (fg[y * width] ?? 0) + (fg[y * width + width - 1] ?? 0);
    frame += 2;
  }
  const touch = touching / frame;
  // Camera noise stays under ~0.03 in OKLab; more spread than that is scenery, not noise.
  const calm = model.noise <= 0.03 ? 1 : Math.max(0, 1 - (model.noise - 0.03) / 0.03);
  let confidence = model.borderFit ** 2 * calm * (0.4 + 0.6 * separation);
  if (calm < 1)
    notes.push("the backdrop is busy: upload a PNG with transparency for a clean cut-out");
  if (model.borderFit < 0.9)
    notes.push(
      `the backdrop is not plain (${Math.round(model.borderFit * 100)}% of the border fits one smooth colour field)`,
    );
  if (separation < 0.6) notes.push("parts of the product's edge are close to the backdrop colour");
  if (touch > 0.02) {
    confidence *= Math.max(0, 1 - touch * 4);
    notes.push("the product touches the photo's edge (cropped?)");
  }
  if (share < 0.01 || share > 0.92) {
    confidence *= 0.3;
    notes.push(
      share < 0.01
        ? "almost nothing stands out from the backdrop"
        : "almost nothing of the photo is backdrop",
    );
  }
  return { fg, rgba, model, confidence: Math.max(0, Math.min(1, confidence)), notes };
}

/** Cuts out the product of an already-checked photo (see the intake for the checks). */
export async function cutOutProduct(
  bytes: Uint8Array,
  options: CutoutOptions = {},
): Promise<Cutout> {
  const { img, hasAlpha } = await decodeRgba(bytes, options.maxSide);
  return cutOutPixels(img, hasAlpha, options);
}

export async function cutOutPixels(
  img: RgbaImage,
  hasAlpha: boolean,
  options: CutoutOptions = {},
): Promise<Cutout> {
  if (hasAlpha && usesAlpha(img)) {
    return finish(img, {
      method: "alpha",
      confidence: 1,
      backdrop: "transparent",
      notes: ["the photo's own transparency is used"],
    });
  }
  const seg = segmentByBackdrop(img);
  if (options.segmenter) {
    const prob = await options.segmenter(img);
    const n = img.width * img.height;
    const fg = new Uint8Array(n);
    let agree = 0;
    for (let i = 0; i < n; i++) {
      fg[i] = (prob[i] ?? 0) >= 0.5 ? 1 : 0;
      if (fg[i] === seg.fg[i]) agree++;
    }
    keepMainPieces(fg, img.width, img.height);
    // The model's own soft edge is kept; only its colours are decontaminated by the matting.
    const field = renderField(seg.model, img.width, img.height);
    const band = Math.max(2, Math.round(Math.min(img.width, img.height) / 400));
    const rgba = matte({
      rgba: img.data,
      width: img.width,
      height: img.height,
      fg,
      backdrop: fieldToSrgb(field),
      band,
    });
    for (let i = 0; i < n; i++) {
      const p = Math.max(0, Math.min(1, prob[i] ?? 0));
      // Where the model is unsure, trust its probability as alpha.
      if (p > 0.02 && p < 0.98) rgba[i * 4 + 3] = Math.round(p * 255);
    }
    // Confidence: how decided the model is, and agreement with the backdrop method on plain shots.
    let decided = 0;
    for (let i = 0; i < n; i++) {
      const p = prob[i] ?? 0;
      if (p < 0.1 || p > 0.9) decided++;
    }
    const confidence = (decided / n) * (seg.model.kind === "busy" ? 1 : 0.5 + 0.5 * (agree / n));
    return finish(
      { width: img.width, height: img.height, data: rgba },
      {
        method: "model",
        confidence,
        backdrop: seg.model.kind,
        notes: ["cut out by the segmentation model"],
      },
    );
  }
  return finish(
    { width: img.width, height: img.height, data: seg.rgba },
    { method: "backdrop", confidence: seg.confidence, backdrop: seg.model.kind, notes: seg.notes },
  );
}
