import type { PosterLayout, ReadabilityCheck } from "@hyperposter/domain";
import sharp from "sharp";
import { underlayAlpha } from "../compose/backdrop";
import type { RgbImage } from "../image-backend/types";
import { textElements } from "./contrast";

/** PosterLayout (Hsu et al., CVPR 2023) evaluates on canvases of this size. */
export const REA_WIDTH = 513;
export const REA_HEIGHT = 750;

/**
 * Mean gradient magnitude of luminance (0–1) above which a background is too
 * busy to set text on without an underlay. Faint grain on a smooth gradient
 * measures ~0.004; soft bokeh ~0.01; a photo's texture 0.03+.
 */
export const GRADIENT_THRESHOLD = 0.025;

/**
 * Readability of the background under the text, on the background layer
 * alone. `rea` follows PosterLayout: resize to 513×750, grey (BT.601, as
 * OpenCV), Sobel magnitude divided by its maximum, mean over text-box pixels
 * not covered by an underlay. `gradient` is the same mean without the max
 * normalisation (luminance in 0–1, Sobel divided by 4 so a hard 0→1 edge
 * reads 1): what the gate uses, since normalising makes faint grain score
 * like a photo.
 */
export async function measureReadability(
  layout: PosterLayout,
  background: RgbImage,
): Promise<ReadabilityCheck> {
  const grey = await sharp(
    Buffer.from(background.data.buffer, background.data.byteOffset, background.data.byteLength),
    {
      raw: { width: background.width, height: background.height, channels: 3 },
    },
  )
    .resize(REA_WIDTH, REA_HEIGHT, { fit: "fill", kernel: "linear" })
    .raw()
    .toBuffer();
  const W = REA_WIDTH;
  const H = REA_HEIGHT;
  const lum = new Float32Array(W * H);
  for (let i = 0, j = 0; i < lum.length; i++, j += 3) {
    lum[i] =
      (0.299 * (grey[j] ?? 0) + 0.587 * (grey[j + 1] ?? 0) + 0.114 * (grey[j + 2] ?? 0)) / 255;
  }
  // Sobel on the interior (the one-pixel border stays 0, as with a valid convolution).
  const mag = new Float32Array(W * H);
  let max = 0;
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1, i = y * W + 1; x < W - 1; x++, i++) {
      const tl = lum[i - W - 1] as number;
      const t = lum[i - W] as number;
      const tr = lum[i - W + 1] as number;
      const l = lum[i - 1] as number;
      const r = lum[i + 1] as number;
      const bl = lum[i + W - 1] as number;
      const b = lum[i + W] as number;
      const br = lum[i + W + 1] as number;
      const gx = tr + 2 * r + br - tl - 2 * l - bl;
      const gy = bl + 2 * b + br - tl - 2 * t - tr;
      const m = Math.sqrt(gx * gx + gy * gy);
      mag[i] = m;
      if (m > max) max = m;
    }
  }
  const sx = W / layout.width;
  const sy = H / layout.height;
  const underlays = layout.elements.filter((e) => e.kind === "underlay");
  const covered = (px: number, py: number) =>
    underlays.some((u) => {
      const b = u.box;
      return (
        px >= b.x &&
        px < b.x + b.width &&
        py >= b.y &&
        py < b.y + b.height &&
        underlayAlpha(u, py) >= 0.5
      );
    });
  const seen = new Uint8Array(W * H);
  let sum = 0;
  let n = 0;
  for (const e of textElements(layout)) {
    const b = e.kind === "cta" ? undefined : e.box;
    if (!b) continue; // The CTA sits on its own button: the image under it is not read.
    for (let y = Math.floor(b.y * sy); y < Math.ceil((b.y + b.height) * sy) && y < H; y++) {
      for (let x = Math.floor(b.x * sx); x < Math.ceil((b.x + b.width) * sx) && x < W; x++) {
        if (x < 0 || y < 0 || seen[y * W + x]) continue;
        seen[y * W + x] = 1;
        if (covered((x + 0.5) / sx, (y + 0.5) / sy)) continue;
        sum += mag[y * W + x] ?? 0;
        n++;
      }
    }
  }
  const mean = n ? sum / n : 0;
  const rea = max > 0 ? mean / max : 0;
  const gradient = mean / 4;
  return {
    rea: Math.round(rea * 10000) / 10000,
    gradient: Math.round(gradient * 10000) / 10000,
    threshold: GRADIENT_THRESHOLD,
    passed: gradient <= GRADIENT_THRESHOLD,
  };
}
