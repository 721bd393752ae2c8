import type { UNetConfig } from "../component-configs";
import { perBlock } from "../component-configs";
import type { ElemType, GraphBuilder } from "./graph";
import {
  attention,
  conv2d,
  gelu,
  groupNorm,
  layerNorm,
  linear,
  silu,
  sinusoidalEmbedding,
} from "./layers";

export interface Ctx {
  g: GraphBuilder;
  cfg: UNetConfig;
  temb: string;
  tembDim: number;
  context: string;
  /** IP-Adapter UNets: the image tokens split off the context, and the per-layer scale input. */
  ip?: { tokens: string; scales: string; next: number };
}

function resnet(c: Ctx, x: string, inC: number, outC: number, name: string): string {
  const { g, cfg } = c;
  let h = conv2d(
    g,
    silu(g, groupNorm(g, x, inC, cfg.norm_num_groups, cfg.norm_eps, `${name}.norm1`)),
    inC,
    outC,
    3,
    `${name}.conv1`,
  );
  const t = linear(g, silu(g, c.temb), c.tembDim, outC, `${name}.time_emb_proj`);
  h = g.node("Add", [h, g.node("Unsqueeze", [t, g.constInt64([2, 3])])]);
  h = conv2d(
    g,
    silu(g, groupNorm(g, h, outC, cfg.norm_num_groups, cfg.norm_eps, `${name}.norm2`)),
    outC,
    outC,
    3,
    `${name}.conv2`,
  );
  const skip = inC === outC ? x : conv2d(g, x, inC, outC, 1, `${name}.conv_shortcut`);
  return g.node("Add", [skip, h]);
}

/** diffusers BasicTransformerBlock: self-attn, cross-attn, GEGLU feed-forward, pre-LayerNorm. */
function basicBlock(c: Ctx, x: string, dim: number, heads: number, name: string): string {
  const { g, cfg } = c;
  let h = g.node("Add", [
    x,
    attention(g, layerNorm(g, x, dim, 1e-5, `${name}.norm1`), {
      name: `${name}.attn1`,
      dim,
      heads,
      qkvBias: false,
    }),
  ]);
  const cross = attention(g, layerNorm(g, h, dim, 1e-5, `${name}.norm2`), {
    name: `${name}.attn2`,
    dim,
    heads,
    qkvBias: false,
    context: { value: c.context, dim: cfg.cross_attention_dim },
    ...(c.ip
      ? {
          ip: {
            value: c.ip.tokens,
            scale: g.node("Gather", [c.ip.scales, g.constInt64([c.ip.next++], [])], { axis: 0 }),
          },
        }
      : {}),
  });
  h = g.node("Add", [h, cross]);
  const inner = dim * 4;
  const proj = linear(
    g,
    layerNorm(g, h, dim, 1e-5, `${name}.norm3`),
    dim,
    inner * 2,
    `${name}.ff.net.0.proj`,
  );
  const [value, gate] = g.nodeMulti("Split", [proj, g.constInt64([inner, inner])], 2, { axis: -1 });
  const ff = linear(
    g,
    g.node("Mul", [value as string, gelu(g, gate as string)]),
    inner,
    dim,
    `${name}.ff.net.2`,
  );
  return g.node("Add", [h, ff]);
}

/** diffusers Transformer2DModel over an [N, C, H, W] feature map. */
function transformer(
  c: Ctx,
  x: string,
  dim: number,
  heads: number,
  layers: number,
  name: string,
): string {
  const { g, cfg } = c;
  const shape = g.node("Shape", [x]);
  const normed = groupNorm(g, x, dim, cfg.norm_num_groups, 1e-6, `${name}.norm`);
  const toTokens = (v: string): string =>
    g.node("Reshape", [
      g.node("Transpose", [v], { perm: [0, 2, 3, 1] }),
      g.constInt64([0, -1, dim]),
    ]);
  let h = cfg.use_linear_projection
    ? linear(g, toTokens(normed), dim, dim, `${name}.proj_in`)
    : toTokens(conv2d(g, normed, dim, dim, 1, `${name}.proj_in`));
  for (let i = 0; i < layers; i++)
    h = basicBlock(c, h, dim, heads, `${name}.transformer_blocks.${i}`);
  const nhwc = g.node("Gather", [shape, g.constInt64([0, 2, 3, 1])], { axis: 0 });
  const toMap = (v: string): string =>
    g.node("Transpose", [g.node("Reshape", [v, nhwc])], { perm: [0, 3, 1, 2] });
  const out = cfg.use_linear_projection
    ? toMap(linear(g, h, dim, dim, `${name}.proj_out`))
    : conv2d(g, toMap(h), dim, dim, 1, `${name}.proj_out`);
  return g.node("Add", [out, x]);
}

