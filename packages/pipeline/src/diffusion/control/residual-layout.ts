/**
 * The UNet down path's skips, in diffusers order: conv_in's output, each
 * down block's resnet (+ attention) outputs, each downsampler's output.
 * A ControlNet adds one residual to each, then one to the mid block:
 * SD 1.5/2.x (4 blocks × 2 layers) has 12 + 1, SDXL (3 × 2) 9 + 1.
 */
export function residualLayout(cfg: {
  block_out_channels: number[];
  layers_per_block: number;
}): { channels: number; downscale: number }[] {
  const blocks = cfg.block_out_channels;
  const out: { channels: number; downscale: number }[] = [
    { channels: blocks[0] as number, downscale: 1 },
  ];
  blocks.forEach((ch, i) => {
    for (let j = 0; j < cfg.layers_per_block; j++) out.push({ channels: ch, downscale: 2 ** i });
    if (i < blocks.length - 1) out.push({ channels: ch, downscale: 2 ** (i + 1) });
  });
  out.push({
    channels: blocks[blocks.length - 1] as number,
    downscale: 2 ** (blocks.length - 1),
  });
  return out;
}

/** Output names of a separate controlnet/ graph (the names this project's builder writes). */
export function controlNetOutputNames(count: number): { down: string[]; mid: string } {
  return {
    down: Array.from({ length: count }, (_, i) => `down_block_res_sample_${i}`),
    mid: "mid_block_res_sample",
  };
}

/** The split layout UNet's residual inputs. */
export function unetResidualInputNames(count: number): { down: string[]; mid: string } {
  return {
    down: Array.from({ length: count }, (_, i) => `down_block_${i}`),
    mid: "mid_block_additional_residual",
  };
}
