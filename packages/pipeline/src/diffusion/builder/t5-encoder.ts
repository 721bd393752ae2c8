import type { T5EncoderConfig } from "../flow/configs";
import type { ElemType, GraphBuilder } from "./graph";

/*
 * transformers' T5EncoderModel (v1.1: gated-GELU FFN, untied RMS "T5
 * LayerNorm" without mean subtraction or bias, no attention scaling,
 * bucketed relative position bias computed once in layer 0 and shared by
 * all layers). Linear layers have no bias. Input input_ids [B, L], output
 * last_hidden_state [B, L, d_model], as optimum exports the T5 encoder of
 * FLUX.1 (text_encoder_2) and SD3 (text_encoder_3).
 */

function t5LayerNorm(g: GraphBuilder, x: string, dim: number, eps: number, name: string): string {
  const ms = g.node("ReduceMean", [g.node("Mul", [x, x])], { axes: [-1], keepdims: 1 });
  const inv = g.node("Reciprocal", [
    g.node("Sqrt", [g.node("Add", [ms, g.constFloat([eps], [])])]),
  ]);
  const w = g.param(`${name}.weight`, [dim], { kind: "normal", mean: 1, std: 0.02 });
  return g.node("Mul", [g.node("Mul", [x, inv]), w]);
}

function dense(g: GraphBuilder, x: string, inF: number, outF: number, name: string): string {
  const w = g.param(`${name}.weight`, [inF, outF], { kind: "normal", std: 1 / Math.sqrt(inF) });
  return g.node("MatMul", [x, w]);
}

/** gelu_new (tanh approximation), T5 v1.1's dense_act_fn. */
function geluNew(g: GraphBuilder, x: string): string {
  const cube = g.node("Mul", [g.node("Mul", [x, x]), x]);
  const inner = g.node("Mul", [
    g.node("Add", [x, g.node("Mul", [cube, g.constFloat([0.044715], [])])]),
    g.constFloat([Math.sqrt(2 / Math.PI)], []),
  ]);
  const t = g.node("Add", [g.node("Tanh", [inner]), g.constFloat([1], [])]);
  return g.node("Mul", [g.node("Mul", [x, t]), g.constFloat([0.5], [])]);
}

/**
 * T5Attention._relative_position_bucket (bidirectional) for memory − query
 * positions, in the graph so any sequence length works: half the buckets
 * per direction, exact up to max_exact, logarithmic up to max_distance.
 */
function relativeBuckets(g: GraphBuilder, len: string, cfg: T5EncoderConfig): string {
  const half = cfg.relative_attention_num_buckets / 2;
  const maxExact = half / 2;
  const positions = g.node("Range", [g.constInt64([0], []), len, g.constInt64([1], [])]);
  const query = g.node("Unsqueeze", [positions, g.constInt64([1])]);
  const memory = g.node("Unsqueeze", [positions, g.constInt64([0])]);
  const rel = g.node("Sub", [memory, query]);
  const direction = g.node("Mul", [
    g.node("Cast", [g.node("Greater", [rel, g.constInt64([0], [])])], { to: 7 }),
    g.constInt64([half], []),
  ]);
  const n = g.node("Abs", [rel]);
  const nf = g.node("Cast", [g.node("Max", [n, g.constInt64([1], [])])], { to: 1 });
  const logRatio = g.node("Div", [
    g.node("Log", [g.node("Div", [nf, g.constFloat([maxExact], [])])]),
    g.constFloat([Math.log(cfg.relative_attention_max_distance / maxExact)], []),
  ]);
  const large = g.node("Add", [
    g.node("Cast", [g.node("Mul", [logRatio, g.constFloat([half - maxExact], [])])], { to: 7 }),
    g.constInt64([maxExact], []),
  ]);
  const capped = g.node("Min", [large, g.constInt64([half - 1], [])]);
  const small = g.node("Less", [n, g.constInt64([maxExact], [])]);
  return g.node("Add", [direction, g.node("Where", [small, n, capped])]);
}

export function buildT5Encoder(g: GraphBuilder, cfg: T5EncoderConfig, outputType: ElemType): void {
  const d = cfg.d_model;
  const inner = cfg.num_heads * cfg.d_kv;
  const ids = g.input("input_ids", "int64", ["batch_size", "sequence_length"]);
  const table = g.param("shared.weight", [cfg.vocab_size, d], { kind: "normal", std: 1 });
  let h = g.node("Gather", [table, ids], { axis: 0 });
  const len = g.node("Squeeze", [
    g.node("Gather", [g.node("Shape", [ids]), g.constInt64([1])], { axis: 0 }),
  ]);
  const biasTable = g.param(
    "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
    [cfg.relative_attention_num_buckets, cfg.num_heads],
    { kind: "normal", std: 0.5 },
  );
  // [L, L, H] → [1, H, L, L], added to every layer's scores
  const bias = g.node("Unsqueeze", [
    g.node(
      "Transpose",
      [g.node("Gather", [biasTable, relativeBuckets(g, len, cfg)], { axis: 0 })],
      {
        perm: [2, 0, 1],
      },
    ),
    g.constInt64([0]),
  ]);
  const split = g.constInt64([0, 0, cfg.num_heads, cfg.d_kv]);
  for (let i = 0; i < cfg.num_layers; i++) {
    const name = `encoder.block.${i}.layer`;
    const n = t5LayerNorm(g, h, d, cfg.layer_norm_epsilon, `${name}.0.layer_norm`);
    const proj = (which: string, perm: number[]) =>
      g.node(
        "Transpose",
        [g.node("Reshape", [dense(g, n, d, inner, `${name}.0.SelfAttention.${which}`), split])],
        {
          perm,
        },
      );
    const q = proj("q", [0, 2, 1, 3]);
    const k = proj("k", [0, 2, 3, 1]);
    const v = proj("v", [0, 2, 1, 3]);
    const scores = g.node("Add", [g.node("MatMul", [q, k]), bias]);
    const attn = g.node("Reshape", [
      g.node("Transpose", [g.node("MatMul", [g.node("Softmax", [scores], { axis: -1 }), v])], {
        perm: [0, 2, 1, 3],
      }),
      g.constInt64([0, 0, inner]),
    ]);
    h = g.node("Add", [h, dense(g, attn, inner, d, `${name}.0.SelfAttention.o`)]);
    const m = t5LayerNorm(g, h, d, cfg.layer_norm_epsilon, `${name}.1.layer_norm`);
    const ff =
      cfg.feed_forward_proj === "gated-gelu"
        ? g.node("Mul", [
            geluNew(g, dense(g, m, d, cfg.d_ff, `${name}.1.DenseReluDense.wi_0`)),
            dense(g, m, d, cfg.d_ff, `${name}.1.DenseReluDense.wi_1`),
          ])
        : g.node("Relu", [dense(g, m, d, cfg.d_ff, `${name}.1.DenseReluDense.wi`)]);
    h = g.node("Add", [h, dense(g, ff, cfg.d_ff, d, `${name}.1.DenseReluDense.wo`)]);
  }
  const last = t5LayerNorm(g, h, d, cfg.layer_norm_epsilon, "encoder.final_layer_norm");
  const out = outputType === "float32" ? last : g.node("Cast", [last], { to: 10 });
  g.output("last_hidden_state", outputType, ["batch_size", "sequence_length", d], out);
}
