import { z } from "zod";

/** 8-bit pixels, row-major, interleaved channels (1 = gray, 3 = RGB). */
export interface PixelImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

export const cannyOptionsSchema = z
  .object({
    /** Hysteresis thresholds on the L1 gradient magnitude |dx| + |dy| (3×3 Sobel). */
    low: z.number().nonnegative().default(100),
    high: z.number().nonnegative().default(200),
  })
  .default({ low: 100, high: 200 });
export type CannyOptions = z.input<typeof cannyOptionsSchema>;

/** tan(22.5°) in Q15, as OpenCV's canny.cpp. */
const TG22 = 13573;
const SHIFT = 15;

/**
 * Canny edges exactly as OpenCV's `cv2.Canny(image, low, high)` with the
 * defaults diffusers' ControlNet examples use (apertureSize 3,
 * L2gradient false): 3×3 Sobel with replicated borders, L1 magnitude (on a
 * colour image, per pixel the channel with the largest magnitude, first
 * wins), non-maximum suppression along four directions with OpenCV's
 * fixed-point tan(22.5°) test and its asymmetric > / ≥ comparisons,
 * thresholds floored, hysteresis over 8-neighbours. Returns 0/255 per pixel.
 * Checked against cv2.Canny outputs (test/control-images fixtures).
 */
export function canny(image: PixelImage, options?: CannyOptions): Uint8Array {
  const { width: w, height: h, channels: cn, data } = image;
  if (data.length !== w * h * cn)
    throw new Error(`canny: ${data.length} bytes for ${w}×${h}×${cn}`);
  const opts = cannyOptionsSchema.parse(options);
  let low = Math.floor(opts.low);
  let high = Math.floor(opts.high);
  if (low > high) [low, high] = [high, low];

  // Sobel dx, dy (int16 range) and L1 magnitude, strongest channel per pixel.
  const dx = new Int32Array(w * h);
  const dy = new Int32Array(w * h);
  // Magnitude with a zero border of one pixel all round: rows -1 and h, columns -1 and w.
  const mw = w + 2;
  const mag = new Int32Array(mw * (h + 2));
  const px = (x: number, y: number, c: number): number => {
    const cx = x < 0 ? 0 : x >= w ? w - 1 : x;
    const cy = y < 0 ? 0 : y >= h ? h - 1 : y;
    return data[(cy * w + cx) * cn + c] as number;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let best = -1;
      let bx = 0;
      let by = 0;
      for (let c = 0; c < cn; c++) {
        const tl = px(x - 1, y - 1, c);
        const t = px(x, y - 1, c);
        const tr = px(x + 1, y - 1, c);
        const l = px(x - 1, y, c);
        const r = px(x + 1, y, c);
        const bl = px(x - 1, y + 1, c);
        const b = px(x, y + 1, c);
        const br = px(x + 1, y + 1, c);
        const gx = tr + 2 * r + br - (tl + 2 * l + bl);
        const gy = bl + 2 * b + br - (tl + 2 * t + tr);
        const m = Math.abs(gx) + Math.abs(gy);
        if (m > best) {
          best = m;
          bx = gx;
          by = gy;
        }
      }
      dx[y * w + x] = bx;
      dy[y * w + x] = by;
      mag[(y + 1) * mw + x + 1] = best;
    }
  }

  // 0: weak candidate, 1: not an edge, 2: edge. Border stays 1.
  const map = new Uint8Array(mw * (h + 2)).fill(1);
  const stack: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const mi = (y + 1) * mw + x + 1;
      const m = mag[mi] as number;
      if (m <= low) continue;
      const xs = dx[y * w + x] as number;
      const ys = dy[y * w + x] as number;
      const ax = Math.abs(xs);
      const ay = Math.abs(ys) * 2 ** SHIFT;
      const tg22x = ax * TG22;
      let isMax: boolean;
      if (ay < tg22x) {
        isMax = m > (mag[mi - 1] as number) && m >= (mag[mi + 1] as number);
      } else {
        const tg67x = tg22x + ax * 2 ** (SHIFT + 1);
        if (ay > tg67x) {
          isMax = m > (mag[mi - mw] as number) && m >= (mag[mi + mw] as number);
        } else {
          const s = xs < 0 !== ys < 0 ? -1 : 1;
          isMax = m > (mag[mi - mw - s] as number) && m > (mag[mi + mw + s] as number);
        }
      }
      if (!isMax) continue;
      if (m > high) {
        map[mi] = 2;
        stack.push(mi);
      } else {
        map[mi] = 0;
      }
    }
  }

  // Hysteresis: weak candidates 8-connected to an edge become edges.
  const neighbours = [-mw - 1, -mw, -mw + 1, -1, 1, mw - 1, mw, mw + 1];
  for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
    for (const d of neighbours) {
      const j = i + d;
      if (map[j] === 0) {
        map[j] = 2;
        stack.push(j);
      }
    }
  }

  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) out[y * w + x] = map[(y + 1) * mw + x + 1] === 2 ? 255 : 0;
  return out;
}