export interface UNetIo {
  sampleType: ElemType;
  timestepType: ElemType;
  /**
   * IP-Adapter baked in, as the TensorRT/ONNX export wrappers do it:
   * encoder_hidden_states carries the text tokens with `imageTokens` image
   * tokens appended, and a float32 `ipadapter_scale` input holds one scale
   * per cross-attention layer.
   */
  ipAdapter?: { imageTokens: number };
}

/** Cross-attention layers in a UNet: the length of an IP-Adapter UNet's ipadapter_scale. */
export function crossAttentionLayers(cfg: UNetConfig): number {
  const n = cfg.block_out_channels.length;
  const tlayers = perBlock(cfg.transformer_layers_per_block, n, "transformer_layers_per_block");
  let count = 0;
  cfg.down_block_types.forEach((t, i) => {
    if (t.startsWith("CrossAttn")) count += cfg.layers_per_block * (tlayers[i] as number);
  });
  count += tlayers[n - 1] as number;
  const rev = [...tlayers].reverse();
  cfg.up_block_types.forEach((t, i) => {
    if (t.startsWith("CrossAttn")) count += (cfg.layers_per_block + 1) * (rev[i] as number);
  });
  return count;
}

/** The UNet's graph inputs as float32 values (timestep as declared), for sub-models that share them. */
export interface UNetInputs {
  sample: string;
  timestep: string;
  context: string;
  /** SDXL text_time conditioning. */
  textEmbeds?: string;
  timeIds?: string;
}

/** ControlNet-style additions: one residual per down-path skip, one for the mid block. */
export interface UNetResiduals {
  down: string[];
  mid: string;
}

export interface UNetExtras {
  /**
   * Called once the standard inputs exist; returns residuals added to the
   * down-path skips and the mid-block output (diffusers'
   * down_block_additional_residuals / mid_block_additional_residual).
   */
  residuals?: (inputs: UNetInputs, toF32: (v: string) => string) => UNetResiduals;
  /** Output name: optimum writes out_sample, ONNX Runtime's ControlNet export latent. */
  outputName?: string;
}

interface Heads {
  heads: number[];
  tlayers: number[];
}

function headsOf(cfg: UNetConfig): Heads {
  const n = cfg.block_out_channels.length;
  return {
    heads: perBlock(cfg.num_attention_heads ?? cfg.attention_head_dim, n, "attention_head_dim"),
    tlayers: perBlock(cfg.transformer_layers_per_block, n, "transformer_layers_per_block"),
  };
}

/** Sinusoidal timestep MLP, plus SDXL's text_time embedding when the config asks for it. */
export function timeEmbedding(
  g: GraphBuilder,
  cfg: UNetConfig,
  inputs: UNetInputs,
): { temb: string; tembDim: number } {
  const base = cfg.block_out_channels[0] as number;
  const tembDim = base * 4;
  let temb = linear(
    g,
    sinusoidalEmbedding(g, inputs.timestep, base),
    base,
    tembDim,
    "time_embedding.linear_1",
  );
  temb = linear(g, silu(g, temb), tembDim, tembDim, "time_embedding.linear_2");
  if (cfg.addition_embed_type === "text_time") {
    if (!inputs.textEmbeds || !inputs.timeIds)
      throw new Error("text_time needs text_embeds and time_ids");
    const timeDim = cfg.addition_time_embed_dim ?? 256;
    const projDim = cfg.projection_class_embeddings_input_dim ?? 2816;
    const flat = g.node("Reshape", [inputs.timeIds, g.constInt64([-1])]);
    const timeEmb = g.node("Reshape", [
      sinusoidalEmbedding(g, flat, timeDim),
      g.constInt64([-1, 6 * timeDim]),
    ]);
    let aug = g.node("Concat", [inputs.textEmbeds, timeEmb], { axis: 1 });
    aug = linear(g, aug, projDim, tembDim, "add_embedding.linear_1");
    aug = linear(g, silu(g, aug), tembDim, tembDim, "add_embedding.linear_2");
    temb = g.node("Add", [temb, aug]);
  }
  return { temb, tembDim };
}

