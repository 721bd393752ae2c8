import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ZodType } from "zod";
import type { UNetConfig, VaeConfig } from "../component-configs";
import { vaeConfigSchema } from "../component-configs";
import {
  type ClipVisionConfig,
  clipVisionConfigSchema,
  type ImageProjectionConfig,
  imageProjectionConfigSchema,
} from "../builder/image-encoder";
import { ModelFolderError, type OnnxComponent } from "../folder-component";

export interface ControlComponents {
  /** IP-Adapter: CLIP vision model (pixel_values → image_embeds). */
  imageEncoder?: OnnxComponent<ClipVisionConfig>;
  /** IP-Adapter: ImageProjection (image_embeds → image_prompt_embeds). */
  imageProj?: OnnxComponent<ImageProjectionConfig>;
  /** Inpainting: AutoencoderKL encoder (sample → latent_sample). */
  vaeEncoder?: OnnxComponent<VaeConfig>;
}

type Load = <C>(sub: string, schema: ZodType<C>) => OnnxComponent<C>;

/** The optional IP-Adapter and inpainting components of a folder, read when present. */
export function loadControlComponents(dir: string, load: Load): ControlComponents {
  const out: ControlComponents = {};
  const has = (sub: string) => existsSync(join(dir, sub));
  if (has("image_encoder") || has("image_proj")) {
    if (!has("image_encoder"))
      throw new ModelFolderError(
        "image_encoder/model.onnx",
        "image_proj/ is present but the IP-Adapter image encoder is missing",
      );
    if (!has("image_proj"))
      throw new ModelFolderError(
        "image_proj/model.onnx",
        "image_encoder/ is present but the IP-Adapter projection is missing",
      );
    out.imageEncoder = load("image_encoder", clipVisionConfigSchema);
    out.imageProj = load("image_proj", imageProjectionConfigSchema);
  }
  if (has("vae_encoder")) out.vaeEncoder = load("vae_encoder", vaeConfigSchema);
  return out;
}

/** Whether a UNet reads latents + mask + masked-image latents (diffusers' 9-channel inpainting UNet). */
export function isInpaintingUNet(unet: UNetConfig, latentChannels: number): boolean {
  return unet.in_channels === 2 * latentChannels + 1;
}

/** Cross-checks the control components against the base pipeline; each refusal is one sentence naming the file. */
export function crossCheckControl(
  c: ControlComponents,
  unet: UNetConfig,
  latentChannels: number,
  vaeScale: number,
): void {
  if (c.imageEncoder && c.imageProj) {
    const enc = c.imageEncoder.config;
    const proj = c.imageProj.config;
    if (proj.image_embed_dim !== enc.projection_dim)
      throw new ModelFolderError(
        "image_proj/config.json",
        `image_embed_dim ${proj.image_embed_dim} does not match the image encoder's projection_dim ${enc.projection_dim}, so this projection belongs to another image encoder.`,
      );
    if (proj.cross_attention_dim !== unet.cross_attention_dim)
      throw new ModelFolderError(
        "image_proj/config.json",
        `cross_attention_dim ${proj.cross_attention_dim} does not match the UNet's ${unet.cross_attention_dim}: an SD 1.5 IP-Adapter (768) does not fit an SD 2.x/Turbo (1024) or SDXL (2048) UNet.`,
      );
  }
  if (unet.in_channels !== latentChannels) {
    if (!isInpaintingUNet(unet, latentChannels))
      throw new ModelFolderError(
        "unet/config.json",
        `in_channels ${unet.in_channels} is neither the VAE's ${latentChannels} latent channels nor an inpainting UNet's ${2 * latentChannels + 1}.`,
      );
    if (!c.vaeEncoder)
      throw new ModelFolderError(
        "vae_encoder/model.onnx",
        `the UNet is an inpainting UNet (${unet.in_channels} input channels) but the folder has no vae_encoder/ to encode the masked image.`,
      );
  }
  if (c.vaeEncoder) {
    if (c.vaeEncoder.config.latent_channels !== latentChannels)
      throw new ModelFolderError(
        "vae_encoder/config.json",
        `latent_channels ${c.vaeEncoder.config.latent_channels} does not match the decoder's ${latentChannels}.`,
      );
    if (2 ** (c.vaeEncoder.config.block_out_channels.length - 1) !== vaeScale)
      throw new ModelFolderError(
        "vae_encoder/config.json",
        "its downsampling factor differs from vae_decoder's upsampling factor.",
      );
  }
}
