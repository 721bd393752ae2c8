import type { ClipTextConfig, VaeConfig } from "../component-configs";
import type { FluxTransformerConfig, Sd3TransformerConfig, T5EncoderConfig } from "../flow/configs";
import { t5TokenizerFiles } from "./t5-tokenizer";

/**
 * Flow-matching transformer folders in diffusers/transformers config.json
 * terms: FLUX.1 (CLIP-L pooled + T5, FluxTransformer2DModel) and SD3/SD3.5
 * (CLIP-L + CLIP-G + T5, SD3Transformer2DModel), both with a 16-channel VAE
 * without post_quant_conv.
 */
export type FlowPreset =
  | {
      kind: "flux";
      pipelineClass: "FluxPipeline";
      transformer: FluxTransformerConfig;
      /** CLIPTextModel (pooler_output feeds pooled_projections). */
      clip: ClipTextConfig;
      t5: T5EncoderConfig;
      vae: VaeConfig;
      scheduler: Record<string, unknown>;
    }
  | {
      kind: "sd3";
      pipelineClass: "StableDiffusion3Pipeline";
      transformer: Sd3TransformerConfig;
      /** CLIP-L and CLIP-G, both CLIPTextModelWithProjection. */
      clip: ClipTextConfig;
      clip2: ClipTextConfig;
      t5: T5EncoderConfig;
      vae: VaeConfig;
      scheduler: Record<string, unknown>;
    };

/** black-forest-labs/FLUX.1-schnell scheduler/scheduler_config.json. */
export const FLUX_SCHNELL_SCHEDULER = {
  _class_name: "FlowMatchEulerDiscreteScheduler",
  base_image_seq_len: 256,
  base_shift: 0.5,
  max_image_seq_len: 4096,
  max_shift: 1.15,
  num_train_timesteps: 1000,
  shift: 1.0,
  use_dynamic_shifting: false,
};

/** FLUX.1-dev: resolution-dependent shift. */
export const FLUX_DEV_SCHEDULER = {
  ...FLUX_SCHNELL_SCHEDULER,
  shift: 3.0,
  use_dynamic_shifting: true,
};

/** stabilityai/stable-diffusion-3.5-large(-turbo) scheduler_config.json. */
export const SD35_SCHEDULER = {
  _class_name: "FlowMatchEulerDiscreteScheduler",
  num_train_timesteps: 1000,
  shift: 3.0,
};

const tinyClip: ClipTextConfig = {
  architectures: ["CLIPTextModel"],
  vocab_size: 49408,
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  max_position_embeddings: 77,
  hidden_act: "quick_gelu",
  layer_norm_eps: 1e-5,
  projection_dim: 32,
};

const tinyT5 = (dModel: number): T5EncoderConfig => ({
  vocab_size: t5TokenizerFiles().vocabSize,
  d_model: dModel,
  d_kv: 16,
  d_ff: 64,
  num_layers: 2,
  num_heads: 2,
  relative_attention_num_buckets: 32,
  relative_attention_max_distance: 128,
  layer_norm_epsilon: 1e-6,
  feed_forward_proj: "gated-gelu",
});

/** 16 latent channels, ×8, no post_quant_conv; FLUX.1's scaling and shift factors. */
const tinyFlowVae: VaeConfig = {
  _class_name: "AutoencoderKL",
  latent_channels: 16,
  out_channels: 3,
  block_out_channels: [8, 8, 16, 16],
  layers_per_block: 1,
  norm_num_groups: 4,
  scaling_factor: 0.3611,
  shift_factor: 0.1159,
  use_post_quant_conv: false,
};

/** FLUX.1-schnell-shaped (no guidance embedding, T5 up to 256 tokens), 128 px native. */
export const TINY_FLUX: FlowPreset = {
  kind: "flux",
  pipelineClass: "FluxPipeline",
  transformer: {
    _class_name: "FluxTransformer2DModel",
    patch_size: 1,
    in_channels: 64,
    num_layers: 1,
    num_single_layers: 2,
    attention_head_dim: 16,
    num_attention_heads: 2,
    joint_attention_dim: 48,
    pooled_projection_dim: 32,
    guidance_embeds: false,
    axes_dims_rope: [4, 6, 6],
    sample_size: 16,
  },
  clip: tinyClip,
  t5: tinyT5(48),
  vae: tinyFlowVae,
  scheduler: FLUX_SCHNELL_SCHEDULER,
};

/** FLUX.1-dev-shaped: guidance embedding (a `guidance` input), T5 up to 512 tokens, dynamic shift. */
export const TINY_FLUX_DEV: FlowPreset = {
  ...TINY_FLUX,
  transformer: { ...TINY_FLUX.transformer, guidance_embeds: true },
  scheduler: FLUX_DEV_SCHEDULER,
};

/**
 * SD3.5-shaped: CLIP-L (32 wide, 24 projected) + CLIP-G (40, 40) so the
 * concatenated hidden states (72) are zero-padded to T5's 80 and the pooled
 * vector is 24 + 40 = 64, as 768 + 1280 → 4096 and 2048 in the real model.
 */
export const TINY_SD3: FlowPreset = {
  kind: "sd3",
  pipelineClass: "StableDiffusion3Pipeline",
  transformer: {
    _class_name: "SD3Transformer2DModel",
    sample_size: 16,
    patch_size: 2,
    in_channels: 16,
    out_channels: 16,
    num_layers: 2,
    attention_head_dim: 16,
    num_attention_heads: 2,
    joint_attention_dim: 80,
    caption_projection_dim: 32,
    pooled_projection_dim: 64,
    pos_embed_max_size: 32,
    qk_norm: "rms_norm",
    dual_attention_layers: [],
  },
  clip: { ...tinyClip, architectures: ["CLIPTextModelWithProjection"], projection_dim: 24 },
  clip2: {
    ...tinyClip,
    architectures: ["CLIPTextModelWithProjection"],
    hidden_size: 40,
    num_attention_heads: 4,
    hidden_act: "gelu",
    projection_dim: 40,
  },
  t5: tinyT5(80),
  vae: { ...tinyFlowVae, scaling_factor: 1.5305, shift_factor: 0.0609 },
  scheduler: SD35_SCHEDULER,
};

/**
 * FLUX.1-schnell at full width (3072 = 24 heads × 128, T5-XXL's 4096 text
 * width, CLIP-L pooled 768, 16-channel VAE at full size) but only 1 double +
 * 2 single blocks of the real 19 + 38: a per-block latency figure without
 * writing 12 B parameters (24 GB fp16) to disk. The encoders are tiny.
 */
export const FLUX_SCHNELL_FEW_BLOCKS: FlowPreset = {
  ...TINY_FLUX,
  transformer: {
    _class_name: "FluxTransformer2DModel",
    patch_size: 1,
    in_channels: 64,
    num_layers: 1,
    num_single_layers: 2,
    attention_head_dim: 128,
    num_attention_heads: 24,
    joint_attention_dim: 4096,
    pooled_projection_dim: 768,
    guidance_embeds: false,
    axes_dims_rope: [16, 56, 56],
  },
  clip: { ...tinyClip, hidden_size: 768, num_attention_heads: 12, intermediate_size: 64 },
  t5: { ...tinyT5(4096), d_ff: 64 },
};

export const FLOW_PRESETS: Record<string, FlowPreset> = {
  "tiny-flux": TINY_FLUX,
  "tiny-flux-dev": TINY_FLUX_DEV,
  "tiny-sd3": TINY_SD3,
  "flux-schnell-few-blocks": FLUX_SCHNELL_FEW_BLOCKS,
};
