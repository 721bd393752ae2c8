import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD15 } from "@hyperposter/pipeline/diffusion/builder";
import {
  inpaintInput,
  maskAndMaskedImage,
  placeProduct,
  restoreProduct,
} from "../../src/diffusion/control/inpaint";
import { checkModelFolder } from "../../src/diffusion/model-check";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import { DiffusionBackend } from "../../src/diffusion/backend";
import { zoneInBucket } from "../../src/diffusion/control/zone";
import type { RgbaImage } from "../../src/product/cutout";
import { tinyModelDir } from "./tiny-models";

const models = tinyModelDir();
let dir: string;
let plainDir: string;
let pipe: DiffusionPipeline;

/** A bottle-like cut-out: opaque body, soft 2-px edge, transparent corners. */
function cutout(): RgbaImage {
  const width = 30;
  const height = 50;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const dx = Math.abs(x - 14.5) / 12;
      const edge = Math.min(1, Math.max(0, (1 - dx) * 6));
      const i = (y * width + x) * 4;
      data.set([200 - y, 40 + x * 3, (x * y) % 251, Math.round(edge * 255)], i);
    }
  return { width, height, data };
}

const base = {
  prompt: "a bottle on a wooden table, soft light",
  steps: 2,
  guidanceScale: 0,
  seed: 3,
};

beforeAll(async () => {
  dir = models.build("inpaint", TINY_SD15, { inpainting: true });
  plainDir = models.build("plain", TINY_SD15);
  pipe = await DiffusionPipeline.load(dir);
}, 120_000);

afterAll(async () => {
  await pipe?.release();
  models.cleanup();
});

