import type { LlmConfig } from "../text-encoders/llm-config";
import type { ElemType, GraphBuilder } from "./graph";
import { linear, silu } from "./layers";

/** Float32 lowest: masked scores get it, and Min (not Add) of two masks never reaches -Inf. */
const MASKED = -3.4028234663852886e38;

function rmsNorm(g: GraphBuilder, x: string, dim: number, eps: number, name: string): string {
  // Qwen2RMSNorm: x · rsqrt(mean(x²) + eps) · weight (no bias, no mean subtraction).
  const meanSq = g.node("ReduceMean", [g.node("Mul", [x, x])], { axes: [-1], keepdims: 1 });
  const inv = g.node("Reciprocal", [
    g.node("Sqrt", [g.node("Add", [meanSq, g.constFloat([eps], [])])]),
  ]);
  const w = g.param(`${name}.weight`, [dim], { kind: "normal", mean: 1, std: 0.02 });
  return g.node("Mul", [g.node("Mul", [x, inv]), w]);
}

/** transformers' rotate_half + apply_rotary_pos_emb on [B, H, L, Dh] with cos/sin [B, 1, L, Dh]. */
function rotary(g: GraphBuilder, x: string, cos: string, sin: string, headDim: number): string {
  const half = headDim / 2;
  const [x1, x2] = g.nodeMulti("Split", [x, g.constInt64([half, half])], 2, { axis: -1 }) as [
    string,
    string,
  ];
  const rotated = g.node("Concat", [g.node("Neg", [x2]), x1], { axis: -1 });
  return g.node("Add", [g.node("Mul", [x, cos]), g.node("Mul", [rotated, sin])]);
}

/**
 * transformers' Qwen2Model as optimum exports it for feature-extraction:
 * inputs input_ids, attention_mask, position_ids (int64, [batch_size,
 * sequence_length]); output last_hidden_state (after the final RMSNorm,
 * which is also hidden_states[-1], what Qwen-Image reads). Pre-norm decoder
 * layers: RMSNorm → grouped-query self-attention with q/k/v biases, rotary
 * embeddings from position_ids, causal + padding mask → RMSNorm → SwiGLU MLP.
 */
