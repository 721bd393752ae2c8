import type { GraphBuilder } from "./graph";
import { attention, conv2d, groupNorm, silu } from "./layers";

/* The blocks AutoencoderKL's encoder and decoder share (diffusers' vae.py). */

export const VAE_EPS = 1e-6;

/** AutoencoderKL's ResnetBlock2D (GroupNorm → SiLU → conv, twice; 1×1 shortcut when the width changes). */

export function vaeResnet(
  g: GraphBuilder,
  x: string,
  inC: number,
  outC: number,
  groups: number,
  name: string,
): string {
  let h = conv2d(
    g,
    silu(g, groupNorm(g, x, inC, groups, VAE_EPS, `${name}.norm1`)),
    inC,
    outC,
    3,
    `${name}.conv1`,
  );
  h = conv2d(
    g,
    silu(g, groupNorm(g, h, outC, groups, VAE_EPS, `${name}.norm2`)),
    outC,
    outC,
    3,
    `${name}.conv2`,
  );
  const skip = inC === outC ? x : conv2d(g, x, inC, outC, 1, `${name}.conv_shortcut`);
  return g.node("Add", [skip, h]);
}

/** The VAE's single-head spatial self-attention (diffusers Attention with GroupNorm, residual). */
export function vaeSpatialAttention(
  g: GraphBuilder,
  x: string,
  c: number,
  groups: number,
  name: string,
): string {
  const shape = g.node("Shape", [x]);
  const normed = groupNorm(g, x, c, groups, VAE_EPS, `${name}.group_norm`);
  const tokens = g.node("Reshape", [
    g.node("Transpose", [normed], { perm: [0, 2, 3, 1] }),
    g.constInt64([0, -1, c]),
  ]);
  const attended = attention(g, tokens, { name, dim: c, heads: 1, qkvBias: true });
  const nhwc = g.node("Gather", [shape, g.constInt64([0, 2, 3, 1])], { axis: 0 });
  const map = g.node("Transpose", [g.node("Reshape", [attended, nhwc])], { perm: [0, 3, 1, 2] });
  return g.node("Add", [map, x]);
}
