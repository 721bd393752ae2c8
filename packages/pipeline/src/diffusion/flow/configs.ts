import { z } from "zod";

/*
 * config.json of the flow-matching transformers and of the T5 encoder, as
 * diffusers/transformers write them (optimum copies them beside each
 * model.onnx). The model builder reads the same schemas as architectures.
 */

/** diffusers FluxTransformer2DModel (FLUX.1-schnell / -dev). */
export const fluxTransformerConfigSchema = z.object({
  _class_name: z.literal("FluxTransformer2DModel").default("FluxTransformer2DModel"),
  patch_size: z.literal(1).default(1),
  in_channels: z.number().int().positive().default(64),
  out_channels: z.number().int().positive().nullish(),
  num_layers: z.number().int().nonnegative().default(19),
  num_single_layers: z.number().int().nonnegative().default(38),
  attention_head_dim: z.number().int().positive().default(128),
  num_attention_heads: z.number().int().positive().default(24),
  joint_attention_dim: z.number().int().positive().default(4096),
  pooled_projection_dim: z.number().int().positive().default(768),
  guidance_embeds: z.boolean().default(false),
  axes_dims_rope: z.array(z.number().int().positive()).length(3).default([16, 56, 56]),
  /**
   * Not a FluxTransformer2DModel key (real configs lack it; FluxPipeline's
   * default_sample_size 128 = 1024 px applies): the tiny built folders set it
   * so their native size stays small.
   */
  sample_size: z.number().int().positive().nullish(),
});
export type FluxTransformerConfig = z.infer<typeof fluxTransformerConfigSchema>;

/** diffusers SD3Transformer2DModel (SD3 Medium, SD3.5 Large / Large-Turbo / Medium). */
export const sd3TransformerConfigSchema = z.object({
  _class_name: z.literal("SD3Transformer2DModel").default("SD3Transformer2DModel"),
  sample_size: z.number().int().positive().default(128),
  patch_size: z.number().int().positive().default(2),
  in_channels: z.number().int().positive().default(16),
  out_channels: z.number().int().positive().default(16),
  num_layers: z.number().int().positive().default(18),
  attention_head_dim: z.number().int().positive().default(64),
  num_attention_heads: z.number().int().positive().default(18),
  joint_attention_dim: z.number().int().positive().default(4096),
  caption_projection_dim: z.number().int().positive().default(1152),
  pooled_projection_dim: z.number().int().positive().default(2048),
  pos_embed_max_size: z.number().int().positive().default(96),
  qk_norm: z.enum(["rms_norm"]).nullish(),
  dual_attention_layers: z.array(z.number().int().nonnegative()).default([]),
});
export type Sd3TransformerConfig = z.infer<typeof sd3TransformerConfigSchema>;

/** transformers T5EncoderModel (google/t5-v1_1-xxl as shipped in FLUX.1 and SD3 folders). */
export const t5EncoderConfigSchema = z.object({
  vocab_size: z.number().int().positive().default(32128),
  d_model: z.number().int().positive().default(4096),
  d_kv: z.number().int().positive().default(64),
  d_ff: z.number().int().positive().default(10240),
  num_layers: z.number().int().positive().default(24),
  num_heads: z.number().int().positive().default(64),
  relative_attention_num_buckets: z.number().int().positive().default(32),
  relative_attention_max_distance: z.number().int().positive().default(128),
  layer_norm_epsilon: z.number().positive().default(1e-6),
  feed_forward_proj: z.enum(["gated-gelu", "relu"]).default("gated-gelu"),
});
export type T5EncoderConfig = z.infer<typeof t5EncoderConfigSchema>;