export interface Skip {
  value: string;
  channels: number;
}

/** The down path after conv_in: every skip the up path (or a ControlNet's zero convs) reads. */
export function downPath(c: Ctx, input: string): { x: string; ch: number; skips: Skip[] } {
  const { g, cfg } = c;
  const blocks = cfg.block_out_channels;
  const n = blocks.length;
  const { heads, tlayers } = headsOf(cfg);
  let x = input;
  let ch = blocks[0] as number;
  const skips: Skip[] = [{ value: x, channels: ch }];
  for (let i = 0; i < n; i++) {
    const outC = blocks[i] as number;
    const cross = (cfg.down_block_types[i] as string).startsWith("CrossAttn");
    for (let j = 0; j < cfg.layers_per_block; j++) {
      x = resnet(c, x, ch, outC, `down_blocks.${i}.resnets.${j}`);
      ch = outC;
      if (cross)
        x = transformer(
          c,
          x,
          ch,
          heads[i] as number,
          tlayers[i] as number,
          `down_blocks.${i}.attentions.${j}`,
        );
      skips.push({ value: x, channels: ch });
    }
    if (i < n - 1) {
      x = conv2d(g, x, ch, ch, 3, `down_blocks.${i}.downsamplers.0.conv`, { stride: 2 });
      skips.push({ value: x, channels: ch });
    }
  }
  return { x, ch, skips };
}

export function midBlock(c: Ctx, x: string, ch: number): string {
  const n = c.cfg.block_out_channels.length;
  const { heads, tlayers } = headsOf(c.cfg);
  let h = resnet(c, x, ch, ch, "mid_block.resnets.0");
  h = transformer(
    c,
    h,
    ch,
    heads[n - 1] as number,
    tlayers[n - 1] as number,
    "mid_block.attentions.0",
  );
  return resnet(c, h, ch, ch, "mid_block.resnets.1");
}

/** Declares the standard inputs (sample, timestep, encoder_hidden_states, SDXL's text_embeds/time_ids). */
export function declareUNetInputs(
  g: GraphBuilder,
  cfg: UNetConfig,
  io: UNetIo,
): { inputs: UNetInputs; toF32: (v: string) => string } {
  const toF32 = (v: string): string =>
    io.sampleType === "float32" ? v : g.node("Cast", [v], { to: 1 });
  const sampleIn = g.input("sample", io.sampleType, [
    "batch_size",
    cfg.in_channels,
    "height",
    "width",
  ]);
  const timestep = g.input("timestep", io.timestepType, ["steps"]);
  const ehsIn = g.input("encoder_hidden_states", io.sampleType, [
    "batch_size",
    "sequence_length",
    cfg.cross_attention_dim,
  ]);
  const inputs: UNetInputs = { sample: toF32(sampleIn), timestep, context: toF32(ehsIn) };
  if (cfg.addition_embed_type === "text_time") {
    const timeDim = cfg.addition_time_embed_dim ?? 256;
    const projDim = cfg.projection_class_embeddings_input_dim ?? 2816;
    inputs.textEmbeds = toF32(
      g.input("text_embeds", io.sampleType, ["batch_size", projDim - 6 * timeDim]),
    );
    inputs.timeIds = toF32(g.input("time_ids", io.sampleType, ["batch_size", 6]));
  }
  return { inputs, toF32 };
}

