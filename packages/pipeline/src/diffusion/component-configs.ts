import { z } from "zod";

/*
 * The config.json keys diffusers/transformers write beside each exported
 * component (optimum copies them into unet/, vae_decoder/, text_encoder/).
 * The model builder reads the same schemas as its architecture config, so a
 * built folder and a real export describe themselves identically.
 */

const intOrList = z.union([z.number().int().positive(), z.array(z.number().int().positive())]);

export const unetConfigSchema = z.object({
  sample_size: z.number().int().positive().default(64),
  in_channels: z.number().int().positive().default(4),
  out_channels: z.number().int().positive().default(4),
  block_out_channels: z.array(z.number().int().positive()).min(1),
  layers_per_block: z.number().int().positive().default(2),
  down_block_types: z.array(z.string()).min(1),
  up_block_types: z.array(z.string()).min(1),
  attention_head_dim: intOrList.default(8),
  num_attention_heads: intOrList.nullish(),
  cross_attention_dim: z.number().int().positive(),
  transformer_layers_per_block: intOrList.default(1),
  use_linear_projection: z.boolean().default(false),
  norm_num_groups: z.number().int().positive().default(32),
  norm_eps: z.number().positive().default(1e-5),
  addition_embed_type: z.string().nullish(),
  addition_time_embed_dim: z.number().int().positive().nullish(),
  projection_class_embeddings_input_dim: z.number().int().positive().nullish(),
});
export type UNetConfig = z.infer<typeof unetConfigSchema>;

export const clipTextConfigSchema = z.object({
  architectures: z.array(z.string()).optional(),
  vocab_size: z.number().int().positive().default(49408),
  hidden_size: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  max_position_embeddings: z.number().int().positive().default(77),
  hidden_act: z.enum(["quick_gelu", "gelu"]).default("quick_gelu"),
  layer_norm_eps: z.number().positive().default(1e-5),
  projection_dim: z.number().int().positive().nullish(),
  pad_token_id: z.number().int().nullish(),
  bos_token_id: z.number().int().nullish(),
  eos_token_id: z.number().int().nullish(),
});
export type ClipTextConfig = z.infer<typeof clipTextConfigSchema>;

export const vaeConfigSchema = z.object({
  _class_name: z.string().optional(),
  latent_channels: z.number().int().positive().default(4),
  out_channels: z.number().int().positive().default(3),
  block_out_channels: z.array(z.number().int().positive()).min(1),
  layers_per_block: z.number().int().positive().default(2),
  norm_num_groups: z.number().int().positive().default(32),
  scaling_factor: z.number().positive().default(0.18215),
  shift_factor: z.number().nullish(),
  /** FLUX.1 and SD3 VAEs have no post_quant_conv (false in their config.json). */
  use_post_quant_conv: z.boolean().nullish(),
  // AutoencoderTiny (TAESD)
  decoder_block_out_channels: z.array(z.number().int().positive()).optional(),
  num_decoder_blocks: z.array(z.number().int().positive()).optional(),
  upsampling_scaling_factor: z.number().int().positive().optional(),
});
export type VaeConfig = z.infer<typeof vaeConfigSchema>;

export function perBlock(value: number | number[], count: number, what: string): number[] {
  if (typeof value === "number") return Array.from({ length: count }, () => value);
  if (value.length !== count)
    throw new Error(`${what} has ${value.length} entries for ${count} blocks`);
  return value;
}

/** How many pixels one latent covers per side: one ×2 upsampler per decoder block but the last. */
export function vaeScaleFactor(vae: VaeConfig): number {
  if (vae._class_name === "AutoencoderTiny") {
    return (
      (vae.upsampling_scaling_factor ?? 2) **
      ((vae.decoder_block_out_channels ?? [64, 64, 64, 64]).length - 1)
    );
  }
  return 2 ** (vae.block_out_channels.length - 1);
}
