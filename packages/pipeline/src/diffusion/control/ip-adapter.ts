import type * as ort from "onnxruntime-node";
import { z } from "zod";
import type { RgbImage } from "../../image-backend/types";
import { inputSpecs, makeFeed, readFloat } from "../onnx/tensors";
import { CLIP_SIZE, clipPixelValues } from "./image-encoder-preprocess";

/** A brand preset's reference image with its style strength (0 = ignored, 1 = full adapter). */
export interface StyleReference {
  image: RgbImage;
  strength: number;
}

export const styleStrengthSchema = z.number().min(0).max(1);

/** The image tokens one generation appends to the text tokens. */
export interface ImageTokens {
  /** (n, dim) tokens for the conditioned rows. */
  cond: Float32Array;
  /** (n, dim) tokens for the unconditioned (negative) rows: the projection of zero embeddings. */
  uncond: Float32Array;
  count: number;
  dim: number;
  /** The adapter scale fed to every cross-attention layer. */
  scale: number;
}

export interface IpAdapterSessions {
  imageEncoder: ort.InferenceSession;
  imageProj: ort.InferenceSession;
}

/**
 * Several references share the UNet's 4 image tokens: their CLIP image
 * embeddings are averaged weighted by strength (as ComfyUI's "average"
 * combine does), and the adapter scale is the largest strength. One
 * reference at strength s is therefore exactly diffusers' single image with
 * set_ip_adapter_scale(s); all strengths 0 give scale 0, which leaves the
 * UNet's output exactly as without the adapter (the image attention is
 * multiplied by 0 before it is added).
 */
export async function imageTokens(
  sessions: IpAdapterSessions,
  references: readonly StyleReference[],
): Promise<ImageTokens> {
  for (const r of references) styleStrengthSchema.parse(r.strength);
  const active = references.filter((r) => r.strength > 0);
  const encSpec = inputSpecs(sessions.imageEncoder).get("pixel_values");
  const projSpec = inputSpecs(sessions.imageProj).get("image_embeds");
  if (!encSpec) throw new Error("image_encoder has no pixel_values input");
  if (!projSpec) throw new Error("image_proj has no image_embeds input");
  const embedDim = Number(projSpec.shape[1]);
  if (!Number.isInteger(embedDim) || embedDim <= 0)
    throw new Error("image_proj's image_embeds input has no static width");

  const combined = new Float32Array(embedDim);
  let scale = 0;
  if (active.length > 0) {
    const plane = 3 * CLIP_SIZE * CLIP_SIZE;
    const pixels = new Float32Array(active.length * plane);
    active.forEach((r, i) => pixels.set(clipPixelValues(r.image), i * plane));
    const out = await sessions.imageEncoder.run({
      pixel_values: makeFeed(encSpec, pixels, [active.length, 3, CLIP_SIZE, CLIP_SIZE]),
    });
    const embeds = readFloat(out["image_embeds"], "image_embeds");
    if (embeds.length !== active.length * embedDim)
      throw new Error(
        `image_encoder returned ${embeds.length / active.length} values per image, image_proj expects ${embedDim}`,
      );
    const total = active.reduce((s, r) => s + r.strength, 0);
    active.forEach((r, i) => {
      const w = r.strength / total;
      for (let k = 0; k < embedDim; k++)
        combined[k] = (combined[k] as number) + w * (embeds[i * embedDim + k] as number);
    });
    scale = Math.max(...active.map((r) => r.strength));
  }
  // Row 0: the references; row 1: zeros (diffusers' negative image embeds).
  const both = new Float32Array(2 * embedDim);
  both.set(combined, 0);
  const projected = await sessions.imageProj.run({
    image_embeds: makeFeed(projSpec, both, [2, embedDim]),
  });
  const tokens = readFloat(projected["image_prompt_embeds"], "image_prompt_embeds");
  const meta = sessions.imageProj.outputMetadata.find((m) => m.name === "image_prompt_embeds");
  const shape = meta?.isTensor ? meta.shape : [];
  const dim = Number(shape[2]);
  const count = tokens.length / 2 / dim;
  if (!Number.isInteger(count) || count <= 0)
    throw new Error(`image_proj returned ${tokens.length} values, not 2 × n × ${dim}`);
  const half = tokens.length / 2;
  return {
    cond: active.length > 0 ? tokens.slice(0, half) : tokens.slice(half),
    uncond: tokens.slice(half),
    count,
    dim,
    scale,
  };
}

/**
 * Appends the image tokens to each row of (rows, seqLen, dim) text hidden
 * states: the first `uncondRows` rows (CFG's negative half) get the
 * projection of zeros, the rest the references' tokens.
 */
export function appendImageTokens(
  hidden: Float32Array,
  rows: number,
  seqLen: number,
  tokens: ImageTokens,
  uncondRows: number,
): Float32Array {
  const dim = tokens.dim;
  if (hidden.length !== rows * seqLen * dim)
    throw new Error(
      `text hidden states have ${hidden.length} values, not ${rows}×${seqLen}×${dim}`,
    );
  const outLen = seqLen + tokens.count;
  const out = new Float32Array(rows * outLen * dim);
  for (let r = 0; r < rows; r++) {
    out.set(hidden.subarray(r * seqLen * dim, (r + 1) * seqLen * dim), r * outLen * dim);
    out.set(r < uncondRows ? tokens.uncond : tokens.cond, (r * outLen + seqLen) * dim);
  }
  return out;
}
