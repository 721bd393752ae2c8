/**
 * Builds a tiny segmentation model with the I/O of a real one (input
 * `[1, 3, S, S]` ImageNet-normalised RGB, output `[1, 1, S, S]` logits), for
 * tests and for operators checking their wiring: a 3×3 average of the
 * pixels, then a 1×1 convolution that scores how much darker or more
 * colourful a pixel is than a white backdrop. It really segments a product
 * shot on white; it is not a trained model.
 */
import { writeFileSync } from "node:fs";
import { GraphBuilder } from "../diffusion/builder/graph";

export function buildTinySegmentationModel(size: number): Uint8Array {
  const g = new GraphBuilder("tiny-saliency", { weightType: "float32", seed: 1 });
  const x = g.input("input", "float32", [1, 3, size, size]);
  const smooth = g.node("AveragePool", [x], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
    count_include_pad: 0,
  });
  // White normalises to ≈ (2.25, 2.43, 2.64); a product sits well below on some channel.
  // logit = 8 · (2.1 − mean of channels): white → −2.7, mid tones (≈ 0) → +17.
  const w = g.constFloat([-8 / 3, -8 / 3, -8 / 3], [1, 3, 1, 1]);
  const b = g.constFloat([16.8], [1]);
  const logits = g.node("Conv", [smooth, w, b], { kernel_shape: [1, 1] });
  g.output("mask", "float32", [1, 1, size, size], logits);
  return g.finish(17);
}

export function writeTinySegmentationModel(path: string, size = 64): void {
  writeFileSync(path, buildTinySegmentationModel(size));
}
