import type { ClipTextConfig, UNetConfig, VaeConfig } from "../component-configs";
import type { ClipVisionConfig } from "./image-encoder";

/**
 * Architecture presets in diffusers/transformers config.json terms. The
 * full ones copy the published configs of stabilityai/sd-turbo (= SD 2.1
 * base architecture) and SD 1.5; the tiny ones keep every block type but
 * shrink widths so CI runs a whole pipeline in seconds.
 */
export interface ModelPreset {
  unet: UNetConfig;
  textEncoder: ClipTextConfig;
  /** SDXL only: the CLIPTextModelWithProjection. */
  textEncoder2?: ClipTextConfig;
  vae: VaeConfig;
  scheduler: Record<string, unknown>;
  /** tokenizer_config.json pad token: "!" for SD 2.x/Turbo (OpenCLIP), <|endoftext|> for SD 1.5 and SDXL's first. */
  padToken: string;
  padToken2?: string;
  pipelineClass: string;
  /** The IP-Adapter image encoder written with --ip-adapter (CLIP ViT-H/14 for full presets). */
  imageEncoder?: ClipVisionConfig;
}

const sdTurboScheduler = {
  _class_name: "EulerDiscreteScheduler",
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  beta_start: 0.00085,
  clip_sample: false,
  interpolation_type: "linear",
  num_train_timesteps: 1000,
  prediction_type: "epsilon",
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  timestep_spacing: "trailing",
  trained_betas: null,
  use_karras_sigmas: false,
};

const sd2Blocks = {
  down_block_types: [
    "CrossAttnDownBlock2D",
    "CrossAttnDownBlock2D",
    "CrossAttnDownBlock2D",
    "DownBlock2D",
  ],
  up_block_types: ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
};

const sdVae: VaeConfig = {
  _class_name: "AutoencoderKL",
  latent_channels: 4,
  out_channels: 3,
  block_out_channels: [128, 256, 512, 512],
  layers_per_block: 2,
  norm_num_groups: 32,
  scaling_factor: 0.18215,
};

const openClipH: ClipTextConfig = {
  architectures: ["CLIPTextModel"],
  vocab_size: 49408,
  hidden_size: 1024,
  intermediate_size: 4096,
  num_hidden_layers: 23,
  num_attention_heads: 16,
  max_position_embeddings: 77,
  hidden_act: "gelu",
  layer_norm_eps: 1e-5,
  projection_dim: 512,
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
};

export const SD_TURBO: ModelPreset = {
  unet: {
    sample_size: 64,
    in_channels: 4,
    out_channels: 4,
    block_out_channels: [320, 640, 1280, 1280],
    layers_per_block: 2,
    ...sd2Blocks,
    attention_head_dim: [5, 10, 20, 20],
    cross_attention_dim: 1024,
    transformer_layers_per_block: 1,
    use_linear_projection: true,
    norm_num_groups: 32,
    norm_eps: 1e-5,
  },
  textEncoder: openClipH,
  vae: sdVae,
  scheduler: sdTurboScheduler,
  padToken: "!",
  pipelineClass: "StableDiffusionPipeline",
};

/** SD 2.1 base: same networks as SD-Turbo, a 50-step-era scheduler. */
export const SD21: ModelPreset = {
  ...SD_TURBO,
  scheduler: {
    _class_name: "DDIMScheduler",
    beta_end: 0.012,
    beta_schedule: "scaled_linear",
    beta_start: 0.00085,
    clip_sample: false,
    num_train_timesteps: 1000,
    prediction_type: "epsilon",
    set_alpha_to_one: false,
    steps_offset: 1,
    timestep_spacing: "leading",
  },
};

/** stabilityai/stable-diffusion-2-1 (768-v): same networks at 96² latents, v-prediction. */
export const SD21_V: ModelPreset = {
  ...SD21,
  unet: { ...SD_TURBO.unet, sample_size: 96 },
  scheduler: { ...SD21.scheduler, prediction_type: "v_prediction" },
};

const tinyText: ClipTextConfig = {
  architectures: ["CLIPTextModel"],
  vocab_size: 49408,
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  max_position_embeddings: 77,
  hidden_act: "gelu",
  layer_norm_eps: 1e-5,
  projection_dim: 32,
};

const tinyUNet: UNetConfig = {
  sample_size: 16,
  in_channels: 4,
  out_channels: 4,
  block_out_channels: [32, 64],
  layers_per_block: 1,
  down_block_types: ["CrossAttnDownBlock2D", "DownBlock2D"],
  up_block_types: ["UpBlock2D", "CrossAttnUpBlock2D"],
  attention_head_dim: [2, 4],
  cross_attention_dim: 32,
  transformer_layers_per_block: 1,
  use_linear_projection: true,
  norm_num_groups: 8,
  norm_eps: 1e-5,
};

const tinyVae: VaeConfig = {
  _class_name: "AutoencoderKL",
  latent_channels: 4,
  out_channels: 3,
  block_out_channels: [8, 8, 16, 16],
  layers_per_block: 1,
  norm_num_groups: 4,
  scaling_factor: 0.18215,
};

/** Tiny SD-Turbo-shaped model: 128 px native (16² latents), 8× VAE. */
export const TINY_SD: ModelPreset = {
  unet: tinyUNet,
  textEncoder: tinyText,
  vae: tinyVae,
  scheduler: sdTurboScheduler,
  padToken: "!",
  pipelineClass: "StableDiffusionPipeline",
};

