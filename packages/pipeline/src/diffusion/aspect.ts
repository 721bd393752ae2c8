import sharp from "sharp";
import type { RgbImage } from "../image-backend/types";

export interface Bucket {
  width: number;
  height: number;
}

/**
 * The generation size for a requested aspect: about the model's native
 * area (it was trained there; far off it, diffusion models duplicate
 * subjects), sides multiples of `multiple` (VAE × UNet downsampling), the
 * aspect nearest the request in log space. Sides stay within ½–2× native.
 */
export function nearestBucket(
  width: number,
  height: number,
  native: number,
  multiple: number,
): Bucket {
  if (!(width > 0 && height > 0)) throw new Error(`invalid size ${width}×${height}`);
  const target = Math.log(width / height);
  const area = native * native;
  let best: Bucket = { width: native, height: native };
  let bestScore = Math.abs(target);
  for (let w = Math.ceil(native / 2 / multiple) * multiple; w <= native * 2; w += multiple) {
    const h = Math.max(multiple, Math.round(area / w / multiple) * multiple);
    if (h < native / 2 || h > native * 2) continue;
    const score = Math.abs(Math.log(w / h) - target);
    if (score < bestScore - 1e-9) {
      best = { width: w, height: h };
      bestScore = score;
    }
  }
  return best;
}

/**
 * Scales the generated image uniformly to cover width×height and crops the
 * centre: the bucket's aspect is the nearest available, so the crop is a
 * sliver and nothing is stretched.
 */
export async function fitToSize(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const data = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width, height, { fit: "cover", position: "centre", kernel: "lanczos3" })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
