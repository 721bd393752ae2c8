import { ModelFolderError, type ModelFolder } from "../model-folder";
import type { IoInfo, OnnxSummary } from "../onnx/inspect";
import { crossAttentionLayers } from "../builder/unet";
import { CLIP_SIZE } from "./image-encoder-preprocess";
import { isInpaintingUNet } from "./folder";

const FLOATS = ["float32", "float16"];

function io(
  file: string,
  s: OnnxSummary,
  kind: "inputs" | "outputs",
  name: string,
  types: string[],
  dims: (number | null)[],
): IoInfo {
  const entry = s[kind].find((v) => v.name === name);
  const word = kind === "inputs" ? "input" : "output";
  if (!entry)
    throw new ModelFolderError(
      file,
      `has no ${word} ${name} (it has ${s[kind].map((v) => v.name).join(", ")}), so it is not the layout this folder needs.`,
    );
  if (!types.includes(entry.elemType))
    throw new ModelFolderError(
      file,
      `${word} ${name} is ${entry.elemType}, but the pipeline feeds ${types.join(" or ")}.`,
    );
  if (entry.dims.length !== dims.length)
    throw new ModelFolderError(
      file,
      `${word} ${name} has rank ${entry.dims.length}, but it must have rank ${dims.length}.`,
    );
  dims.forEach((want, axis) => {
    const got = entry.dims[axis];
    if (want !== null && typeof got === "number" && got !== want)
      throw new ModelFolderError(
        file,
        `${word} ${name} has ${got} on axis ${axis}, but ${want} is expected.`,
      );
  });
  return entry;
}

/**
 * model:check for the IP-Adapter and inpainting components: names, dtypes
 * and static shapes against what the pipeline feeds; returns the controls
 * the folder supports.
 */
export function checkControlComponents(
  folder: ModelFolder,
  unet: OnnxSummary,
  inspect: (path: string, name: string) => OnnxSummary,
): string[] {
  const controls: string[] = [];
  const cfg = folder.unet.config;
  const hasScale = unet.inputs.some((v) => v.name === "ipadapter_scale");
  if (hasScale && !folder.imageEncoder)
    throw new ModelFolderError(
      "image_encoder/model.onnx",
      "the UNet takes IP-Adapter image tokens (ipadapter_scale) but the folder has no image_encoder/ and image_proj/.",
    );
  if (folder.imageEncoder && folder.imageProj) {
    if (!hasScale)
      throw new ModelFolderError(
        "unet/model.onnx",
        "the folder has an IP-Adapter image encoder but the UNet has no ipadapter_scale input, so it was exported without the adapter's attention.",
      );
    const layers = crossAttentionLayers(cfg);
    io("unet/model.onnx", unet, "inputs", "ipadapter_scale", ["float32"], [layers]);
    const tokens = folder.imageProj.config.num_image_text_embeds;
    const maxLen = folder.textEncoder.config.max_position_embeddings;
    io("unet/model.onnx", unet, "inputs", "encoder_hidden_states", FLOATS, [
      null,
      maxLen + tokens,
      cfg.cross_attention_dim,
    ]);
    const enc = inspect(folder.imageEncoder.modelPath, "image_encoder");
    const vision = folder.imageEncoder.config;
    io("image_encoder/model.onnx", enc, "inputs", "pixel_values", FLOATS, [
      null,
      3,
      CLIP_SIZE,
      CLIP_SIZE,
    ]);
    io("image_encoder/model.onnx", enc, "outputs", "image_embeds", FLOATS, [
      null,
      vision.projection_dim,
    ]);
    if (vision.image_size !== CLIP_SIZE)
      throw new ModelFolderError(
        "image_encoder/config.json",
        `image_size is ${vision.image_size}, but the preprocessing (CLIPImageProcessor) crops ${CLIP_SIZE}.`,
      );
    const proj = inspect(folder.imageProj.modelPath, "image_proj");
    io("image_proj/model.onnx", proj, "inputs", "image_embeds", FLOATS, [
      null,
      vision.projection_dim,
    ]);
    io("image_proj/model.onnx", proj, "outputs", "image_prompt_embeds", FLOATS, [
      null,
      tokens,
      cfg.cross_attention_dim,
    ]);
    controls.push(`ip-adapter (${tokens} image tokens, ${layers} scaled layers)`);
  }
  const lc = folder.vaeDecoder.config.latent_channels;
  if (folder.vaeEncoder) {
    const s = inspect(folder.vaeEncoder.modelPath, "vae_encoder");
    io("vae_encoder/model.onnx", s, "inputs", "sample", FLOATS, [null, 3, null, null]);
    io("vae_encoder/model.onnx", s, "outputs", "latent_sample", FLOATS, [null, lc, null, null]);
  }
  if (isInpaintingUNet(cfg, lc)) {
    io("unet/model.onnx", unet, "inputs", "sample", FLOATS, [null, 2 * lc + 1, null, null]);
    controls.push("inpainting");
  }
  return controls;
}
