import { writeFileSync } from "node:fs";
import { GraphBuilder } from "./graph";

/**
 * A tiny stand-in for a DPT / Depth-Anything ONNX export with the export's
 * names: input `pixel_values` (B, 3, H, W) float32, ImageNet-normalised;
 * output `predicted_depth` (B, H, W). Its "depth" is the channel mean
 * through a fixed 1×1 convolution plus a ReLU, so a test can compute the
 * expected map by hand from the preprocessed pixels.
 */
export function writeTinyDepthModel(path: string, size?: number): void {
  const g = new GraphBuilder("tiny-depth", { weightType: "float32", seed: 1 });
  const h = size ?? "height";
  const w = size ?? "width";
  const px = g.input("pixel_values", "float32", ["batch_size", 3, h, w]);
  const weight = g.constFloat([1 / 3, 1 / 3, 1 / 3], [1, 3, 1, 1]);
  const bias = g.constFloat([2], [1]);
  const depth = g.node("Relu", [g.node("Conv", [px, weight, bias], { kernel_shape: [1, 1] })]);
  const squeezed = g.node("Squeeze", [depth, g.constInt64([1])]);
  g.output("predicted_depth", "float32", ["batch_size", h, w], squeezed);
  writeFileSync(path, g.finish());
}
