import type { ControlNetConfig } from "../control/controlnet-config";
import {
  controlNetOutputNames,
  residualLayout,
  unetResidualInputNames,
} from "../control/residual-layout";
import type { ElemType, GraphBuilder } from "./graph";
import { conv2d, silu } from "./layers";
import type { Ctx, UNetInputs, UNetIo, UNetResiduals } from "./unet";
import { declareUNetInputs, downPath, midBlock, timeEmbedding } from "./unet";

/*
 * diffusers ControlNetModel (Zhang et al. 2023, "Adding Conditional Control
 * to Text-to-Image Diffusion Models"): a trainable copy of the UNet's
 * encoder and mid block, fed sample + an 8×-downsampled embedding of the
 * control image, whose every skip goes through a 1×1 "zero convolution".
 * Parameter names follow diffusers' state dict.
 */

export interface ControlNetWeights {
  /**
   * Zero-initialise the zero convolutions and the conditioning embedding's
   * conv_out, as diffusers does before training: the residuals are then
   * exactly zero. Otherwise they are random (a "trained" control).
   */
  zeroConvs: boolean;
}

/** A 1×1 convolution, zero or small random. */
function zeroConv(
  g: GraphBuilder,
  x: string,
  inC: number,
  outC: number,
  kernel: number,
  name: string,
  zero: boolean,
): string {
  const init = zero
    ? ({ kind: "const", value: 0 } as const)
    : ({ kind: "normal", std: 0.5 / Math.sqrt(inC * kernel * kernel) } as const);
  const w = g.param(`${name}.weight`, [outC, inC, kernel, kernel], init);
  const b = g.param(`${name}.bias`, [outC], zero ? init : { kind: "normal", std: 0.02 });
  const pad = kernel >> 1;
  return g.node("Conv", [x, w, b], {
    kernel_shape: [kernel, kernel],
    pads: [pad, pad, pad, pad],
    strides: [1, 1],
  });
}

/** ControlNetConditioningEmbedding: control image (B,3,8h,8w) → (B, C0, h, w). */
function conditioningEmbedding(
  g: GraphBuilder,
  cfg: ControlNetConfig,
  cond: string,
  zero: boolean,
): string {
  const chans = cfg.conditioning_embedding_out_channels;
  const first = chans[0] as number;
  let x = silu(
    g,
    conv2d(g, cond, cfg.conditioning_channels, first, 3, "controlnet_cond_embedding.conv_in"),
  );
  for (let i = 0; i < chans.length - 1; i++) {
    const inC = chans[i] as number;
    const outC = chans[i + 1] as number;
    x = silu(g, conv2d(g, x, inC, inC, 3, `controlnet_cond_embedding.blocks.${2 * i}`));
    x = silu(
      g,
      conv2d(g, x, inC, outC, 3, `controlnet_cond_embedding.blocks.${2 * i + 1}`, { stride: 2 }),
    );
  }
  const last = chans[chans.length - 1] as number;
  return zeroConv(
    g,
    x,
    last,
    cfg.block_out_channels[0] as number,
    3,
    "controlnet_cond_embedding.conv_out",
    zero,
  );
}

/**
 * The ControlNet's residuals (unscaled) for float32 inputs: one per UNet
 * down-path skip, then the mid block's.
 */
export function controlNetResiduals(
  g: GraphBuilder,
  cfg: ControlNetConfig,
  inputs: UNetInputs,
  cond: string,
  weights: ControlNetWeights,
): UNetResiduals {
  const unetCfg = { ...cfg, up_block_types: cfg.down_block_types, out_channels: cfg.in_channels };
  const { temb, tembDim } = timeEmbedding(g, unetCfg, inputs);
  const c: Ctx = { g, cfg: unetCfg, temb, tembDim, context: inputs.context };
  const base = cfg.block_out_channels[0] as number;
  const stem = conv2d(g, inputs.sample, cfg.in_channels, base, 3, "conv_in");
  const x0 = g.node("Add", [stem, conditioningEmbedding(g, cfg, cond, weights.zeroConvs)]);
  const down = downPath(c, x0);
  const mid = midBlock(c, down.x, down.ch);
  return {
    down: down.skips.map((s, k) =>
      zeroConv(
        g,
        s.value,
        s.channels,
        s.channels,
        1,
        `controlnet_down_blocks.${k}`,
        weights.zeroConvs,
      ),
    ),
    mid: zeroConv(g, mid, down.ch, down.ch, 1, "controlnet_mid_block", weights.zeroConvs),
  };
}

