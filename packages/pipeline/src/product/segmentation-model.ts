/**
 * An operator-supplied salient-object / background-removal model in ONNX
 * (U²-Net, IS-Net, BiRefNet, RMBG-1.4/2.0 class), run by onnxruntime-node.
 *
 * The contract such exports share, and what this runner assumes:
 * - one float32 input, NCHW `[1, 3, S, S]`, RGB, the photo resized to S × S
 *   (aspect not kept, as the reference pre-processing does); S is read from
 *   the model when its dimensions are fixed, else `size` (default 1024);
 * - normalised per channel as (x / 255 − mean) / std: "imagenet" (mean
 *   0.485/0.456/0.406, std 0.229/0.224/0.225: U²-Net, BiRefNet, RMBG-2.0) or
 *   "half" (mean 0.5, std 1.0: IS-Net / RMBG-1.4);
 * - the first output is the mask, `[1, 1, S, S]` or `[1, S, S]`: probabilities
 *   in [0, 1], or logits (any value outside [0, 1] → a sigmoid is applied);
 *   U²-Net's side outputs after the first are ignored. The mask is min–max
 *   stretched (the reference post-processing) and resized back to the photo.
 */
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import type { RgbaImage, Segmenter } from "./cutout";

export type Normalisation = "imagenet" | "half";

export interface SegmentationModelOptions {
  path: string;
  size?: number;
  normalisation?: Normalisation;
}

const NORMS: Record<Normalisation, { mean: number[]; std: number[] }> = {
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  half: { mean: [0.5, 0.5, 0.5], std: [1, 1, 1] },
};

/** The photo as the model's input tensor data, [3, S, S] planar. */
export async function toModelInput(
  img: RgbaImage,
  size: number,
  norm: Normalisation,
): Promise<Float32Array> {
  const rgb = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .removeAlpha()
    .resize(size, size, { fit: "fill", kernel: "lanczos3" })
    .raw()
    .toBuffer();
  const { mean, std } = NORMS[norm];
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++)
      out[c * plane + i] = ((rgb[i * 3 + c] ?? 0) / 255 - (mean[c] ?? 0)) / (std[c] ?? 1);
  }
  return out;
}

/** The model's mask as probabilities in [0, 1], resized to the photo. */
export async function fromModelOutput(
  mask: Float32Array,
  size: number,
  width: number,
  height: number,
): Promise<Float32Array> {
  const logits = mask.some((v) => v < 0 || v > 1);
  let lo = Infinity;
  let hi = -Infinity;
  const p = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    const v = logits ? 1 / (1 + Math.exp(-(mask[i] ?? 0))) : (mask[i] ?? 0);
    p[i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo > 1e-6 ? hi - lo : 1;
  const bytes = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) bytes[i] = Math.round((((p[i] ?? 0) - lo) / span) * 255);
  const resized = await sharp(bytes, { raw: { width: size, height: size, channels: 1 } })
    .resize(width, height, { fit: "fill", kernel: "cubic" })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = (resized[i] ?? 0) / 255;
  return out;
}

/** Loads the model once and returns a segmenter for the cut-out. */
export async function loadSegmentationModel(
  options: SegmentationModelOptions,
): Promise<Segmenter & { inputSize: number }> {
  const session = await ort.InferenceSession.create(options.path, { executionProviders: ["cpu"] });
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  if (!inputName || !outputName)
    throw new Error(`segmentation model ${options.path} has no input or output`);
  const meta = session.inputMetadata[0];
  const dims = meta && "shape" in meta ? meta.shape : [];
  const fixed =
    dims.length === 4 && typeof dims[2] === "number" && typeof dims[3] === "number"
      ? (dims[2] as number)
      : undefined;
  const size = fixed ?? options.size ?? 1024;
  const norm = options.normalisation ?? "imagenet";
  const segment = async (img: RgbaImage): Promise<Float32Array> => {
    const input = new ort.Tensor("float32", await toModelInput(img, size, norm), [
      1,
      3,
      size,
      size,
    ]);
    const result = await session.run({ [inputName]: input });
    const out = result[outputName];
    if (!out || out.type !== "float32")
      throw new Error("segmentation model: the first output is not float32");
    const data = out.data as Float32Array;
    if (data.length !== size * size)
      throw new Error(
        `segmentation model: output has ${data.length} values, expected ${size}×${size}`,
      );
    return fromModelOutput(data, size, img.width, img.height);
  };
  return Object.assign(segment, { inputSize: size });
}
