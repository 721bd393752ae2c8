import type { FluxTransformerConfig, Sd3TransformerConfig } from "../flow/configs";
import type { ElemType, GraphBuilder } from "./graph";
import { linear, silu, sinusoidalEmbedding } from "./layers";

/*
 * The MMDiT transformers of FLUX.1 (diffusers FluxTransformer2DModel) and
 * SD3/SD3.5 (SD3Transformer2DModel), written as torch.onnx exports them:
 * text and image tokens attend jointly, every block is modulated by adaLN
 * (shift/scale/gate from SiLU(temb)), temb = timestep embedding (+ guidance
 * embedding) + projected pooled text embedding. Parameter names follow the
 * diffusers state dict. Input/output names are optimum's.
 */

const EPS = 1e-6;
const FLOAT = 1;
const FLOAT16 = 10;

function ones(g: GraphBuilder, n: number): string {
  return g.constFloat(new Float32Array(n).fill(1), [n]);
}

/** LayerNorm without affine parameters (elementwise_affine=False). */
function plainLayerNorm(g: GraphBuilder, x: string, dim: number): string {
  return g.node(
    "LayerNormalization",
    [x, ones(g, dim), g.constFloat(new Float32Array(dim), [dim])],
    {
      axis: -1,
      epsilon: EPS,
    },
  );
}

/** diffusers RMSNorm over the last axis (the per-head q/k norm). */
function rmsNorm(g: GraphBuilder, x: string, dim: number, name: string): string {
  const ms = g.node("ReduceMean", [g.node("Mul", [x, x])], { axes: [-1], keepdims: 1 });
  const inv = g.node("Reciprocal", [
    g.node("Sqrt", [g.node("Add", [ms, g.constFloat([EPS], [])])]),
  ]);
  const w = g.param(`${name}.weight`, [dim], { kind: "normal", mean: 1, std: 0.02 });
  return g.node("Mul", [g.node("Mul", [x, inv]), w]);
}

/** GELU, tanh approximation (activation_fn "gelu-approximate"). */
function geluTanh(g: GraphBuilder, x: string): string {
  const cube = g.node("Mul", [g.node("Mul", [x, x]), x]);
  const inner = g.node("Mul", [
    g.node("Add", [x, g.node("Mul", [cube, g.constFloat([0.044715], [])])]),
    g.constFloat([Math.sqrt(2 / Math.PI)], []),
  ]);
  const t = g.node("Add", [g.node("Tanh", [inner]), g.constFloat([1], [])]);
  return g.node("Mul", [g.node("Mul", [x, t]), g.constFloat([0.5], [])]);
}

function feedForward(g: GraphBuilder, x: string, dim: number, name: string): string {
  const h = geluTanh(g, linear(g, x, dim, dim * 4, `${name}.net.0.proj`));
  return linear(g, h, dim * 4, dim, `${name}.net.2`);
}

/** Linear(SiLU(temb)) split into `parts` chunks of [B, 1, dim] (AdaLayerNorm* modules). */
function modulation(
  g: GraphBuilder,
  temb: string,
  dim: number,
  parts: number,
  name: string,
): string[] {
  const emb = linear(g, silu(g, temb), dim, dim * parts, name);
  const chunks = g.nodeMulti(
    "Split",
    [emb, g.constInt64(Array.from({ length: parts }, () => dim))],
    parts,
    {
      axis: 1,
    },
  );
  return chunks.map((c) => g.node("Unsqueeze", [c, g.constInt64([1])]));
}

/** x·(1 + scale) + shift */
function modulate(g: GraphBuilder, x: string, shift: string, scale: string): string {
  return g.node("Add", [g.node("Mul", [x, g.node("Add", [scale, g.constFloat([1], [])])]), shift]);
}

function heads(g: GraphBuilder, x: string, h: number, d: number): string {
  return g.node("Transpose", [g.node("Reshape", [x, g.constInt64([0, 0, h, d])])], {
    perm: [0, 2, 1, 3],
  });
}

interface Rope {
  cos: string;
  sin: string;
}

