import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD, TINY_SDXL } from "@hyperposter/pipeline/diffusion/builder";
import { DiffusionPipeline } from "../../../src/diffusion/pipeline";
import { tinyModelDir } from "../tiny-models";

/*
 * The embedding cache and sequential encoders must change memory and run
 * counts only: images stay bit-identical to a pipeline with neither.
 */
const models = tinyModelDir();
let sdDir: string;
let xlDir: string;
const base = { prompt: "a red apple on a wooden table", steps: 2, guidanceScale: 0, seed: 42 };
const cfg = { ...base, guidanceScale: 5, negativePrompt: "" };

beforeAll(() => {
  sdDir = models.build("sd", TINY_SD);
  xlDir = models.build("sdxl", TINY_SDXL, { timestep: "int64" });
});
afterAll(() => models.cleanup());

describe("embedding cache and sequential encoders", () => {
  it("encodes a prompt once across formats and variants; images equal the uncached ones", async () => {
    const plain = await DiffusionPipeline.load(sdDir, undefined, { embeddingCache: false });
    const cached = await DiffusionPipeline.load(sdDir);
    // Three "formats" of one generation, two variants each.
    const sizes = [
      { width: 128, height: 128 },
      { width: 192, height: 96 },
      { width: 96, height: 192 },
    ];
    for (const size of sizes) {
      const a = await plain.generate({ ...base, ...size, batch: 2 });
      const b = await cached.generate({ ...base, ...size, batch: 2 });
      expect(b.images.map((i) => i.data)).toEqual(a.images.map((i) => i.data));
    }
    expect(plain.encoders.runs).toBe(3);
    expect(cached.encoders.runs).toBe(1);
    // CFG adds the negative row: only the new prompt is encoded, the cached row is reused.
    const a = await plain.generate({ ...cfg, negativePrompt: "blurry" });
    const b = await cached.generate({ ...cfg, negativePrompt: "blurry" });
    expect(b.images[0]?.data).toEqual(a.images[0]?.data);
    expect(cached.encoders.runs).toBe(2);
    await cached.generate({ ...base, prompt: "a blue car" });
    expect(cached.encoders.runs).toBe(3);
    await plain.release();
    await cached.release();
  });

  it("sequential mode (encoders opened and released per new prompt, denoiser reloaded) gives the same images, SDXL included", async () => {
    for (const dir of [sdDir, xlDir]) {
      const resident = await DiffusionPipeline.load(dir, undefined, { embeddingCache: false });
      const sequential = await DiffusionPipeline.load(dir, undefined, { sequentialEncoders: true });
      expect(sequential.sessions.textEncoder).toBeUndefined();
      expect(sequential.encoders.opens).toBe(0);
      for (const options of [base, cfg, base]) {
        const a = await resident.generate(options);
        const b = await sequential.generate(options);
        expect(b.images[0]?.data).toEqual(a.images[0]?.data);
      }
      const encoders = dir === xlDir ? 2 : 1;
      // base, then cfg (new empty negative), then base again from the cache.
      expect(sequential.encoders.runs).toBe(2 * encoders);
      expect(sequential.encoders.opens).toBe(2 * encoders);
      await resident.release();
      await sequential.release();
    }
  });
});
