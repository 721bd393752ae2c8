import type { GraphBuilder } from "./graph";

/*
 * Building blocks shared by the UNet, CLIP and VAE graphs, written the way
 * torch.onnx exports the diffusers/transformers modules (GroupNorm as
 * InstanceNormalization on a [N, G, -1] view, SiLU as x·sigmoid(x), Linear
 * as MatMul + Add). Parameter names follow the PyTorch state dict so that
 * model:check's per-component counts line up with the real checkpoints.
 */

function fanInStd(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}

export function linear(
  g: GraphBuilder,
  x: string,
  inF: number,
  outF: number,
  name: string,
  bias = true,
): string {
  // Stored [in, out] (pre-transposed) so MatMul needs no Transpose node.
  const w = g.param(`${name}.weight`, [inF, outF], { kind: "normal", std: fanInStd(inF) });
  const y = g.node("MatMul", [x, w]);
  if (!bias) return y;
  const b = g.param(`${name}.bias`, [outF], { kind: "normal", std: 0.02 });
  return g.node("Add", [y, b]);
}

export function conv2d(
  g: GraphBuilder,
  x: string,
  inC: number,
  outC: number,
  kernel: number,
  name: string,
  options: { stride?: number; bias?: boolean } = {},
): string {
  const w = g.param(`${name}.weight`, [outC, inC, kernel, kernel], {
    kind: "normal",
    std: fanInStd(inC * kernel * kernel),
  });
  const pad = kernel >> 1;
  const inputs = [x, w];
  if (options.bias ?? true)
    inputs.push(g.param(`${name}.bias`, [outC], { kind: "normal", std: 0.02 }));
  return g.node("Conv", inputs, {
    kernel_shape: [kernel, kernel],
    pads: [pad, pad, pad, pad],
    strides: [options.stride ?? 1, options.stride ?? 1],
  });
}

/** Per-channel affine parameters near (1, 0) so random models stay well scaled. */
function affine(g: GraphBuilder, name: string, channels: number): { scale: string; bias: string } {
  return {
    scale: g.param(`${name}.weight`, [channels], { kind: "normal", mean: 1, std: 0.02 }),
    bias: g.param(`${name}.bias`, [channels], { kind: "normal", std: 0.02 }),
  };
}

export function groupNorm(
  g: GraphBuilder,
  x: string,
  channels: number,
  groups: number,
  eps: number,
  name: string,
): string {
  if (channels % groups !== 0)
    throw new Error(`${name}: ${channels} channels are not divisible by ${groups} groups`);
  const shape = g.node("Shape", [x]);
  const grouped = g.node("Reshape", [x, g.constInt64([0, groups, -1])]);
  const ones = g.constFloat(new Float32Array(groups).fill(1), [groups]);
  const zeros = g.constFloat(new Float32Array(groups), [groups]);
  const normed = g.node("InstanceNormalization", [grouped, ones, zeros], { epsilon: eps });
  const back = g.node("Reshape", [normed, shape]);
  const { scale, bias } = affine(g, name, channels);
  const s = g.node("Reshape", [scale, g.constInt64([channels, 1, 1])]);
  const b = g.node("Reshape", [bias, g.constInt64([channels, 1, 1])]);
  return g.node("Add", [g.node("Mul", [back, s]), b]);
}

export function layerNorm(
  g: GraphBuilder,
  x: string,
  channels: number,
  eps: number,
  name: string,
): string {
  const { scale, bias } = affine(g, name, channels);
  return g.node("LayerNormalization", [x, scale, bias], { axis: -1, epsilon: eps });
}

export function silu(g: GraphBuilder, x: string): string {
  return g.node("Mul", [x, g.node("Sigmoid", [x])]);
}

export function gelu(g: GraphBuilder, x: string): string {
  const erf = g.node("Erf", [g.node("Mul", [x, g.constFloat([Math.SQRT1_2], [])])]);
  const onePlus = g.node("Add", [erf, g.constFloat([1], [])]);
  return g.node("Mul", [g.node("Mul", [x, onePlus]), g.constFloat([0.5], [])]);
}

export function quickGelu(g: GraphBuilder, x: string): string {
  return g.node("Mul", [x, g.node("Sigmoid", [g.node("Mul", [x, g.constFloat([1.702], [])])])]);
}