/** diffusers apply_rotary_emb(use_real_unbind_dim=-1): pairs (x₂ᵢ, x₂ᵢ₊₁) rotate together. */
function applyRope(g: GraphBuilder, x: string, rope: Rope, d: number): string {
  const pairs = g.node("Reshape", [x, g.constInt64([0, 0, 0, d / 2, 2])]);
  const [re, im] = g.nodeMulti("Split", [pairs, g.constInt64([1, 1])], 2, { axis: -1 });
  const rotated = g.node("Reshape", [
    g.node("Concat", [g.node("Neg", [im as string]), re as string], { axis: -1 }),
    g.constInt64([0, 0, 0, d]),
  ]);
  return g.node("Add", [g.node("Mul", [x, rope.cos]), g.node("Mul", [rotated, rope.sin])]);
}

/**
 * FluxPosEmbed (theta 10000): per id axis i, angles = id_i · θ^(−2k/dᵢ),
 * concatenated over the axes and repeated pairwise (repeat_interleave_real).
 */
function fluxRope(g: GraphBuilder, ids: string, axes: number[]): Rope {
  const parts = axes.map((dim, i) => {
    const col = g.node("Slice", [ids, g.constInt64([i]), g.constInt64([i + 1]), g.constInt64([1])]);
    const omega = new Float32Array(dim / 2);
    for (let k = 0; k < dim / 2; k++) omega[k] = 1 / 10000 ** ((2 * k) / dim);
    return g.node("Mul", [col, g.constFloat(omega, [1, dim / 2])]);
  });
  const half = g.node("Concat", parts, { axis: 1 });
  const pairs = g.node("Unsqueeze", [half, g.constInt64([-1])]);
  const angles = g.node("Reshape", [
    g.node("Concat", [pairs, pairs], { axis: -1 }),
    g.constInt64([0, -1]),
  ]);
  return { cos: g.node("Cos", [angles]), sin: g.node("Sin", [angles]) };
}

interface JointAttentionOptions {
  name: string;
  dim: number;
  heads: number;
  qkNorm: boolean;
  /** Flux: [text, image]; SD3: [image, text]. */
  textFirst: boolean;
  rope?: Rope;
  /** SD3's last block keeps no text output. */
  contextOut: boolean;
}

/** JointAttnProcessor / FluxAttnProcessor: one softmax over the concatenated sequence. */
function jointAttention(
  g: GraphBuilder,
  img: string,
  txt: string,
  txtLen: string,
  o: JointAttentionOptions,
): { img: string; txt: string | undefined } {
  const d = o.dim / o.heads;
  const project = (x: string, names: [string, string, string], norms: [string, string]) => {
    let q = heads(g, linear(g, x, o.dim, o.dim, `${o.name}.${names[0]}`), o.heads, d);
    let k = heads(g, linear(g, x, o.dim, o.dim, `${o.name}.${names[1]}`), o.heads, d);
    const v = heads(g, linear(g, x, o.dim, o.dim, `${o.name}.${names[2]}`), o.heads, d);
    if (o.qkNorm) {
      q = rmsNorm(g, q, d, `${o.name}.${norms[0]}`);
      k = rmsNorm(g, k, d, `${o.name}.${norms[1]}`);
    }
    return { q, k, v };
  };
  const a = project(img, ["to_q", "to_k", "to_v"], ["norm_q", "norm_k"]);
  const b = project(
    txt,
    ["add_q_proj", "add_k_proj", "add_v_proj"],
    ["norm_added_q", "norm_added_k"],
  );
  const join = (x: string, y: string) =>
    g.node("Concat", o.textFirst ? [y, x] : [x, y], { axis: 2 });
  let q = join(a.q, b.q);
  let k = join(a.k, b.k);
  const v = join(a.v, b.v);
  if (o.rope) {
    q = applyRope(g, q, o.rope, d);
    k = applyRope(g, k, o.rope, d);
  }
  const scores = g.node("Mul", [
    g.node("MatMul", [q, g.node("Transpose", [k], { perm: [0, 1, 3, 2] })]),
    g.constFloat([1 / Math.sqrt(d)], []),
  ]);
  const out = g.node("Reshape", [
    g.node("Transpose", [g.node("MatMul", [g.node("Softmax", [scores], { axis: -1 }), v])], {
      perm: [0, 2, 1, 3],
    }),
    g.constInt64([0, 0, o.dim]),
  ]);
  // Split the joint sequence back at the text length.
  const big = g.constInt64([2 ** 62]);
  const zero = g.constInt64([0]);
  const axis = g.constInt64([1]);
  const imgLen = g.node("Sub", [
    g.node("Gather", [g.node("Shape", [out]), axis], { axis: 0 }),
    txtLen,
  ]);
  const first = o.textFirst ? txtLen : imgLen;
  const head = g.node("Slice", [out, zero, first, axis]);
  const tail = g.node("Slice", [out, first, big, axis]);
  const imgOut = o.textFirst ? tail : head;
  const txtOut = o.textFirst ? head : tail;
  return {
    img: linear(g, imgOut, o.dim, o.dim, `${o.name}.to_out.0`),
    txt: o.contextOut ? linear(g, txtOut, o.dim, o.dim, `${o.name}.to_add_out`) : undefined,
  };
}

