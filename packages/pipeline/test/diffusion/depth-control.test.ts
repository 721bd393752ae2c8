import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD, writeTinyDepthModel } from "@hyperposter/pipeline/diffusion/builder";
import type { RenderRequest, RgbImage } from "../../src/image-backend/types";
import { DiffusionBackend } from "../../src/diffusion/backend";
import { bilinear, DepthModel } from "../../src/diffusion/control/depth";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

/*
 * Depth control from an operator-supplied depth model: the builder's tiny
 * model has a DPT / Depth-Anything export's names (pixel_values →
 * predicted_depth) and a known function (ReLU(channel mean + 2)), so the
 * expected map can be computed by hand from ImageNet-normalised pixels.
 */

const tmp = mkdtempSync(join(tmpdir(), "hp-depth-"));
const models = tinyModelDir();
const fixed = join(tmp, "depth-16.onnx");
const dynamic = join(tmp, "depth-dyn.onnx");

function frame(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) data.set([(i * 37) % 256, (i * 11) % 256, (i * 5) % 256], i * 3);
  return { width: w, height: h, data };
}

beforeAll(() => {
  writeTinyDepthModel(fixed, 16);
  writeTinyDepthModel(dynamic);
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  models.cleanup();
});

describe("depth control image", () => {
  it("ImageNet-normalises the frame and min–max normalises the prediction to 0–255 (diffusers' depth examples)", async () => {
    const m = await DepthModel.open(fixed);
    const f = frame(16, 16);
    const img = await m.image(f);
    await m.release();
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const depth = Array.from({ length: 256 }, (_, p) => {
      let s = 0;
      for (let c = 0; c < 3; c++)
        s += ((f.data[p * 3 + c] as number) / 255 - (mean[c] as number)) / (std[c] as number);
      return Math.max(0, s / 3 + 2);
    });
    const lo = Math.min(...depth);
    const hi = Math.max(...depth);
    const want = depth.map((d) => Math.round(((d - lo) / (hi - lo)) * 255));
    const got = Array.from({ length: 256 }, (_, p) => img.data[p * 3] as number);
    // float32 in the graph vs float64 here: at most one level apart.
    for (let p = 0; p < 256; p++)
      expect(Math.abs((got[p] as number) - (want[p] as number))).toBeLessThanOrEqual(1);
    expect(Math.min(...got)).toBe(0);
    expect(Math.max(...got)).toBe(255);
    expect(img.data[3 * 7 + 1]).toBe(img.data[3 * 7]);
  });

  it("upsamples the prediction to the frame size like torch's bilinear (align_corners=False)", async () => {
    // 2×1 → 4×1: [a, a + (b−a)/4·1 …] with half-pixel centres: 0, 0.25, 0.75, 1 of the way.
    expect(Array.from(bilinear(Float32Array.from([0, 4]), 2, 1, 4, 1))).toEqual([0, 1, 3, 4]);
    const m = await DepthModel.open(fixed);
    const img = await m.image(frame(40, 24));
    await m.release();
    expect([img.width, img.height]).toEqual([40, 24]);
  });

  it("refuses a model without the export's names with a sentence", async () => {
    const dir = models.build("plain", TINY_SD);
    await expect(DepthModel.open(join(dir, "vae_decoder", "model.onnx"))).rejects.toThrow(
      /a depth model must take pixel_values and give predicted_depth \(it takes latent_sample/,
    );
  });

  it("the backend feeds a controlnet_depth the product frame's depth; without a depth model the name is refused", async () => {
    const dir = models.build("depth-split", TINY_SD, {
      controlnet: { layout: "split", names: ["controlnet_canny", "controlnet_depth"] },
    });
    const cutout = {
      width: 20,
      height: 30,
      data: new Uint8ClampedArray(20 * 30 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256)),
    };
    const request: RenderRequest = {
      prompt: "a bottle",
      negativePrompt: "",
      width: 128,
      height: 128,
      seed: 3,
      variants: 1,
      palette: [],
      calmZones: [],
      productZone: { x: 40, y: 30, width: 50, height: 70 },
      productCutout: cutout,
    };
    const withDepth = await DiffusionBackend.create({
      modelDir: dir,
      steps: 2,
      warmup: false,
      depthModel: dynamic,
      controlnet: [{ name: "canny" }, { name: "depth", scale: 0.8 }],
    });
    const cannyOnly = await DiffusionBackend.create({
      modelDir: dir,
      steps: 2,
      warmup: false,
      controlnet: [{ name: "canny" }],
    });
    try {
      expect(withDepth.controls.map((c) => c.kind)).toEqual(["canny", "depth"]);
      const a = (await withDepth.render(request))[0]?.data as Uint8Array;
      const b = (await cannyOnly.render(request))[0]?.data as Uint8Array;
      expect(meanAbsDiff(a, b)).toBeGreaterThan(0.05);
    } finally {
      await withDepth.close();
      await cannyOnly.close();
    }
    await expect(
      DiffusionBackend.create({ modelDir: dir, warmup: false, controlnet: [{ name: "depth" }] }),
    ).rejects.toThrow(
      "HYPERPOSTER_CONTROLNET names controlnet_depth, a depth ControlNet, but no depth model is configured (HYPERPOSTER_DEPTH_MODEL).",
    );
  });
});
