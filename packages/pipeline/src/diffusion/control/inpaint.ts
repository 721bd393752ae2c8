import sharp from "sharp";
import { z } from "zod";
import type { Rect, RgbImage } from "../../image-backend/types";
import type { RgbaImage } from "../../product/cutout";

export const inpaintOptionsSchema = z.object({
  /** 1 = the scene is drawn from pure noise (diffusers' is_strength_max); < 1 starts from the grey-filled frame noised to that depth. */
  strength: z.number().gt(0).max(1).default(1),
  /** Gaussian sigma (px) softening the product's silhouette before the mask is cut to latent cells. */
  featherPx: z.number().min(0).max(64).default(4),
});
export type InpaintOptions = z.infer<typeof inpaintOptionsSchema>;

/** What the pipeline's inpainting path reads: the frame and a per-pixel mask (1 = generate). */
export interface InpaintInput {
  image: RgbImage;
  mask: Float32Array;
  strength: number;
}

/** The placed product: its pixels at frame size with straight alpha (0 outside the product). */
export interface PlacedProduct {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/**
 * Scales the cut-out uniformly into `rect` (centred, aspect kept, as the
 * composer places it) on a transparent frame of width × height.
 */
export async function placeProduct(
  cutout: RgbaImage,
  rect: Rect,
  width: number,
  height: number,
): Promise<PlacedProduct> {
  const scale = Math.min(rect.width / cutout.width, rect.height / cutout.height);
  const w = Math.max(1, Math.round(cutout.width * scale));
  const h = Math.max(1, Math.round(cutout.height * scale));
  const left = Math.round(rect.x + (rect.width - w) / 2);
  const top = Math.round(rect.y + (rect.height - h) / 2);
  const resized = await sharp(
    Buffer.from(cutout.data.buffer, cutout.data.byteOffset, cutout.data.byteLength),
    {
      raw: { width: cutout.width, height: cutout.height, channels: 4 },
    },
  )
    .resize(w, h, { fit: "fill" })
    .raw()
    .toBuffer();
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < h; y++) {
    const fy = top + y;
    if (fy < 0 || fy >= height) continue;
    for (let x = 0; x < w; x++) {
      const fx = left + x;
      if (fx < 0 || fx >= width) continue;
      rgba.set(resized.subarray((y * w + x) * 4, (y * w + x) * 4 + 4), (fy * width + fx) * 4);
    }
  }
  return { width, height, rgba };
}

/**
 * The inpainting inputs for a placed product: the frame is the product over
 * mid-grey (0 in the VAE's [−1, 1], what diffusers' masked image holds where
 * it repaints), the mask is 1 − alpha softened by `featherPx`.
 */
export async function inpaintInput(
  placed: PlacedProduct,
  options: Partial<InpaintOptions> = {},
): Promise<InpaintInput> {
  const o = inpaintOptionsSchema.parse(options);
  const { width, height, rgba } = placed;
  const n = width * height;
  const image = new Uint8Array(n * 3);
  const alpha = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const a = (rgba[p * 4 + 3] as number) / 255;
    alpha[p] = rgba[p * 4 + 3] as number;
    for (let c = 0; c < 3; c++)
      image[p * 3 + c] = Math.round((rgba[p * 4 + c] as number) * a + 127.5 * (1 - a));
  }
  let soft: Uint8Array = alpha;
  if (o.featherPx > 0) {
    // sharp's blur needs sigma ≥ 0.3.
    const sigma = Math.max(0.3, o.featherPx);
    soft = new Uint8Array(
      await sharp(Buffer.from(alpha), { raw: { width, height, channels: 1 } })
        .blur(sigma)
        .raw()
        .toBuffer(),
    );
  }
  const mask = new Float32Array(n);
  for (let p = 0; p < n; p++) mask[p] = 1 - (soft[p] as number) / 255;
  return { image: { width, height, data: image }, mask, strength: o.strength };
}

/**
 * Puts the product back over the generated scene with its own alpha: where
 * alpha is 255 the output bytes are the product's bytes, whatever the model
 * drew there; the soft edge blends straight alpha over the scene.
 */
export function restoreProduct(scene: RgbImage, placed: PlacedProduct): RgbImage {
  if (scene.width !== placed.width || scene.height !== placed.height)
    throw new Error(
      `scene ${scene.width}×${scene.height} and product frame ${placed.width}×${placed.height} differ`,
    );
  const out = scene.data.slice();
  const n = scene.width * scene.height;
  for (let p = 0; p < n; p++) {
    const a = placed.rgba[p * 4 + 3] as number;
    if (a === 0) continue;
    for (let c = 0; c < 3; c++) {
      const fg = placed.rgba[p * 4 + c] as number;
      out[p * 3 + c] =
        a === 255 ? fg : Math.round((fg * a + (scene.data[p * 3 + c] as number) * (255 - a)) / 255);
    }
  }
  return { width: scene.width, height: scene.height, data: out };
}

/**
 * diffusers' prepare_mask_latents: the binarised mask (> 0.5) resized to the
 * latent grid by nearest neighbour (torch's interpolate default, which reads
 * pixel (⌊i·s⌋, ⌊j·s⌋)); and the masked image image·(mask < 0.5) in [−1, 1],
 * channels-first, ready for the VAE encoder.
 */
export function maskAndMaskedImage(
  input: InpaintInput,
  scale: number,
): { maskLatent: Float32Array; masked: Float32Array; full: Float32Array } {
  const { width, height, data } = input.image;
  if (input.mask.length !== width * height)
    throw new Error(`mask has ${input.mask.length} values for a ${width}×${height} image`);
  const lw = width / scale;
  const lh = height / scale;
  const maskLatent = new Float32Array(lw * lh);
  for (let y = 0; y < lh; y++)
    for (let x = 0; x < lw; x++)
      maskLatent[y * lw + x] = (input.mask[y * scale * width + x * scale] as number) > 0.5 ? 1 : 0;
  const plane = width * height;
  const masked = new Float32Array(3 * plane);
  const full = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    const keep = (input.mask[p] as number) > 0.5 ? 0 : 1;
    for (let c = 0; c < 3; c++) {
      const v = ((data[p * 3 + c] as number) / 255) * 2 - 1;
      full[c * plane + p] = v;
      masked[c * plane + p] = v * keep;
    }
  }
  return { maskLatent, masked, full };
}
