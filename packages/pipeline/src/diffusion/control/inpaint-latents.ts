import type * as ort from "onnxruntime-node";
import { inputSpecs, makeFeed, readFloat } from "../onnx/tensors";
import { type InpaintInput, maskAndMaskedImage } from "./inpaint";

export interface InpaintLatents {
  /** The whole frame's latents × scaling_factor (the start point when strength < 1). */
  imageLatents: Float32Array;
  /** [rows × lc latents] → [rows × (lc + 1 + lc)]: latents, mask, masked-image latents per row. */
  stack(latents: Float32Array, rows: number): Float32Array;
}

/**
 * Encodes the masked frame (and the frame itself) with vae_encoder/ and
 * returns what the 9-channel UNet reads beside its latents, as diffusers'
 * StableDiffusionInpaintPipeline prepares them.
 */
export async function encodeForInpaint(
  vaeEncoder: ort.InferenceSession,
  input: InpaintInput,
  scale: number,
  scalingFactor: number,
  width: number,
  height: number,
): Promise<InpaintLatents> {
  if (input.image.width !== width || input.image.height !== height)
    throw new Error(
      `the inpainting frame is ${input.image.width}×${input.image.height}, the generation ${width}×${height}`,
    );
  const { maskLatent, masked, full } = maskAndMaskedImage(input, scale);
  const spec = inputSpecs(vaeEncoder).get("sample");
  if (!spec) throw new Error("vae_encoder has no sample input");
  const both = new Float32Array(masked.length * 2);
  both.set(masked, 0);
  both.set(full, masked.length);
  const out = await vaeEncoder.run({ sample: makeFeed(spec, both, [2, 3, height, width]) });
  // optimum's export returns latent_dist.sample(), unscaled: scale like diffusers does.
  const latent = readFloat(out["latent_sample"], "latent_sample").map((v) => v * scalingFactor);
  const per = latent.length / 2;
  const plane = maskLatent.length;
  const lc = per / plane;
  if (!Number.isInteger(lc))
    throw new Error(`vae_encoder returned ${per} values per image for a ${plane}-cell latent grid`);
  const maskedLatents = latent.slice(0, per);
  const imageLatents = latent.slice(per);
  return {
    imageLatents,
    stack(latents: Float32Array, rows: number): Float32Array {
      if (latents.length !== rows * per)
        throw new Error(`latents have ${latents.length} values, expected ${rows}×${per}`);
      const rowLen = (2 * lc + 1) * plane;
      const out = new Float32Array(rows * rowLen);
      for (let r = 0; r < rows; r++) {
        out.set(latents.subarray(r * per, (r + 1) * per), r * rowLen);
        out.set(maskLatent, r * rowLen + per);
        out.set(maskedLatents, r * rowLen + per + plane);
      }
      return out;
    },
  };
}