/**
 * UNet2DConditionModel as optimum exports it: inputs sample, timestep,
 * encoder_hidden_states (+ text_embeds, time_ids for SDXL's text_time
 * conditioning), output out_sample. `extras` adds ControlNet residuals.
 */
export function buildUNet(
  g: GraphBuilder,
  cfg: UNetConfig,
  io: UNetIo,
  extras: UNetExtras = {},
): void {
  const blocks = cfg.block_out_channels;
  const n = blocks.length;
  if (cfg.down_block_types.length !== n || cfg.up_block_types.length !== n) {
    throw new Error("unet: down/up block types must match block_out_channels");
  }
  const { heads, tlayers } = headsOf(cfg);
  const { inputs, toF32 } = declareUNetInputs(g, cfg, io);
  const residuals = extras.residuals?.(inputs, toF32);

  const { temb, tembDim } = timeEmbedding(g, cfg, inputs);
  const c: Ctx = { g, cfg, temb, tembDim, context: inputs.context };
  if (io.ipAdapter) {
    const n = io.ipAdapter.imageTokens;
    const layers = crossAttentionLayers(cfg);
    const scales = g.input("ipadapter_scale", "float32", [layers]);
    const all = c.context;
    const axis = g.constInt64([1]);
    c.context = g.node("Slice", [all, g.constInt64([0]), g.constInt64([-n]), axis]);
    c.ip = {
      tokens: g.node("Slice", [all, g.constInt64([-n]), g.constInt64([2 ** 62]), axis]),
      scales,
      next: 0,
    };
  }

  const base = blocks[0] as number;
  const stem = conv2d(g, inputs.sample, cfg.in_channels, base, 3, "conv_in");
  const down = downPath(c, stem);
  let { x, ch } = down;
  const skips = down.skips;
  if (residuals && residuals.down.length !== skips.length)
    throw new Error(`unet: ${residuals.down.length} down residuals for ${skips.length} skips`);
  residuals?.down.forEach((r, k) => {
    const skip = skips[k] as Skip;
    skip.value = g.node("Add", [skip.value, r]);
  });
  x = midBlock(c, x, ch);
  if (residuals) x = g.node("Add", [x, residuals.mid]);

  const revBlocks = [...blocks].reverse();
  const revHeads = [...heads].reverse();
  const revLayers = [...tlayers].reverse();
  for (let i = 0; i < n; i++) {
    const outC = revBlocks[i] as number;
    const cross = (cfg.up_block_types[i] as string).startsWith("CrossAttn");
    for (let j = 0; j <= cfg.layers_per_block; j++) {
      const skip = skips.pop();
      if (!skip) throw new Error("unet: skip connections exhausted");
      x = g.node("Concat", [x, skip.value], { axis: 1 });
      x = resnet(c, x, ch + skip.channels, outC, `up_blocks.${i}.resnets.${j}`);
      ch = outC;
      if (cross)
        x = transformer(
          c,
          x,
          ch,
          revHeads[i] as number,
          revLayers[i] as number,
          `up_blocks.${i}.attentions.${j}`,
        );
    }
    if (i < n - 1) {
      const up = g.node("Resize", [x, "", g.constFloat([1, 1, 2, 2], [4])], { mode: "nearest" });
      x = conv2d(g, up, ch, ch, 3, `up_blocks.${i}.upsamplers.0.conv`);
    }
  }

  x = silu(g, groupNorm(g, x, ch, cfg.norm_num_groups, cfg.norm_eps, "conv_norm_out"));
  x = conv2d(g, x, ch, cfg.out_channels, 3, "conv_out");
  if (c.ip && c.ip.next !== crossAttentionLayers(cfg))
    throw new Error(
      `unet: built ${c.ip.next} IP-Adapter layers, counted ${crossAttentionLayers(cfg)}`,
    );
  const out = io.sampleType === "float32" ? x : g.node("Cast", [x], { to: 10 });
  g.output(
    extras.outputName ?? "out_sample",
    io.sampleType,
    ["batch_size", cfg.out_channels, "height", "width"],
    out,
  );
}
