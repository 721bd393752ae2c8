import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderProgress, RenderRequest } from "../../src/image-backend/types";
import { createImageBackend } from "../../src/image-backend/factory";
import { nearestBucket } from "../../src/diffusion/aspect";
import { DiffusionBackend } from "../../src/diffusion/backend";
import { TINY_SD } from "@hyperposter/pipeline/diffusion/builder";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

describe("nearestBucket", () => {
  it("square requests get the native size", () => {
    expect(nearestBucket(1080, 1080, 512, 64)).toEqual({ width: 512, height: 512 });
  });

  it.each([
    [1920, 1080],
    [1080, 1350],
    [1080, 1920],
    [1200, 628],
    [2480, 3508],
  ])("%i×%i: multiple of 64, ≈ native area, the closest aspect on the grid", (w, h) => {
    const b = nearestBucket(w, h, 512, 64);
    expect(b.width % 64).toBe(0);
    expect(b.height % 64).toBe(0);
    expect((b.width * b.height) / (512 * 512)).toBeGreaterThan(0.8);
    expect((b.width * b.height) / (512 * 512)).toBeLessThan(1.2);
    const err = (x: { width: number; height: number }) =>
      Math.abs(Math.log(x.width / x.height / (w / h)));
    for (let cw = 256; cw <= 1024; cw += 64) {
      const ch = Math.round((512 * 512) / cw / 64) * 64;
      if (ch >= 256 && ch <= 1024)
        expect(err(b)).toBeLessThanOrEqual(err({ width: cw, height: ch }) + 1e-9);
    }
  });

  it("16:9 on SD-Turbo's grid is 704×384", () => {
    expect(nearestBucket(1920, 1080, 512, 64)).toEqual({ width: 704, height: 384 });
  });
});

describe("DiffusionBackend (ImageBackend)", () => {
  const models = tinyModelDir();
  let dir: string;
  let backend: DiffusionBackend;
  const request: RenderRequest = {
    prompt: "a cup of coffee on a marble counter, morning light",
    negativePrompt: "text, watermark",
    width: 300,
    height: 200,
    seed: 7,
    variants: 2,
    palette: ["#3B5BDB"],
    calmZones: [],
  };

  beforeAll(async () => {
    dir = models.build("backend", TINY_SD);
    backend = await DiffusionBackend.create({ modelDir: dir, steps: 2 });
  });
  afterAll(async () => {
    await backend?.close();
    models.cleanup();
  });

  it("renders N variants at exactly the requested size, reporting stages", async () => {
    const progress: RenderProgress[] = [];
    const images = await backend.render(request, { onProgress: (p) => progress.push(p) });
    expect(images).toHaveLength(2);
    for (const im of images) {
      expect(im).toMatchObject({ width: 300, height: 200 });
      expect(im.data.length).toBe(300 * 200 * 3);
    }
    expect(progress.map((p) => `${p.stage}:${p.step}`)).toEqual([
      "encode-prompt:0",
      "denoise:1",
      "denoise:2",
      "decode:2",
    ]);
    const again = await backend.render(request);
    expect(again[1]?.data).toEqual(images[1]?.data);
    expect(
      meanAbsDiff(images[0]?.data as Uint8Array, images[1]?.data as Uint8Array),
    ).toBeGreaterThan(1);
  });

  it("is what the factory returns for backend diffusion, and needs a model folder", async () => {
    await expect(createImageBackend({ backend: "diffusion" })).rejects.toThrow(/model folder/);
    const viaFactory = await createImageBackend({ backend: "diffusion", modelDir: dir, steps: 2 });
    expect(viaFactory.name).toBe("diffusion");
    const [first] = await viaFactory.render({ ...request, variants: 1 });
    expect(first?.data).toEqual((await backend.render({ ...request, variants: 1 }))[0]?.data);
    await (viaFactory as DiffusionBackend).close();
  });
});