/**
 * Multi-head attention on [N, L, C] tensors: self-attention when `context`
 * is absent, cross-attention otherwise. `mask` is added to the scores.
 */
export function attention(
  g: GraphBuilder,
  x: string,
  options: {
    name: string;
    dim: number;
    heads: number;
    context?: { value: string; dim: number };
    qkvBias: boolean;
    mask?: string;
    names?: { q: string; k: string; v: string; out: string };
    /**
     * IP-Adapter's decoupled cross-attention (diffusers IPAdapterAttnProcessor):
     * the same queries attend to the image tokens through to_k_ip/to_v_ip, and
     * scale × that result is added before the output projection.
     */
    ip?: { value: string; scale: string };
  },
): string {
  const { name, dim, heads } = options;
  const headDim = dim / heads;
  if (!Number.isInteger(headDim))
    throw new Error(`${name}: ${dim} channels are not divisible by ${heads} heads`);
  const n = options.names ?? { q: "to_q", k: "to_k", v: "to_v", out: "to_out.0" };
  const ctx = options.context?.value ?? x;
  const ctxDim = options.context?.dim ?? dim;
  const q = linear(g, x, dim, dim, `${name}.${n.q}`, options.qkvBias);
  const k = linear(g, ctx, ctxDim, dim, `${name}.${n.k}`, options.qkvBias);
  const v = linear(g, ctx, ctxDim, dim, `${name}.${n.v}`, options.qkvBias);
  const split = g.constInt64([0, 0, heads, headDim]);
  const qh = g.node("Transpose", [g.node("Reshape", [q, split])], { perm: [0, 2, 1, 3] });
  const kh = g.node("Transpose", [g.node("Reshape", [k, split])], { perm: [0, 2, 3, 1] });
  const vh = g.node("Transpose", [g.node("Reshape", [v, split])], { perm: [0, 2, 1, 3] });
  const attend = (keys: string, values: string, mask?: string): string => {
    let scores = g.node("Mul", [
      g.node("MatMul", [qh, keys]),
      g.constFloat([1 / Math.sqrt(headDim)], []),
    ]);
    if (mask) scores = g.node("Add", [scores, mask]);
    const probs = g.node("Softmax", [scores], { axis: -1 });
    return g.node("Reshape", [
      g.node("Transpose", [g.node("MatMul", [probs, values])], { perm: [0, 2, 1, 3] }),
      g.constInt64([0, 0, dim]),
    ]);
  };
  let merged = attend(kh, vh, options.mask);
  if (options.ip) {
    const ipProj = (which: "k" | "v"): string =>
      g.node("MatMul", [
        options.ip?.value as string,
        g.param(
          `${name}.processor.to_${which}_ip.0.weight`,
          [ctxDim, dim],
          { kind: "normal", std: fanInStd(ctxDim) },
          "adapter",
        ),
      ]);
    const kIp = g.node("Transpose", [g.node("Reshape", [ipProj("k"), split])], {
      perm: [0, 2, 3, 1],
    });
    const vIp = g.node("Transpose", [g.node("Reshape", [ipProj("v"), split])], {
      perm: [0, 2, 1, 3],
    });
    merged = g.node("Add", [merged, g.node("Mul", [attend(kIp, vIp), options.ip.scale])]);
  }
  return linear(g, merged, dim, dim, `${name}.${n.out}`, true);
}

/** Sinusoidal embedding of a [N] tensor (diffusers get_timestep_embedding, flip_sin_to_cos, shift 0). */
export function sinusoidalEmbedding(g: GraphBuilder, t: string, dim: number): string {
  const half = dim / 2;
  const freqs = new Float32Array(half);
  for (let i = 0; i < half; i++) freqs[i] = Math.exp((-Math.log(10000) * i) / half);
  const tf = g.node("Unsqueeze", [g.node("Cast", [t], { to: 1 }), g.constInt64([1])]);
  const args = g.node("Mul", [tf, g.constFloat(freqs, [1, half])]);
  return g.node("Concat", [g.node("Cos", [args]), g.node("Sin", [args])], { axis: 1 });
}
