import type { VaeConfig } from "../component-configs";
import type { ElemType, GraphBuilder } from "./graph";
import { conv2d, groupNorm, silu } from "./layers";
import {
  VAE_EPS as EPS,
  vaeResnet as resnet,
  vaeSpatialAttention as spatialAttention,
} from "./vae-blocks";

/**
 * AutoencoderKL's Encoder + quant_conv as optimum's vae_encoder export:
 * input sample (B, 3, H, W) in [−1, 1], output latent_sample =
 * latent_dist.sample() — mean + exp(½·clamp(logvar, −30, 20)) · N(0, 1),
 * drawn inside the graph by an unseeded RandomNormalLike, exactly as the
 * export traces torch.randn. Not multiplied by scaling_factor (the pipeline
 * does that, like diffusers).
 */
export function buildVaeEncoder(g: GraphBuilder, cfg: VaeConfig, ioType: ElemType): void {
  const groups = cfg.norm_num_groups;
  const lc = cfg.latent_channels;
  const chans = cfg.block_out_channels;
  const sample = g.input("sample", ioType, ["batch_size", 3, "height", "width"]);
  let x = ioType === "float32" ? sample : g.node("Cast", [sample], { to: 1 });
  let ch = chans[0] as number;
  x = conv2d(g, x, 3, ch, 3, "encoder.conv_in");
  chans.forEach((outC, i) => {
    for (let j = 0; j < cfg.layers_per_block; j++) {
      x = resnet(g, x, ch, outC, groups, `encoder.down_blocks.${i}.resnets.${j}`);
      ch = outC;
    }
    if (i < chans.length - 1) {
      // Downsample2D(padding=0): pad right and bottom by one, then a stride-2 3×3 conv.
      const padded = g.node("Pad", [x, g.constInt64([0, 0, 0, 0, 0, 0, 1, 1])]);
      const name = `encoder.down_blocks.${i}.downsamplers.0.conv`;
      const w = g.param(`${name}.weight`, [ch, ch, 3, 3], {
        kind: "normal",
        std: 1 / Math.sqrt(ch * 9),
      });
      const b = g.param(`${name}.bias`, [ch], { kind: "normal", std: 0.02 });
      x = g.node("Conv", [padded, w, b], { kernel_shape: [3, 3], strides: [2, 2] });
    }
  });
  x = resnet(g, x, ch, ch, groups, "encoder.mid_block.resnets.0");
  x = spatialAttention(g, x, ch, groups, "encoder.mid_block.attentions.0");
  x = resnet(g, x, ch, ch, groups, "encoder.mid_block.resnets.1");
  x = silu(g, groupNorm(g, x, ch, groups, EPS, "encoder.conv_norm_out"));
  x = conv2d(g, x, ch, 2 * lc, 3, "encoder.conv_out");
  const moments = conv2d(g, x, 2 * lc, 2 * lc, 1, "quant_conv");
  const [mean, logvar] = g.nodeMulti("Split", [moments, g.constInt64([lc, lc])], 2, { axis: 1 });
  const clamped = g.node("Clip", [
    logvar as string,
    g.constFloat([-30], []),
    g.constFloat([20], []),
  ]);
  const std = g.node("Exp", [g.node("Mul", [clamped, g.constFloat([0.5], [])])]);
  const noise = g.node("RandomNormalLike", [mean as string], { dtype: 1 });
  const z = g.node("Add", [mean as string, g.node("Mul", [std, noise])]);
  g.output(
    "latent_sample",
    ioType,
    ["batch_size", lc, "latent_height", "latent_width"],
    ioType === "float32" ? z : g.node("Cast", [z], { to: 10 }),
  );
}
