import { z } from "zod";
import type { ElemType, GraphBuilder } from "./graph";
import { clipEncoderLayer } from "./clip-layer";
import { layerNorm, linear } from "./layers";

/** transformers' CLIPVisionConfig keys as image_encoder/config.json holds them. */
export const clipVisionConfigSchema = z.object({
  architectures: z.array(z.string()).optional(),
  hidden_size: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  projection_dim: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  num_channels: z.number().int().positive().default(3),
  image_size: z.number().int().positive().default(224),
  patch_size: z.number().int().positive(),
  hidden_act: z.enum(["quick_gelu", "gelu"]).default("quick_gelu"),
  layer_norm_eps: z.number().positive().default(1e-5),
});
export type ClipVisionConfig = z.infer<typeof clipVisionConfigSchema>;

/** diffusers' ImageProjection (IP-Adapter's image_proj_model) as image_proj/config.json. */
export const imageProjectionConfigSchema = z.object({
  _class_name: z.literal("ImageProjection").default("ImageProjection"),
  image_embed_dim: z.number().int().positive(),
  cross_attention_dim: z.number().int().positive(),
  num_image_text_embeds: z.number().int().positive().default(4),
});
export type ImageProjectionConfig = z.infer<typeof imageProjectionConfigSchema>;

/**
 * CLIPVisionModelWithProjection: patch convolution (no bias), class token,
 * position embeddings, pre-LayerNorm, encoder layers, post-LayerNorm of the
 * class token, visual projection (no bias). Input pixel_values (B, 3, S, S),
 * outputs image_embeds (B, projection_dim) and last_hidden_state.
 */
export function buildClipVision(g: GraphBuilder, cfg: ClipVisionConfig, ioType: ElemType): void {
  const d = cfg.hidden_size;
  const grid = cfg.image_size / cfg.patch_size;
  if (!Number.isInteger(grid)) throw new Error("image_size must be a multiple of patch_size");
  const tokens = grid * grid + 1;
  const px = g.input("pixel_values", ioType, [
    "batch_size",
    cfg.num_channels,
    cfg.image_size,
    cfg.image_size,
  ]);
  const f32 = ioType === "float32" ? px : g.node("Cast", [px], { to: 1 });
  const cast = (v: string): string => (ioType === "float32" ? v : g.node("Cast", [v], { to: 10 }));
  const patchW = g.param(
    "vision_model.embeddings.patch_embedding.weight",
    [d, cfg.num_channels, cfg.patch_size, cfg.patch_size],
    { kind: "normal", std: 0.02 },
  );
  const patches = g.node("Conv", [f32, patchW], {
    kernel_shape: [cfg.patch_size, cfg.patch_size],
    strides: [cfg.patch_size, cfg.patch_size],
  });
  // (B, d, g, g) → (B, g², d)
  const seq = g.node("Transpose", [g.node("Reshape", [patches, g.constInt64([0, d, -1])])], {
    perm: [0, 2, 1],
  });
  const cls = g.param("vision_model.embeddings.class_embedding", [d], {
    kind: "normal",
    std: 0.02,
  });
  const batch = g.node("Gather", [g.node("Shape", [px]), g.constInt64([0])], { axis: 0 });
  const clsRows = g.node("Expand", [
    g.node("Reshape", [cls, g.constInt64([1, 1, d])]),
    g.node("Concat", [batch, g.constInt64([1, d])], { axis: 0 }),
  ]);
  const pos = g.param("vision_model.embeddings.position_embedding.weight", [tokens, d], {
    kind: "normal",
    std: 0.02,
  });
  let h = g.node("Add", [g.node("Concat", [clsRows, seq], { axis: 1 }), pos]);
  h = layerNorm(g, h, d, cfg.layer_norm_eps, "vision_model.pre_layrnorm");
  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    const name = `vision_model.encoder.layers.${i}`;
    h = clipEncoderLayer(g, h, cfg, name);
  }
  const clsOut = g.node("Gather", [h, g.constInt64([0], [])], { axis: 1 });
  const pooled = layerNorm(g, clsOut, d, cfg.layer_norm_eps, "vision_model.post_layernorm");
  const embeds = linear(g, pooled, d, cfg.projection_dim, "visual_projection", false);
  g.output("image_embeds", ioType, ["batch_size", cfg.projection_dim], cast(embeds));
  g.output("last_hidden_state", ioType, ["batch_size", tokens, d], cast(h));
}

/**
 * IP-Adapter's ImageProjection: Linear(image_embed_dim → n·cross_attention_dim),
 * reshape to n tokens, LayerNorm. Input image_embeds (B, E), output
 * image_prompt_embeds (B, n, D).
 */
export function buildImageProjection(
  g: GraphBuilder,
  cfg: ImageProjectionConfig,
  ioType: ElemType,
): void {
  const n = cfg.num_image_text_embeds;
  const d = cfg.cross_attention_dim;
  const x = g.input("image_embeds", ioType, ["batch_size", cfg.image_embed_dim]);
  const f32 = ioType === "float32" ? x : g.node("Cast", [x], { to: 1 });
  const flat = linear(g, f32, cfg.image_embed_dim, n * d, "image_embeds");
  const tokens = g.node("Reshape", [flat, g.constInt64([-1, n, d])]);
  const out = layerNorm(g, tokens, d, 1e-5, "norm");
  g.output(
    "image_prompt_embeds",
    ioType,
    ["batch_size", n, d],
    ioType === "float32" ? out : g.node("Cast", [out], { to: 10 }),
  );
}
