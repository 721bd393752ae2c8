import type { RgbImage, Rect } from "../image-backend/types";
import type { RgbaImage } from "../product/cutout";
import { canny, type CannyOptions } from "./canny";

export interface Size {
  width: number;
  height: number;
}

/** A rectangle in `from` coordinates scaled to `to` (each axis on its own). */
export function scaleRect(r: Rect, from: Size, to: Size): Rect {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  return { x: r.x * sx, y: r.y * sy, width: r.width * sx, height: r.height * sy };
}

/** Mean luminance (BT.601) of the cut-out's opaque pixels, 0–255; 128 when it has none. */
function opaqueLuminance(img: RgbaImage): number {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    const a = (img.data[i * 4 + 3] as number) / 255;
    const l =
      0.299 * (img.data[i * 4] as number) +
      0.587 * (img.data[i * 4 + 1] as number) +
      0.114 * (img.data[i * 4 + 2] as number);
    sum += a * l;
    weight += a;
  }
  return weight > 0 ? sum / weight : 128;
}

/**
 * The cut-out drawn into its box (bilinear, premultiplied alpha) on a flat
 * backdrop of `size`: black behind a light product, white behind a dark
 * one, so its silhouette always makes an edge. `box` is in `format`
 * coordinates (the poster's), `size` is the generation's.
 */
export function compositePlacedProduct(
  cutout: RgbaImage,
  box: Rect,
  format: Size,
  size: Size,
): RgbImage {
  const bg = opaqueLuminance(cutout) > 110 ? 0 : 255;
  const data = new Uint8Array(size.width * size.height * 3).fill(bg);
  const b = scaleRect(box, format, size);
  const { width: sw, height: sh } = cutout;
  const src = cutout.data;
  const at = (x: number, y: number, c: number): number => {
    const cx = Math.min(sw - 1, Math.max(0, x));
    const cy = Math.min(sh - 1, Math.max(0, y));
    const o = (cy * sw + cx) * 4;
    const a = (src[o + 3] as number) / 255;
    return c === 3 ? a : ((src[o + c] as number) / 255) * a;
  };
  const x0 = Math.max(0, Math.floor(b.x));
  const x1 = Math.min(size.width, Math.ceil(b.x + b.width));
  const y0 = Math.max(0, Math.floor(b.y));
  const y1 = Math.min(size.height, Math.ceil(b.y + b.height));
  for (let y = y0; y < y1; y++) {
    const v = ((y + 0.5 - b.y) / b.height) * sh - 0.5;
    if (v < -0.5 || v > sh - 0.5) continue;
    const vy = Math.floor(v);
    const fy = v - vy;
    for (let x = x0; x < x1; x++) {
      const u = ((x + 0.5 - b.x) / b.width) * sw - 0.5;
      if (u < -0.5 || u > sw - 0.5) continue;
      const ux = Math.floor(u);
      const fx = u - ux;
      const sample = (c: number): number =>
        (1 - fy) * ((1 - fx) * at(ux, vy, c) + fx * at(ux + 1, vy, c)) +
        fy * ((1 - fx) * at(ux, vy + 1, c) + fx * at(ux + 1, vy + 1, c));
      const alpha = sample(3);
      const o = (y * size.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const value = sample(c) * 255 + (1 - alpha) * bg;
        data[o + c] = Math.min(255, Math.max(0, Math.round(value)));
      }
    }
  }
  return { width: size.width, height: size.height, data };
}

/**
 * The canny control image of the placed product cut-out, as diffusers'
 * ControlNet examples make it (cv2.Canny 100/200 by default, the edge map
 * repeated into three channels: white edges on black), at the generation's
 * size. The rest of the poster has no edges, so a canny ControlNet keeps
 * the product's outline and leaves the scene free.
 */
export function placedProductCanny(
  cutout: RgbaImage,
  box: Rect,
  format: Size,
  size: Size,
  options?: CannyOptions,
): RgbImage {
  const composite = compositePlacedProduct(cutout, box, format, size);
  const edges = canny({ ...composite, channels: 3 }, options);
  const data = new Uint8Array(edges.length * 3);
  edges.forEach((v, i) => data.fill(v, i * 3, i * 3 + 3));
  return { width: size.width, height: size.height, data };
}