interface BlockOptions {
  name: string;
  dim: number;
  heads: number;
  qkNorm: boolean;
  textFirst: boolean;
  rope?: Rope;
  /** SD3's last block: AdaLayerNormContinuous on the text, no text output. */
  contextPreOnly: boolean;
}

/** JointTransformerBlock / FluxTransformerBlock (AdaLayerNormZero on both streams). */
function jointBlock(
  g: GraphBuilder,
  img: string,
  txt: string,
  temb: string,
  txtLen: string,
  o: BlockOptions,
): { img: string; txt: string } {
  const [sh, sc, gate, shM, scM, gateM] = modulation(
    g,
    temb,
    o.dim,
    6,
    `${o.name}.norm1.linear`,
  ) as [string, string, string, string, string, string];
  const nImg = modulate(g, plainLayerNorm(g, img, o.dim), sh, sc);
  let nTxt: string;
  let ctx: string[] = [];
  if (o.contextPreOnly) {
    const [scale, shift] = modulation(g, temb, o.dim, 2, `${o.name}.norm1_context.linear`) as [
      string,
      string,
    ];
    nTxt = modulate(g, plainLayerNorm(g, txt, o.dim), shift, scale);
  } else {
    ctx = modulation(g, temb, o.dim, 6, `${o.name}.norm1_context.linear`);
    nTxt = modulate(g, plainLayerNorm(g, txt, o.dim), ctx[0] as string, ctx[1] as string);
  }
  const attn = jointAttention(g, nImg, nTxt, txtLen, {
    name: `${o.name}.attn`,
    dim: o.dim,
    heads: o.heads,
    qkNorm: o.qkNorm,
    textFirst: o.textFirst,
    contextOut: !o.contextPreOnly,
    ...(o.rope ? { rope: o.rope } : {}),
  });
  let x = g.node("Add", [img, g.node("Mul", [gate, attn.img])]);
  const ff = feedForward(
    g,
    modulate(g, plainLayerNorm(g, x, o.dim), shM, scM),
    o.dim,
    `${o.name}.ff`,
  );
  x = g.node("Add", [x, g.node("Mul", [gateM, ff])]);
  if (o.contextPreOnly || !attn.txt) return { img: x, txt };
  const [, , cGate, cShM, cScM, cGateM] = ctx as [string, string, string, string, string, string];
  let c = g.node("Add", [txt, g.node("Mul", [cGate, attn.txt])]);
  const cff = feedForward(
    g,
    modulate(g, plainLayerNorm(g, c, o.dim), cShM, cScM),
    o.dim,
    `${o.name}.ff_context`,
  );
  c = g.node("Add", [c, g.node("Mul", [cGateM, cff])]);
  return { img: x, txt: c };
}