describe("inpainting around the product", () => {
  it("writes a 9-channel UNet and vae_encoder with the optimum export's names", () => {
    const report = checkModelFolder(dir);
    expect(report.controls).toEqual(["inpainting"]);
    const c = (n: string) => report.components.find((x) => x.name === n);
    expect(c("unet")?.inputs[0]).toEqual({
      name: "sample",
      elemType: "float32",
      dims: ["batch_size", 9, "height", "width"],
    });
    expect(c("vae_encoder")?.inputs).toEqual([
      { name: "sample", elemType: "float32", dims: ["batch_size", 3, "height", "width"] },
    ]);
    expect(c("vae_encoder")?.outputs).toEqual([
      {
        name: "latent_sample",
        elemType: "float32",
        dims: ["batch_size", 4, "latent_height", "latent_width"],
      },
    ]);
    expect(pipe.supportsInpainting).toBe(true);
  });

  it("cuts the mask to latent cells like diffusers (binarised, nearest = top-left pixel of each 8×8 cell)", () => {
    const image = { width: 16, height: 16, data: new Uint8Array(16 * 16 * 3).fill(255) };
    const mask = new Float32Array(256).fill(1);
    mask[0] = 0; // cell (0,0) reads pixel (0,0): kept
    mask[8 * 16 + 9] = 0; // not a cell's top-left pixel: ignored at latent size
    const { maskLatent, masked } = maskAndMaskedImage({ image, mask, strength: 1 }, 8);
    expect(Array.from(maskLatent)).toEqual([0, 1, 1, 1]);
    // masked image = image · (mask < 0.5) in [−1, 1]: white kept where mask is 0, 0 elsewhere
    expect(masked[0]).toBe(1);
    expect(masked[1]).toBe(0);
    expect(masked[8 * 16 + 9]).toBe(1);
  });

  it("generates the scene around the product and never alters the product's own pixels", async () => {
    const placed = await placeProduct(cutout(), { x: 40, y: 30, width: 40, height: 70 }, 128, 128);
    for (const [featherPx, strength] of [
      [0, 1],
      [6, 1],
      [3, 0.5],
    ] as const) {
      const input = await inpaintInput(placed, { featherPx, strength });
      const result = await pipe.generate({ ...base, inpaint: input });
      const out = restoreProduct(result.images[0]!, placed);
      let opaque = 0;
      let outsideChanged = 0;
      for (let p = 0; p < 128 * 128; p++) {
        const a = placed.rgba[p * 4 + 3]!;
        for (let ch = 0; ch < 3; ch++) {
          if (a === 255) expect(out.data[p * 3 + ch]).toBe(placed.rgba[p * 4 + ch]);
          else if (a === 0 && out.data[p * 3 + ch] !== input.image.data[p * 3 + ch])
            outsideChanged++;
        }
        if (a === 255) opaque++;
      }
      expect(opaque).toBeGreaterThan(1000);
      // The scene around it was generated, not left grey.
      expect(outsideChanged).toBeGreaterThan(10_000);
    }
  });

  it("feathering softens the mask around the product", async () => {
    const placed = await placeProduct(cutout(), { x: 40, y: 30, width: 40, height: 70 }, 128, 128);
    const hard = await inpaintInput(placed, { featherPx: 0 });
    const soft = await inpaintInput(placed, { featherPx: 6 });
    const between = (m: Float32Array) => m.filter((v) => v > 0.02 && v < 0.98).length;
    expect(between(soft.mask)).toBeGreaterThan(between(hard.mask) * 2);
  });

  it("without an inpainting UNet the pipeline refuses the inpaint input (generate-then-composite stays)", async () => {
    const plain = await DiffusionPipeline.load(plainDir);
    try {
      expect(plain.supportsInpainting).toBe(false);
      const placed = await placeProduct(
        cutout(),
        { x: 40, y: 30, width: 40, height: 70 },
        128,
        128,
      );
      await expect(
        plain.generate({ ...base, inpaint: await inpaintInput(placed) }),
      ).rejects.toThrow(/inpainting UNet/);
    } finally {
      await plain.release();
    }
  });

  it("maps a format's product zone into the generation bucket (inverse of the cover crop)", () => {
    // 200×100 from a 128×128 bucket: scale 200/128, 50 px cropped top and bottom.
    expect(
      zoneInBucket({ x: 100, y: 0, width: 50, height: 100 }, 200, 100, { width: 128, height: 128 }),
    ).toEqual({
      x: 64,
      y: 32,
      width: 32,
      height: 64,
    });
  });

  it("the diffusion backend inpaints around a request's product cut-out when the folder can", async () => {
    const request = {
      prompt: "a bottle on a table",
      negativePrompt: "",
      width: 128,
      height: 128,
      seed: 1,
      variants: 1,
      palette: [],
      calmZones: [],
      productZone: { x: 40, y: 30, width: 40, height: 70 },
      productCutout: cutout(),
    };
    const backend = await DiffusionBackend.create({ modelDir: dir, steps: 1, warmup: false });
    const plainBackend = await DiffusionBackend.create({
      modelDir: plainDir,
      steps: 1,
      warmup: false,
    });
    try {
      const placed = await placeProduct(cutout(), request.productZone, 128, 128);
      const [image] = await backend.render(request);
      for (let p = 0; p < 128 * 128; p++)
        if (placed.rgba[p * 4 + 3] === 255)
          for (let ch = 0; ch < 3; ch++)
            expect(image!.data[p * 3 + ch]).toBe(placed.rgba[p * 4 + ch]);
      // Without an inpainting UNet the cut-out is left to the composer.
      const [plainImage] = await plainBackend.render(request);
      let same = 0;
      for (let p = 0; p < 128 * 128; p++)
        if (placed.rgba[p * 4 + 3] === 255 && plainImage!.data[p * 3] === placed.rgba[p * 4])
          same++;
      expect(same).toBeLessThan(200);
    } finally {
      await backend.close();
      await plainBackend.close();
    }
  });

  it("model:check refuses an inpainting UNet without vae_encoder/, in a sentence", () => {
    const broken = join(dir, "..", "no-encoder");
    cpSync(dir, broken, { recursive: true });
    rmSync(join(broken, "vae_encoder"), { recursive: true });
    expect(() => checkModelFolder(broken)).toThrow(
      /vae_encoder\/model\.onnx: the UNet is an inpainting UNet \(9 input channels\) but the folder has no vae_encoder\//,
    );
  });
});
