import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD, TINY_SDXL } from "@hyperposter/pipeline/diffusion/builder";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

/*
 * End to end on tiny random-weight folders: ONNX Runtime CPU runs the real
 * graphs, so these catch wrong names, dtypes, shapes and plumbing. Random
 * weights make pixel *values* meaningless, so assertions compare runs.
 */

const models = tinyModelDir();
let sd: DiffusionPipeline;
let sdFp16: DiffusionPipeline;
let vpred: DiffusionPipeline;
let xl: DiffusionPipeline;
let lcm: DiffusionPipeline;
let tcd: DiffusionPipeline;
const base = { prompt: "a red apple on a wooden table", steps: 2, guidanceScale: 0, seed: 42 };

beforeAll(async () => {
  sd = await DiffusionPipeline.load(models.build("sd", TINY_SD, { tinyVae: true }));
  sdFp16 = await DiffusionPipeline.load(models.build("sd-fp16", TINY_SD, { dtype: "float16" }));
  vpred = await DiffusionPipeline.load(
    models.build("sd-vpred-int64", TINY_SD, {
      timestep: "int64",
      scheduler: { prediction_type: "v_prediction" },
    }),
  );
  xl = await DiffusionPipeline.load(models.build("sdxl", TINY_SDXL, { timestep: "int64" }));
  lcm = await DiffusionPipeline.load(
    models.build("lcm", TINY_SD, { scheduler: { _class_name: "LCMScheduler" } }),
  );
  tcd = await DiffusionPipeline.load(
    models.build("tcd", TINY_SD, { scheduler: { _class_name: "TCDScheduler" } }),
  );
});

afterAll(async () => {
  for (const p of [sd, sdFp16, vpred, xl, lcm, tcd]) await p?.release();
  models.cleanup();
});

