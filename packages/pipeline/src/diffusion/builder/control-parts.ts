import type { GraphBuilder } from "./graph";
import { buildClipVision, buildImageProjection, type ImageProjectionConfig } from "./image-encoder";
import type { ModelPreset } from "./presets";
import { buildVaeEncoder } from "./vae-encoder";

type WriteComponent = (
  sub: string,
  seedOffset: number,
  config: Record<string, unknown>,
  build: (g: GraphBuilder) => void,
) => number;

/**
 * The folders the IP-Adapter and inpainting layouts add beside the base
 * pipeline: image_encoder/ + image_proj/, and vae_encoder/.
 */
export function writeControlParts(
  _dir: string,
  preset: ModelPreset,
  options: { ipAdapter?: boolean; inpainting?: boolean; dtype?: "float32" | "float16" },
  write: WriteComponent,
): { parameters: Record<string, number>; modelIndex: Record<string, [string, string]> } {
  const dtype = options.dtype ?? "float32";
  const parameters: Record<string, number> = {};
  const modelIndex: Record<string, [string, string]> = {};
  if (options.ipAdapter) {
    const vision = preset.imageEncoder;
    if (!vision) throw new Error("this preset has no image encoder for IP-Adapter");
    parameters["image_encoder"] = write("image_encoder", 6, { ...vision }, (g) =>
      buildClipVision(g, vision, dtype),
    );
    const proj: ImageProjectionConfig = {
      _class_name: "ImageProjection",
      image_embed_dim: vision.projection_dim,
      cross_attention_dim: preset.unet.cross_attention_dim,
      num_image_text_embeds: 4,
    };
    parameters["image_proj"] = write("image_proj", 7, { ...proj }, (g) =>
      buildImageProjection(g, proj, dtype),
    );
    modelIndex["image_encoder"] = ["transformers", "CLIPVisionModelWithProjection"];
  }
  if (options.inpainting) {
    parameters["vae_encoder"] = write("vae_encoder", 8, { ...preset.vae }, (g) =>
      buildVaeEncoder(g, preset.vae, dtype),
    );
  }
  return { parameters, modelIndex };
}