/** FluxSingleTransformerBlock: parallel attention + MLP on the joined sequence. */
function singleBlock(
  g: GraphBuilder,
  x: string,
  temb: string,
  rope: Rope,
  dim: number,
  nHeads: number,
  name: string,
): string {
  const d = dim / nHeads;
  const [shift, scale, gate] = modulation(g, temb, dim, 3, `${name}.norm.linear`) as [
    string,
    string,
    string,
  ];
  const n = modulate(g, plainLayerNorm(g, x, dim), shift, scale);
  const mlp = geluTanh(g, linear(g, n, dim, dim * 4, `${name}.proj_mlp`));
  let q = heads(g, linear(g, n, dim, dim, `${name}.attn.to_q`), nHeads, d);
  let k = heads(g, linear(g, n, dim, dim, `${name}.attn.to_k`), nHeads, d);
  const v = heads(g, linear(g, n, dim, dim, `${name}.attn.to_v`), nHeads, d);
  q = applyRope(g, rmsNorm(g, q, d, `${name}.attn.norm_q`), rope, d);
  k = applyRope(g, rmsNorm(g, k, d, `${name}.attn.norm_k`), rope, d);
  const scores = g.node("Mul", [
    g.node("MatMul", [q, g.node("Transpose", [k], { perm: [0, 1, 3, 2] })]),
    g.constFloat([1 / Math.sqrt(d)], []),
  ]);
  const attn = g.node("Reshape", [
    g.node("Transpose", [g.node("MatMul", [g.node("Softmax", [scores], { axis: -1 }), v])], {
      perm: [0, 2, 1, 3],
    }),
    g.constInt64([0, 0, dim]),
  ]);
  const out = linear(
    g,
    g.node("Concat", [attn, mlp], { axis: -1 }),
    dim * 5,
    dim,
    `${name}.proj_out`,
  );
  return g.node("Add", [x, g.node("Mul", [gate, out])]);
}

/** TimestepEmbedding(256 → dim): linear_1, SiLU, linear_2. */
function timestepEmbedding(g: GraphBuilder, t: string, dim: number, name: string): string {
  const proj = sinusoidalEmbedding(g, t, 256);
  return linear(
    g,
    silu(g, linear(g, proj, 256, dim, `${name}.linear_1`)),
    dim,
    dim,
    `${name}.linear_2`,
  );
}

/** PixArtAlphaTextProjection(act "silu"): the pooled text embedding's share of temb. */
function pooledProjection(g: GraphBuilder, pooled: string, inDim: number, dim: number): string {
  const h = silu(g, linear(g, pooled, inDim, dim, "time_text_embed.text_embedder.linear_1"));
  return linear(g, h, dim, dim, "time_text_embed.text_embedder.linear_2");
}

/** AdaLayerNormContinuous + proj_out. */
function finalLayer(g: GraphBuilder, x: string, temb: string, dim: number, outDim: number): string {
  const [scale, shift] = modulation(g, temb, dim, 2, "norm_out.linear") as [string, string];
  return linear(g, modulate(g, plainLayerNorm(g, x, dim), shift, scale), dim, outDim, "proj_out");
}

function toFloat(g: GraphBuilder, x: string, type: ElemType): string {
  return type === "float32" ? x : g.node("Cast", [x], { to: FLOAT });
}

function fromFloat(g: GraphBuilder, x: string, type: ElemType): string {
  return type === "float32" ? x : g.node("Cast", [x], { to: FLOAT16 });
}

function seqLen(g: GraphBuilder, x: string): string {
  return g.node("Gather", [g.node("Shape", [x]), g.constInt64([1])], { axis: 0 });
}

/**
 * FluxTransformer2DModel. Inputs as optimum exports it (diffusers ≥ 0.31):
 * hidden_states [B, S, 64] (2×2-packed latents), encoder_hidden_states
 * [B, L, 4096], pooled_projections [B, 768], timestep [B] (σ; ×1000 inside),
 * img_ids [S, 3], txt_ids [L, 3], guidance [B] when guidance_embeds.
 */
