import type * as ort from "onnxruntime-node";
import sharp from "sharp";
import type { RgbImage } from "../../image-backend/types";
import { createSession, type ExecutionProviderName } from "../onnx/session";
import { inputSpecs, makeFeed, readFloat } from "../onnx/tensors";

/** ImageNet mean and std (transformers IMAGENET_DEFAULT_MEAN/STD, what Depth-Anything's DPTImageProcessor uses). */
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * An operator-supplied monocular depth model (a DPT or Depth-Anything ONNX
 * export: `pixel_values` (B, 3, H, W) ImageNet-normalised → `predicted_depth`
 * (B, H, W)) that turns the placed product frame into the `depth` control
 * image the way diffusers' ControlNet depth examples do: the prediction
 * upsampled to the frame, min–max normalised to 0–1, repeated into RGB.
 */
export class DepthModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** `size`: the model's input side when the export leaves it dynamic (Depth-Anything: 518). */
  static async open(
    path: string,
    options: { provider?: ExecutionProviderName; size?: number } = {},
  ): Promise<DepthModel> {
    const { session } = await createSession(path, { provider: options.provider ?? "cpu" });
    const spec = inputSpecs(session).get("pixel_values");
    if (!spec || !session.outputNames.includes("predicted_depth")) {
      await session.release();
      throw new Error(
        `${path}: a depth model must take pixel_values and give predicted_depth (it takes ${session.inputNames.join(", ")} and gives ${session.outputNames.join(", ")}).`,
      );
    }
    if (spec.shape.length !== 4 || spec.type !== "float32") {
      await session.release();
      throw new Error(`${path}: pixel_values must be float32 (B, 3, H, W).`);
    }
    const side = options.size ?? 518;
    const h = typeof spec.shape[2] === "number" ? spec.shape[2] : side;
    const w = typeof spec.shape[3] === "number" ? spec.shape[3] : side;
    return new DepthModel(session, w, h);
  }

  /** ImageNet-normalised CHW input at the model's size (bicubic resize, as DPTImageProcessor). */
  async preprocess(frame: RgbImage): Promise<Float32Array> {
    const px =
      frame.width === this.width && frame.height === this.height
        ? frame.data
        : new Uint8Array(
            await sharp(Buffer.from(frame.data), {
              raw: { width: frame.width, height: frame.height, channels: 3 },
            })
              .resize(this.width, this.height, { fit: "fill", kernel: "cubic" })
              .raw()
              .toBuffer(),
          );
    const plane = this.width * this.height;
    const out = new Float32Array(3 * plane);
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++)
        out[c * plane + p] =
          ((px[p * 3 + c] as number) / 255 - (MEAN[c] as number)) / (STD[c] as number);
    return out;
  }

  async image(frame: RgbImage): Promise<RgbImage> {
    const spec = inputSpecs(this.session).get("pixel_values");
    if (!spec) throw new Error("depth model: no pixel_values");
    const out = await this.session.run({
      pixel_values: makeFeed(spec, await this.preprocess(frame), [1, 3, this.height, this.width]),
    });
    const tensor = out["predicted_depth"];
    const dims = tensor?.dims ?? [];
    const dh = dims[dims.length - 2] as number;
    const dw = dims[dims.length - 1] as number;
    const depth = readFloat(tensor, "predicted_depth");
    const up = bilinear(depth, dw, dh, frame.width, frame.height);
    let min = Infinity;
    let max = -Infinity;
    for (const v of up) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    // A flat prediction has no depth to show: all black rather than a division by zero.
    const range = max - min;
    const data = new Uint8Array(frame.width * frame.height * 3);
    up.forEach((v, i) => {
      const byte = range > 0 ? Math.round(((v - min) / range) * 255) : 0;
      data.fill(byte, i * 3, i * 3 + 3);
    });
    return { width: frame.width, height: frame.height, data };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** torch.nn.functional.interpolate(mode="bilinear", align_corners=False) on one plane. */
export function bilinear(
  src: Float32Array,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
): Float32Array {
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const fy = Math.max(0, ((y + 0.5) * sh) / dh - 0.5);
    const y0 = Math.min(sh - 1, Math.floor(fy));
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.max(0, ((x + 0.5) * sw) / dw - 0.5);
      const x0 = Math.min(sw - 1, Math.floor(fx));
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      const at = (yy: number, xx: number) => src[yy * sw + xx] as number;
      out[y * dw + x] =
        (1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x1)) +
        wy * ((1 - wx) * at(y1, x0) + wx * at(y1, x1));
    }
  }
  return out;
}
