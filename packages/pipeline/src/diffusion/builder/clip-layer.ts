import type { GraphBuilder } from "./graph";
import { attention, gelu, layerNorm, linear, quickGelu } from "./layers";

/** What a CLIP encoder layer needs of its (text or vision) config. */
export interface ClipLayerConfig {
  hidden_size: number;
  num_attention_heads: number;
  intermediate_size: number;
  layer_norm_eps: number;
  hidden_act: string;
}

/**
 * One CLIPEncoderLayer (transformers' modeling_clip): pre-norm self-attention
 * and a fc1 → (quick_)gelu → fc2 MLP, each with a residual. The text and
 * vision towers share it; the text tower passes its causal mask.
 */
export function clipEncoderLayer(
  g: GraphBuilder,
  h: string,
  cfg: ClipLayerConfig,
  name: string,
  mask?: string,
): string {
  const d = cfg.hidden_size;
  const attn = attention(g, layerNorm(g, h, d, cfg.layer_norm_eps, `${name}.layer_norm1`), {
    name: `${name}.self_attn`,
    dim: d,
    heads: cfg.num_attention_heads,
    qkvBias: true,
    ...(mask ? { mask } : {}),
    names: { q: "q_proj", k: "k_proj", v: "v_proj", out: "out_proj" },
  });
  const x = g.node("Add", [h, attn]);
  let m = linear(
    g,
    layerNorm(g, x, d, cfg.layer_norm_eps, `${name}.layer_norm2`),
    d,
    cfg.intermediate_size,
    `${name}.mlp.fc1`,
  );
  m = cfg.hidden_act === "gelu" ? gelu(g, m) : quickGelu(g, m);
  return g.node("Add", [x, linear(g, m, cfg.intermediate_size, d, `${name}.mlp.fc2`)]);
}
