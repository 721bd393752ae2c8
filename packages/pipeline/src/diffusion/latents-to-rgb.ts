import type { RgbImage } from "../image-backend/types";

/** VAE output [N, 3, H, W] in [-1, 1] → N interleaved 8-bit RGB images (diffusers' denormalize + to uint8). */
export function latentsToRgb(
  pixels: Float32Array,
  batch: number,
  width: number,
  height: number,
): RgbImage[] {
  const plane = width * height;
  if (pixels.length !== batch * 3 * plane) {
    throw new Error(
      `vae decoder returned ${pixels.length} values, expected ${batch}×3×${height}×${width}`,
    );
  }
  const images: RgbImage[] = [];
  for (let b = 0; b < batch; b++) {
    const data = new Uint8Array(plane * 3);
    const base = b * 3 * plane;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const v = (pixels[base + c * plane + p] as number) / 2 + 0.5;
        // NaN (a broken fp16 model) maps to 0 rather than poisoning the image.
        data[p * 3 + c] = v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0;
      }
    }
    images.push({ width, height, data });
  }
  return images;
}