export function buildFluxTransformer(
  g: GraphBuilder,
  cfg: FluxTransformerConfig,
  io: ElemType,
): void {
  const dim = cfg.num_attention_heads * cfg.attention_head_dim;
  const ropeDim = cfg.axes_dims_rope.reduce((a, b) => a + b, 0);
  if (ropeDim !== cfg.attention_head_dim) {
    throw new Error(
      `axes_dims_rope sums to ${ropeDim}, attention_head_dim is ${cfg.attention_head_dim}`,
    );
  }
  const outC = cfg.out_channels ?? cfg.in_channels;
  const hs = g.input("hidden_states", io, ["batch_size", "packed_height_width", cfg.in_channels]);
  const ehs = g.input("encoder_hidden_states", io, [
    "batch_size",
    "sequence_length",
    cfg.joint_attention_dim,
  ]);
  const pooled = g.input("pooled_projections", io, ["batch_size", cfg.pooled_projection_dim]);
  const timestep = g.input("timestep", io, ["batch_size"]);
  const imgIds = g.input("img_ids", io, ["packed_height_width", 3]);
  const txtIds = g.input("txt_ids", io, ["sequence_length", 3]);
  const guidance = cfg.guidance_embeds ? g.input("guidance", io, ["batch_size"]) : undefined;

  const thousand = g.constFloat([1000], []);
  let temb = timestepEmbedding(
    g,
    g.node("Mul", [toFloat(g, timestep, io), thousand]),
    dim,
    "time_text_embed.timestep_embedder",
  );
  if (guidance) {
    const gEmb = timestepEmbedding(
      g,
      g.node("Mul", [toFloat(g, guidance, io), thousand]),
      dim,
      "time_text_embed.guidance_embedder",
    );
    temb = g.node("Add", [temb, gEmb]);
  }
  temb = g.node("Add", [
    temb,
    pooledProjection(g, toFloat(g, pooled, io), cfg.pooled_projection_dim, dim),
  ]);

  let img = linear(g, toFloat(g, hs, io), cfg.in_channels, dim, "x_embedder");
  let txt = linear(g, toFloat(g, ehs, io), cfg.joint_attention_dim, dim, "context_embedder");
  const ids = g.node("Concat", [toFloat(g, txtIds, io), toFloat(g, imgIds, io)], { axis: 0 });
  const rope = fluxRope(g, ids, cfg.axes_dims_rope);
  const txtLen = seqLen(g, ehs);

  for (let i = 0; i < cfg.num_layers; i++) {
    ({ img, txt } = jointBlock(g, img, txt, temb, txtLen, {
      name: `transformer_blocks.${i}`,
      dim,
      heads: cfg.num_attention_heads,
      qkNorm: true,
      textFirst: true,
      rope,
      contextPreOnly: false,
    }));
  }
  let x = g.node("Concat", [txt, img], { axis: 1 });
  for (let i = 0; i < cfg.num_single_layers; i++) {
    x = singleBlock(
      g,
      x,
      temb,
      rope,
      dim,
      cfg.num_attention_heads,
      `single_transformer_blocks.${i}`,
    );
  }
  x = g.node("Slice", [x, txtLen, g.constInt64([2 ** 62]), g.constInt64([1])]);
  const out = finalLayer(g, x, temb, dim, cfg.patch_size * cfg.patch_size * outC);
  g.output(
    "out_hidden_states",
    io,
    ["batch_size", "packed_height_width", outC],
    fromFloat(g, out, io),
  );
}

/** diffusers get_2d_sincos_pos_embed over the pos_embed_max_size grid (base_size = sample_size / patch). */
function sincosGrid(cfg: Sd3TransformerConfig, dim: number): Float32Array {
  const size = cfg.pos_embed_max_size;
  const base = cfg.sample_size / cfg.patch_size;
  const out = new Float32Array(size * size * dim);
  const quarter = dim / 4;
  const embed = (pos: number, at: number) => {
    for (let k = 0; k < quarter; k++) {
      const a = pos / 10000 ** (k / quarter);
      out[at + k] = Math.sin(a);
      out[at + quarter + k] = Math.cos(a);
    }
  };
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const at = (r * size + c) * dim;
      // meshgrid(w, h): the first half encodes the column, the second the row
      embed(c / (size / base), at);
      embed(r / (size / base), at + dim / 2);
    }
  }
  return out;
}

/**
 * SD3Transformer2DModel. Inputs as optimum exports it: hidden_states
 * [B, 16, h, w] latents, encoder_hidden_states [B, L, 4096] (CLIP-L+G
 * padded to 4096 then T5 along the sequence), pooled_projections [B, 2048],
 * timestep [B] (σ·1000). Output out_hidden_states [B, 16, h, w].
 */