export function buildDecoderLlm(g: GraphBuilder, cfg: LlmConfig, outputType: ElemType): void {
  const d = cfg.hidden_size;
  const heads = cfg.num_attention_heads;
  const kvHeads = cfg.num_key_value_heads;
  const headDim = d / heads;
  if (!Number.isInteger(headDim) || headDim % 2 !== 0)
    throw new Error(`hidden_size ${d} must split into ${heads} heads of an even width`);
  if (heads % kvHeads !== 0)
    throw new Error(`${heads} attention heads are not a multiple of ${kvHeads} key/value heads`);
  const rep = heads / kvHeads;
  const dims = ["batch_size", "sequence_length"];
  const ids = g.input("input_ids", "int64", dims);
  const attentionMask = g.input("attention_mask", "int64", dims);
  const positionIds = g.input("position_ids", "int64", dims);

  const table = g.param("embed_tokens.weight", [cfg.vocab_size, d], { kind: "normal", std: 0.02 });
  let h = g.node("Gather", [table, ids], { axis: 0 });

  // Causal [L, L] from Range (no size limit), then Min with the padding mask on keys.
  const seqLen = g.node("Gather", [g.node("Shape", [ids]), g.constInt64([1])], { axis: 0 });
  const steps = g.node("Range", [
    g.constInt64([0], []),
    g.node("Squeeze", [seqLen]),
    g.constInt64([1], []),
  ]);
  const future = g.node("Greater", [
    g.node("Unsqueeze", [steps, g.constInt64([0])]),
    g.node("Unsqueeze", [steps, g.constInt64([1])]),
  ]);
  const causal = g.node("Where", [future, g.constFloat([MASKED], []), g.constFloat([0], [])]);
  const keep = g.node("Cast", [attentionMask], { to: 1 });
  const padding = g.node("Mul", [
    g.node("Sub", [g.constFloat([1], []), keep]),
    g.constFloat([MASKED], []),
  ]);
  const mask = g.node("Min", [
    g.node("Unsqueeze", [causal, g.constInt64([0, 1])]),
    g.node("Unsqueeze", [padding, g.constInt64([1, 2])]),
  ]);

  // Rotary tables from position_ids: θ_i = rope_theta^(−2i/Dh), emb = [f, f].
  const invFreq = new Float32Array(headDim / 2);
  for (let i = 0; i < headDim / 2; i++) invFreq[i] = cfg.rope_theta ** ((-2 * i) / headDim);
  const freqs = g.node("Mul", [
    g.node("Unsqueeze", [g.node("Cast", [positionIds], { to: 1 }), g.constInt64([2])]),
    g.constFloat(invFreq, [1, 1, headDim / 2]),
  ]);
  const emb = g.node("Unsqueeze", [
    g.node("Concat", [freqs, freqs], { axis: -1 }),
    g.constInt64([1]),
  ]);
  const cos = g.node("Cos", [emb]);
  const sin = g.node("Sin", [emb]);

  const scale = g.constFloat([1 / Math.sqrt(headDim)], []);
  const toHeads = (x: string, n: number): string =>
    g.node("Transpose", [g.node("Reshape", [x, g.constInt64([0, 0, n, headDim])])], {
      perm: [0, 2, 1, 3],
    });
  // GQA: each key/value head serves `rep` query heads (repeat_kv).
  const repeatKv = (x: string): string => {
    if (rep === 1) return toHeads(x, kvHeads);
    const split = g.node("Reshape", [x, g.constInt64([0, 0, kvHeads, 1, headDim])]);
    const wide = g.node("Expand", [split, g.constInt64([1, 1, 1, rep, 1])]);
    return toHeads(g.node("Reshape", [wide, g.constInt64([0, 0, heads * headDim])]), heads);
  };

  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    const name = `layers.${i}`;
    const x = rmsNorm(g, h, d, cfg.rms_norm_eps, `${name}.input_layernorm`);
    const kvDim = kvHeads * headDim;
    const q = rotary(
      g,
      toHeads(linear(g, x, d, d, `${name}.self_attn.q_proj`), heads),
      cos,
      sin,
      headDim,
    );
    const k = rotary(
      g,
      repeatKv(linear(g, x, d, kvDim, `${name}.self_attn.k_proj`)),
      cos,
      sin,
      headDim,
    );
    const v = repeatKv(linear(g, x, d, kvDim, `${name}.self_attn.v_proj`));
    const scores = g.node("Add", [
      g.node("Mul", [
        g.node("MatMul", [q, g.node("Transpose", [k], { perm: [0, 1, 3, 2] })]),
        scale,
      ]),
      mask,
    ]);
    const probs = g.node("Softmax", [scores], { axis: -1 });
    const merged = g.node("Reshape", [
      g.node("Transpose", [g.node("MatMul", [probs, v])], { perm: [0, 2, 1, 3] }),
      g.constInt64([0, 0, d]),
    ]);
    h = g.node("Add", [h, linear(g, merged, d, d, `${name}.self_attn.o_proj`, false)]);
    const y = rmsNorm(g, h, d, cfg.rms_norm_eps, `${name}.post_attention_layernorm`);
    const gate = silu(g, linear(g, y, d, cfg.intermediate_size, `${name}.mlp.gate_proj`, false));
    const up = linear(g, y, d, cfg.intermediate_size, `${name}.mlp.up_proj`, false);
    h = g.node("Add", [
      h,
      linear(
        g,
        g.node("Mul", [gate, up]),
        cfg.intermediate_size,
        d,
        `${name}.mlp.down_proj`,
        false,
      ),
    ]);
  }
  const last = rmsNorm(g, h, d, cfg.rms_norm_eps, "norm");
  const out = outputType === "float32" ? last : g.node("Cast", [last], { to: 10 });
  g.output("last_hidden_state", outputType, ["batch_size", "sequence_length", d], out);
}
