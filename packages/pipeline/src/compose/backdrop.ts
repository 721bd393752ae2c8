import type { Box, LayoutElement } from "@hyperposter/domain";
import type { RgbImage } from "../image-backend/types";
import { type Rgb, hexToRgb, luminance } from "./color";

/** Opacity an underlay adds at row y (scrims ramp, panels are flat). */
export function underlayAlpha(u: LayoutElement, y: number): number {
  const a = u.opacity ?? 1;
  if (!u.gradient) return a;
  const { y0, y1 } = u.gradient;
  if (y0 === y1) return a;
  const t = (y - y0) / (y1 - y0);
  return a * Math.max(0, Math.min(1, t));
}

function inside(b: Box, x: number, y: number): boolean {
  return x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height;
}

/**
 * Luminances of the backdrop (background with the given underlays composited
 * over it) at a grid of points in `box`. A stride keeps it cheap: the
 * composer only needs percentiles.
 */
export function sampleLuminance(
  bg: RgbImage,
  box: Box,
  underlays: LayoutElement[],
  maxSamples = 4000,
): Float64Array {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(bg.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(bg.height, Math.ceil(box.y + box.height));
  const area = Math.max(1, (x1 - x0) * (y1 - y0));
  const step = Math.max(1, Math.floor(Math.sqrt(area / maxSamples)));
  const fills = underlays.map((u) => ({ u, c: hexToRgb(u.color ?? "#000000") }));
  const out = new Float64Array(Math.ceil((x1 - x0) / step) * Math.ceil((y1 - y0) / step));
  let n = 0;
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x += step) {
      const i = (y * bg.width + x) * 3;
      let r = bg.data[i] ?? 0;
      let g = bg.data[i + 1] ?? 0;
      let b = bg.data[i + 2] ?? 0;
      for (const { u, c } of fills) {
        if (!inside(u.box, x, y)) continue;
        const a = underlayAlpha(u, y);
        r = r * (1 - a) + c[0] * a;
        g = g * (1 - a) + c[1] * a;
        b = b * (1 - a) + c[2] * a;
      }
      out[n++] = luminance(Math.round(r), Math.round(g), Math.round(b));
    }
  }
  return out.subarray(0, n);
}

export function percentile(values: ArrayLike<number>, p: number): number {
  return percentiles(values, [p])[0] ?? 0;
}

/** Several percentiles with one sort (a native numeric typed-array sort). */
export function percentiles(values: ArrayLike<number>, ps: number[]): number[] {
  if (values.length === 0) return ps.map(() => 0);
  const sorted = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) sorted[i] = values[i] ?? 0;
  sorted.sort();
  const last = sorted.length - 1;
  return ps.map((p) => sorted[Math.min(last, Math.max(0, Math.round((p / 100) * last)))] ?? 0);
}

/** Mean colour of a box, for tinting underlays toward the image. */
export function meanColor(bg: RgbImage, box: Box): Rgb {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(bg.width, Math.ceil(box.x + box.width));
  const y1 = Math.min(bg.height, Math.ceil(box.y + box.height));
  const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / 2000)));
  const sum: Rgb = [0, 0, 0];
  let n = 0;
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x += step) {
      const i = (y * bg.width + x) * 3;
      sum[0] += bg.data[i] ?? 0;
      sum[1] += bg.data[i + 1] ?? 0;
      sum[2] += bg.data[i + 2] ?? 0;
      n++;
    }
  }
  return n ? [sum[0] / n, sum[1] / n, sum[2] / n] : [0, 0, 0];
}