export function buildSd3Transformer(
  g: GraphBuilder,
  cfg: Sd3TransformerConfig,
  io: ElemType,
): void {
  const dim = cfg.num_attention_heads * cfg.attention_head_dim;
  if (cfg.caption_projection_dim !== dim) {
    throw new Error(
      `caption_projection_dim ${cfg.caption_projection_dim} must equal heads × head dim ${dim}`,
    );
  }
  if (dim % 4 !== 0)
    throw new Error(`inner dim ${dim} must be a multiple of 4 for the sincos grid`);
  if (cfg.dual_attention_layers.length > 0) {
    throw new Error("the builder does not write SD3.5-Medium's dual attention (MMDiT-X) layers");
  }
  const p = cfg.patch_size;
  const hs = g.input("hidden_states", io, ["batch_size", cfg.in_channels, "height", "width"]);
  const ehs = g.input("encoder_hidden_states", io, [
    "batch_size",
    "sequence_length",
    cfg.joint_attention_dim,
  ]);
  const pooled = g.input("pooled_projections", io, ["batch_size", cfg.pooled_projection_dim]);
  const timestep = g.input("timestep", io, ["batch_size"]);

  const temb = g.node("Add", [
    timestepEmbedding(g, toFloat(g, timestep, io), dim, "time_text_embed.timestep_embedder"),
    pooledProjection(g, toFloat(g, pooled, io), cfg.pooled_projection_dim, dim),
  ]);

  // PatchEmbed: p×p stride-p conv, then the centre crop of the sincos table.
  const x0 = toFloat(g, hs, io);
  const w = g.param("pos_embed.proj.weight", [dim, cfg.in_channels, p, p], {
    kind: "normal",
    std: 1 / Math.sqrt(cfg.in_channels * p * p),
  });
  const b = g.param("pos_embed.proj.bias", [dim], { kind: "normal", std: 0.02 });
  const patches = g.node("Conv", [x0, w, b], { kernel_shape: [p, p], strides: [p, p] });
  let img = g.node("Transpose", [g.node("Reshape", [patches, g.constInt64([0, dim, -1])])], {
    perm: [0, 2, 1],
  });
  const max = cfg.pos_embed_max_size;
  const table = g.constFloat(sincosGrid(cfg, dim), [1, max, max, dim]);
  const hw = g.node("Div", [
    g.node("Gather", [g.node("Shape", [x0]), g.constInt64([2, 3])], { axis: 0 }),
    g.constInt64([p]),
  ]);
  const start = g.node("Div", [g.node("Sub", [g.constInt64([max, max]), hw]), g.constInt64([2])]);
  const crop = g.node("Slice", [table, start, g.node("Add", [start, hw]), g.constInt64([1, 2])]);
  img = g.node("Add", [img, g.node("Reshape", [crop, g.constInt64([1, -1, dim])])]);

  let txt = linear(g, toFloat(g, ehs, io), cfg.joint_attention_dim, dim, "context_embedder");
  const txtLen = seqLen(g, ehs);
  for (let i = 0; i < cfg.num_layers; i++) {
    ({ img, txt } = jointBlock(g, img, txt, temb, txtLen, {
      name: `transformer_blocks.${i}`,
      dim,
      heads: cfg.num_attention_heads,
      qkNorm: cfg.qk_norm === "rms_norm",
      textFirst: false,
      contextPreOnly: i === cfg.num_layers - 1,
    }));
  }
  const out = finalLayer(g, img, temb, dim, p * p * cfg.out_channels);
  // unpatchify: [B, (h/p)(w/p), p·p·C] → [B, h/p, w/p, p, p, C] → [B, C, h, w]
  const batch = g.node("Gather", [g.node("Shape", [x0]), g.constInt64([0])], { axis: 0 });
  const six = g.node("Concat", [batch, hw, g.constInt64([p, p, cfg.out_channels])], { axis: 0 });
  const perm = g.node("Transpose", [g.node("Reshape", [out, six])], { perm: [0, 5, 1, 3, 2, 4] });
  const full = g.node(
    "Concat",
    [
      batch,
      g.constInt64([cfg.out_channels]),
      g.node("Gather", [g.node("Shape", [x0]), g.constInt64([2, 3])], { axis: 0 }),
    ],
    { axis: 0 },
  );
  g.output(
    "out_hidden_states",
    io,
    ["batch_size", cfg.out_channels, "height", "width"],
    fromFloat(g, g.node("Reshape", [perm, full]), io),
  );
}