/**
 * The separate controlnet/ model: inputs sample, timestep,
 * encoder_hidden_states, controlnet_cond (B,3,8h,8w) in [0,1] (+ SDXL's
 * text_embeds, time_ids); outputs the down residuals and the mid residual.
 */
export function buildControlNet(
  g: GraphBuilder,
  cfg: ControlNetConfig,
  io: UNetIo,
  weights: ControlNetWeights,
): void {
  const unetCfg = { ...cfg, up_block_types: cfg.down_block_types, out_channels: cfg.in_channels };
  const { inputs, toF32 } = declareUNetInputs(g, unetCfg, io);
  const cond = g.input("controlnet_cond", io.sampleType, [
    "batch_size",
    cfg.conditioning_channels,
    "image_height",
    "image_width",
  ]);
  const r = controlNetResiduals(g, cfg, inputs, toF32(cond), weights);
  const names = controlNetOutputNames(r.down.length);
  const layout = residualLayout(cfg);
  const out = (v: string): string =>
    io.sampleType === "float32" ? v : g.node("Cast", [v], { to: 10 });
  const dims = (k: number): (string | number)[] => {
    const l = layout[k] as { channels: number; downscale: number };
    const s = l.downscale === 1 ? "" : `_${l.downscale}`;
    return ["batch_size", l.channels, `height${s}`, `width${s}`];
  };
  r.down.forEach((v, k) => g.output(names.down[k] as string, io.sampleType, dims(k), out(v)));
  g.output(names.mid, io.sampleType, dims(r.down.length), out(r.mid));
}

/** The split layout's UNet side: residual inputs down_block_i and mid_block_additional_residual. */
export function residualInputs(
  g: GraphBuilder,
  cfg: { block_out_channels: number[]; layers_per_block: number },
  type: ElemType,
  toF32: (v: string) => string,
): UNetResiduals {
  const layout = residualLayout(cfg);
  const names = unetResidualInputNames(layout.length - 1);
  const input = (name: string, k: number): string => {
    const l = layout[k] as { channels: number; downscale: number };
    const s = l.downscale === 1 ? "" : `_${l.downscale}`;
    return toF32(g.input(name, type, ["batch_size", l.channels, `height${s}`, `width${s}`]));
  };
  return {
    down: names.down.map((n, k) => input(n, k)),
    mid: input(names.mid, layout.length - 1),
  };
}

/**
 * ONNX Runtime's fused UNet+ControlNet (models.py UNet2DConditionControlNetModel):
 * controlnet_images (nCN, B, 3, 8h, 8w) and controlnet_scales (nCN,); each
 * ControlNet's residuals times its scale, summed, feed the UNet.
 */
export function fusedResiduals(
  g: GraphBuilder,
  cfgs: ControlNetConfig[],
  seeds: number[],
  type: ElemType,
  weights: ControlNetWeights,
): (inputs: UNetInputs, toF32: (v: string) => string) => UNetResiduals {
  return (inputs, toF32) => {
    const n = cfgs.length;
    const images = toF32(
      g.input("controlnet_images", type, [n, "batch_size", 3, "image_height", "image_width"]),
    );
    const scales = toF32(g.input("controlnet_scales", type, [n]));
    let sum: UNetResiduals | undefined;
    cfgs.forEach((cfg, i) => {
      const image = g.node("Gather", [images, g.constInt64([i], [])], { axis: 0 });
      const scale = g.node("Gather", [scales, g.constInt64([i], [])], { axis: 0 });
      const r = g.scoped(`controlnets.${i}.`, seeds[i] as number, () =>
        controlNetResiduals(g, cfg, inputs, image, weights),
      );
      const scaled = {
        down: r.down.map((v) => g.node("Mul", [v, scale])),
        mid: g.node("Mul", [r.mid, scale]),
      };
      sum = sum
        ? {
            down: sum.down.map((v, k) => g.node("Add", [v, scaled.down[k] as string])),
            mid: g.node("Add", [sum.mid, scaled.mid]),
          }
        : scaled;
    });
    if (!sum) throw new Error("a fused ControlNet graph needs at least one ControlNet");
    return sum;
  };
}