describe("DiffusionPipeline on tiny models", () => {
  it("returns RGB images at the native size by default, and at other sizes on the UNet's grid", async () => {
    const { images } = await sd.generate(base);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ width: 128, height: 128 });
    expect(images[0]?.data.length).toBe(128 * 128 * 3);
    const wide = await sd.generate({ ...base, width: 192, height: 96 });
    expect(wide.images[0]).toMatchObject({ width: 192, height: 96 });
    // tiny UNet: 2 levels → latents even → pixels multiples of 16
    await expect(sd.generate({ ...base, width: 120 })).rejects.toThrow(/multiples of 16/);
  });

  it("is deterministic per seed; another seed or prompt changes the image", async () => {
    const a = (await sd.generate(base)).images[0]?.data as Uint8Array;
    const again = (await sd.generate(base)).images[0]?.data as Uint8Array;
    expect(again).toEqual(a);
    const seed = (await sd.generate({ ...base, seed: 43 })).images[0]?.data as Uint8Array;
    expect(meanAbsDiff(seed, a)).toBeGreaterThan(1);
    const prompt = (await sd.generate({ ...base, prompt: "a blue car in the snow" })).images[0]
      ?.data as Uint8Array;
    expect(meanAbsDiff(prompt, a)).toBeGreaterThan(0.1);
  });

  it("a different step count (hence timesteps) changes the image", async () => {
    const two = (await sd.generate(base)).images[0]?.data as Uint8Array;
    const one = (await sd.generate({ ...base, steps: 1 })).images[0]?.data as Uint8Array;
    expect(meanAbsDiff(one, two)).toBeGreaterThan(0.1);
  });

  it("guidance > 1 runs batched CFG (UNet batch 2) and changes the result; ≤ 1 means no CFG", async () => {
    const none = (await sd.generate(base)).images[0]?.data as Uint8Array;
    const one = (await sd.generate({ ...base, guidanceScale: 1 })).images[0]?.data as Uint8Array;
    expect(one).toEqual(none);
    const cfg = await sd.generate({ ...base, guidanceScale: 7.5, negativePrompt: "blurry" });
    expect(meanAbsDiff(cfg.images[0]?.data as Uint8Array, none)).toBeGreaterThan(0.1);
    const otherNegative = await sd.generate({
      ...base,
      guidanceScale: 7.5,
      negativePrompt: "text, watermark",
    });
    expect(
      meanAbsDiff(otherNegative.images[0]?.data as Uint8Array, cfg.images[0]?.data as Uint8Array),
    ).toBeGreaterThan(0.01);
  });

  it("a batch of N gives N distinct variants; variant 0 matches a single run", async () => {
    const single = (await sd.generate(base)).images[0]?.data as Uint8Array;
    const { images } = await sd.generate({ ...base, batch: 3 });
    expect(images).toHaveLength(3);
    expect(meanAbsDiff(images[0]?.data as Uint8Array, single)).toBeLessThan(0.05);
    expect(
      meanAbsDiff(images[1]?.data as Uint8Array, images[0]?.data as Uint8Array),
    ).toBeGreaterThan(1);
    expect(
      meanAbsDiff(images[2]?.data as Uint8Array, images[1]?.data as Uint8Array),
    ).toBeGreaterThan(1);
  });

  it("reports progress once per step and honours an AbortSignal between steps", async () => {
    const seen: string[] = [];
    await sd.generate({ ...base, steps: 3, onStep: (s, t) => seen.push(`${s}/${t}`) });
    expect(seen).toEqual(["1/3", "2/3", "3/3"]);
    const controller = new AbortController();
    const run = sd.generate({
      ...base,
      steps: 4,
      signal: controller.signal,
      onStep: (s) => s === 1 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
  });

  it("records per-stage timings", async () => {
    const { timings } = await sd.generate({ ...base, steps: 3 });
    expect(timings.unetMs).toHaveLength(3);
    expect(timings.overheadMs).toHaveLength(3);
    expect(timings.textEncoderMs).toBeGreaterThan(0);
    expect(timings.vaeMs).toBeGreaterThan(0);
  });

  it("decodes with the tiny VAE when asked", async () => {
    const full = (await sd.generate(base)).images[0]?.data as Uint8Array;
    const tiny = await sd.generate({ ...base, tinyVae: true });
    expect(tiny.images[0]).toMatchObject({ width: 128, height: 128 });
    expect(meanAbsDiff(tiny.images[0]?.data as Uint8Array, full)).toBeGreaterThan(1);
  });

  it("fp16 folder (fp16 I/O and weights) stays close to the fp32 model built from the same seed", async () => {
    expect(sdFp16.sessions.unet.inputMetadata.find((m) => m.name === "sample")).toMatchObject({
      type: "float16",
    });
    const fp32 = (await sd.generate(base)).images[0]?.data as Uint8Array;
    const fp16 = (await sdFp16.generate(base)).images[0]?.data as Uint8Array;
    const diff = meanAbsDiff(fp16, fp32);
    expect(diff).toBeLessThan(3);
    expect(diff).toBeGreaterThan(0); // the weights really were rounded to half precision
  });

  it("v-prediction with an int64 timestep input runs and differs from epsilon", async () => {
    expect(vpred.sessions.unet.inputMetadata.find((m) => m.name === "timestep")).toMatchObject({
      type: "int64",
    });
    const v = (await vpred.generate(base)).images[0]?.data as Uint8Array;
    const eps = (await sd.generate(base)).images[0]?.data as Uint8Array;
    expect(meanAbsDiff(v, eps)).toBeGreaterThan(0.1);
    expect((await vpred.generate(base)).images[0]?.data).toEqual(v);
  });

  it("SDXL: two text encoders, text_embeds + time_ids, CFG with zeroed empty negative", async () => {
    const { images } = await xl.generate({ ...base, width: 128, height: 64, batch: 2 });
    expect(images).toHaveLength(2);
    expect(images[1]).toMatchObject({ width: 128, height: 64 });
    const cfg = await xl.generate({ ...base, guidanceScale: 5 });
    const cfgNeg = await xl.generate({ ...base, guidanceScale: 5, negativePrompt: "low quality" });
    expect(
      meanAbsDiff(cfg.images[0]?.data as Uint8Array, cfgNeg.images[0]?.data as Uint8Array),
    ).toBeGreaterThan(0.01);
  });

  it("LCM and TCD draw their between-step noise from the seeded streams: deterministic, seed-dependent", async () => {
    for (const p of [lcm, tcd]) {
      const a = (await p.generate({ ...base, steps: 4 })).images[0]?.data as Uint8Array;
      expect((await p.generate({ ...base, steps: 4 })).images[0]?.data).toEqual(a);
      const other = (await p.generate({ ...base, steps: 4, seed: 99 })).images[0]
        ?.data as Uint8Array;
      expect(meanAbsDiff(other, a)).toBeGreaterThan(0.1);
    }
    const deterministic = (await tcd.generate({ ...base, steps: 4, eta: 0 })).images[0]
      ?.data as Uint8Array;
    const stochastic = (await tcd.generate({ ...base, steps: 4, eta: 1 })).images[0]
      ?.data as Uint8Array;
    expect(meanAbsDiff(deterministic, stochastic)).toBeGreaterThan(0.01);
  });
});