/** Tiny SDXL-shaped model: two text encoders, text_time conditioning. */
export const TINY_SDXL: ModelPreset = {
  unet: {
    ...tinyUNet,
    down_block_types: ["DownBlock2D", "CrossAttnDownBlock2D"],
    up_block_types: ["CrossAttnUpBlock2D", "UpBlock2D"],
    cross_attention_dim: 64,
    transformer_layers_per_block: [1, 2],
    addition_embed_type: "text_time",
    addition_time_embed_dim: 8,
    projection_class_embeddings_input_dim: 6 * 8 + 32,
  },
  textEncoder: { ...tinyText, hidden_act: "quick_gelu" },
  textEncoder2: { ...tinyText, architectures: ["CLIPTextModelWithProjection"], projection_dim: 32 },
  vae: { ...tinyVae, scaling_factor: 0.13025 },
  // stabilityai/sdxl-turbo ships the ancestral Euler with trailing spacing.
  scheduler: { ...sdTurboScheduler, _class_name: "EulerAncestralDiscreteScheduler" },
  padToken: "<|endoftext|>",
  padToken2: "!",
  pipelineClass: "StableDiffusionXLPipeline",
};

/**
 * SDXL-Turbo (= SDXL base architecture): stabilityai/sdxl-turbo's published
 * configs, CLIP ViT-L and OpenCLIP bigG text encoders, 512² native.
 */
export const SDXL_TURBO: ModelPreset = {
  unet: {
    sample_size: 64,
    in_channels: 4,
    out_channels: 4,
    block_out_channels: [320, 640, 1280],
    layers_per_block: 2,
    down_block_types: ["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
    up_block_types: ["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
    attention_head_dim: [5, 10, 20],
    cross_attention_dim: 2048,
    transformer_layers_per_block: [1, 2, 10],
    use_linear_projection: true,
    norm_num_groups: 32,
    norm_eps: 1e-5,
    addition_embed_type: "text_time",
    addition_time_embed_dim: 256,
    projection_class_embeddings_input_dim: 2816,
  },
  textEncoder: {
    ...openClipH,
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    hidden_act: "quick_gelu",
    projection_dim: 768,
  },
  textEncoder2: {
    ...openClipH,
    architectures: ["CLIPTextModelWithProjection"],
    hidden_size: 1280,
    intermediate_size: 5120,
    num_hidden_layers: 32,
    num_attention_heads: 20,
    projection_dim: 1280,
  },
  vae: { ...sdVae, scaling_factor: 0.13025 },
  scheduler: { ...sdTurboScheduler, _class_name: "EulerAncestralDiscreteScheduler" },
  padToken: "<|endoftext|>",
  padToken2: "!",
  pipelineClass: "StableDiffusionXLPipeline",
};

/** laion CLIP-ViT-H-14 vision tower (h94/IP-Adapter models/image_encoder): 632,076,800 parameters with projection. */
export const CLIP_VIT_H_14: ClipVisionConfig = {
  architectures: ["CLIPVisionModelWithProjection"],
  hidden_size: 1280,
  intermediate_size: 5120,
  projection_dim: 1024,
  num_hidden_layers: 32,
  num_attention_heads: 16,
  num_channels: 3,
  image_size: 224,
  patch_size: 14,
  hidden_act: "gelu",
  layer_norm_eps: 1e-5,
};

const tinyVision: ClipVisionConfig = {
  architectures: ["CLIPVisionModelWithProjection"],
  hidden_size: 32,
  intermediate_size: 64,
  projection_dim: 24,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_channels: 3,
  image_size: 224,
  patch_size: 32,
  hidden_act: "gelu",
  layer_norm_eps: 1e-5,
};

/**
 * SD 1.5 (runwayml/stable-diffusion-v1-5 configs): the base the Hyper-SD15
 * LoRAs and the 768-wide IP-Adapter/ControlNets fit. Scheduler: Hyper-SD's
 * trailing DDIM.
 */
export const SD15: ModelPreset = {
  unet: {
    sample_size: 64,
    in_channels: 4,
    out_channels: 4,
    block_out_channels: [320, 640, 1280, 1280],
    layers_per_block: 2,
    ...sd2Blocks,
    attention_head_dim: 8,
    cross_attention_dim: 768,
    transformer_layers_per_block: 1,
    use_linear_projection: false,
    norm_num_groups: 32,
    norm_eps: 1e-5,
  },
  textEncoder: {
    ...openClipH,
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    hidden_act: "quick_gelu",
    projection_dim: 768,
  },
  vae: sdVae,
  scheduler: { ...SD21.scheduler, timestep_spacing: "trailing" },
  padToken: "<|endoftext|>",
  pipelineClass: "StableDiffusionPipeline",
  imageEncoder: CLIP_VIT_H_14,
};

/** Tiny SD 1.5-shaped model for the control tests (same networks as tiny-sd, its own pad token). */
export const TINY_SD15: ModelPreset = {
  ...TINY_SD,
  padToken: "<|endoftext|>",
  imageEncoder: tinyVision,
};

export const PRESETS: Record<string, ModelPreset> = {
  "tiny-sd15": TINY_SD15,
  sd15: SD15,
  "tiny-sd": TINY_SD,
  "tiny-sdxl": TINY_SDXL,
  "sd-turbo": SD_TURBO,
  "sdxl-turbo": SDXL_TURBO,
  sd21: SD21,
  "sd21-v": SD21_V,
};
