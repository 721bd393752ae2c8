import type { VaeConfig } from "../component-configs";
import type { ElemType, GraphBuilder } from "./graph";
import { conv2d, groupNorm, silu } from "./layers";
import {
  VAE_EPS as EPS,
  vaeResnet as resnet,
  vaeSpatialAttention as spatialAttention,
} from "./vae-blocks";

/**
 * AutoencoderKL's post_quant_conv + Decoder, as optimum's vae_decoder export:
 * input latent_sample (already divided by scaling_factor), output sample in [-1, 1]-ish.
 */
export function buildVaeDecoder(g: GraphBuilder, cfg: VaeConfig, ioType: ElemType): void {
  const groups = cfg.norm_num_groups;
  const lc = cfg.latent_channels;
  const z = g.input("latent_sample", ioType, ["batch_size", lc, "latent_height", "latent_width"]);
  let x = ioType === "float32" ? z : g.node("Cast", [z], { to: 1 });
  if (cfg.use_post_quant_conv !== false) x = conv2d(g, x, lc, lc, 1, "post_quant_conv");
  const rev = [...cfg.block_out_channels].reverse();
  let ch = rev[0] as number;
  x = conv2d(g, x, lc, ch, 3, "decoder.conv_in");
  x = resnet(g, x, ch, ch, groups, "decoder.mid_block.resnets.0");
  x = spatialAttention(g, x, ch, groups, "decoder.mid_block.attentions.0");
  x = resnet(g, x, ch, ch, groups, "decoder.mid_block.resnets.1");
  for (let i = 0; i < rev.length; i++) {
    const outC = rev[i] as number;
    for (let j = 0; j <= cfg.layers_per_block; j++) {
      x = resnet(g, x, ch, outC, groups, `decoder.up_blocks.${i}.resnets.${j}`);
      ch = outC;
    }
    if (i < rev.length - 1) {
      const up = g.node("Resize", [x, "", g.constFloat([1, 1, 2, 2], [4])], { mode: "nearest" });
      x = conv2d(g, up, ch, ch, 3, `decoder.up_blocks.${i}.upsamplers.0.conv`);
    }
  }
  x = silu(g, groupNorm(g, x, ch, groups, EPS, "decoder.conv_norm_out"));
  x = conv2d(g, x, ch, cfg.out_channels, 3, "decoder.conv_out");
  const out = ioType === "float32" ? x : g.node("Cast", [x], { to: 10 });
  g.output("sample", ioType, ["batch_size", cfg.out_channels, "height", "width"], out);
}

/**
 * TAESD's decoder (AutoencoderTiny): tanh latent clamp, conv/ReLU blocks with
 * nearest ×2 upsampling; the graph ends with ×2 − 1 so its output range
 * matches AutoencoderKL's and the pipeline treats both alike.
 */
export function buildTinyVaeDecoder(g: GraphBuilder, cfg: VaeConfig, ioType: ElemType): void {
  const chans = cfg.decoder_block_out_channels ?? [64, 64, 64, 64];
  const blocks = cfg.num_decoder_blocks ?? [3, 3, 3, 1];
  const lc = cfg.latent_channels;
  const z = g.input("latent_sample", ioType, ["batch_size", lc, "latent_height", "latent_width"]);
  let x = ioType === "float32" ? z : g.node("Cast", [z], { to: 1 });
  x = g.node("Mul", [
    g.node("Tanh", [g.node("Div", [x, g.constFloat([3], [])])]),
    g.constFloat([3], []),
  ]);
  let ch = chans[0] as number;
  x = g.node("Relu", [conv2d(g, x, lc, ch, 3, "decoder.layers.1")]);
  let layer = 3;
  chans.forEach((outC, i) => {
    for (let b = 0; b < (blocks[i] ?? 1); b++) {
      const name = `decoder.layers.${layer++}.conv`;
      let h = g.node("Relu", [conv2d(g, x, ch, outC, 3, `${name}.0`)]);
      h = g.node("Relu", [conv2d(g, h, outC, outC, 3, `${name}.2`)]);
      h = conv2d(g, h, outC, outC, 3, `${name}.4`);
      const skip =
        ch === outC
          ? x
          : conv2d(g, x, ch, outC, 1, `decoder.layers.${layer - 1}.skip`, { bias: false });
      x = g.node("Relu", [g.node("Add", [h, skip])]);
      ch = outC;
    }
    if (i < chans.length - 1) {
      const up = g.node("Resize", [x, "", g.constFloat([1, 1, 2, 2], [4])], { mode: "nearest" });
      x = conv2d(g, up, ch, ch, 3, `decoder.layers.${layer++}`, { bias: false });
      layer++;
    }
  });
  x = conv2d(g, x, ch, cfg.out_channels, 3, `decoder.layers.${layer}`);
  x = g.node("Sub", [g.node("Mul", [x, g.constFloat([2], [])]), g.constFloat([1], [])]);
  const out = ioType === "float32" ? x : g.node("Cast", [x], { to: 10 });
  g.output("sample", ioType, ["batch_size", cfg.out_channels, "height", "width"], out);
}
