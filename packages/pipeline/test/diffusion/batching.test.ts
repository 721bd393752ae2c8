import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SD, TINY_SDXL } from "@hyperposter/pipeline/diffusion/builder";
import { GenerateCoalescer, type BatchInfo, type RowRunner } from "../../src/diffusion/batching";
import {
  DiffusionPipeline,
  type GenerateOptions,
  type ImageRow,
  type SharedOptions,
} from "../../src/diffusion/pipeline";
import type { RgbImage } from "../../src/image-backend/types";
import { meanAbsDiff, tinyModelDir } from "./tiny-models";

/*
 * Cross-request batching on tiny random-weight folders (ONNX Runtime CPU):
 * rows with their own prompt and seed share one UNet call and still give
 * the image each would give alone.
 */

const models = tinyModelDir();
let sd: DiffusionPipeline;
let xl: DiffusionPipeline;
const shared = { steps: 2, guidanceScale: 0, width: 64, height: 64 };
const req = (prompt: string, seed: number, extra: Partial<GenerateOptions> = {}) => ({
  ...shared,
  prompt,
  seed,
  ...extra,
});

beforeAll(async () => {
  sd = await DiffusionPipeline.load(models.build("sd", TINY_SD));
  xl = await DiffusionPipeline.load(models.build("sdxl", TINY_SDXL));
});

afterAll(async () => {
  for (const p of [sd, xl]) await p?.release();
  models.cleanup();
});

function maxAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/**
 * "Identical": on this machine ONNX Runtime CPU gives the same bytes batched
 * and alone; one level of slack per channel (and almost never used) leaves
 * room for a CPU whose batched GEMM kernels sum in another order.
 */
function expectSameImage(a: RgbImage | undefined, b: RgbImage | undefined): void {
  expect(a?.width).toBe(b?.width);
  expect(a?.height).toBe(b?.height);
  const x = a?.data as Uint8Array;
  const y = b?.data as Uint8Array;
  expect(maxAbsDiff(x, y)).toBeLessThanOrEqual(1);
  expect(meanAbsDiff(x, y)).toBeLessThan(0.01);
}

async function alone(p: DiffusionPipeline, o: GenerateOptions): Promise<RgbImage[]> {
  return (await p.generate(o)).images;
}

describe("DiffusionPipeline.generateRows: rows with different prompts and seeds", () => {
  it("one batched run gives each row the image it gets alone, in row order", async () => {
    const rows: ImageRow[] = [
      { prompt: "a red apple", seed: 1, stream: 0 },
      { prompt: "a blue car in the snow", seed: 7, stream: 0 },
      { prompt: "a red apple", seed: 1, stream: 1 },
    ];
    // At the native size (128²), as the worker's renders run.
    const native = { ...shared, width: 128, height: 128 };
    const batched = await sd.generateRows(rows, native);
    expect(batched.images).toHaveLength(3);
    expect(batched.timings.unetMs).toHaveLength(2);
    const [a0, a1] = await alone(sd, { ...native, prompt: "a red apple", seed: 1, batch: 2 });
    const [b0] = await alone(sd, { ...native, prompt: "a blue car in the snow", seed: 7 });
    expectSameImage(batched.images[0], a0);
    expectSameImage(batched.images[1], b0);
    expectSameImage(batched.images[2], a1);
    expect(
      meanAbsDiff(batched.images[0]?.data as Uint8Array, batched.images[1]?.data as Uint8Array),
    ).toBeGreaterThan(1);
  });

  it("with CFG each row keeps its own negative prompt (SD) and SDXL zeroes only empty negatives", async () => {
    const cfg = { ...shared, guidanceScale: 5 };
    const rows: ImageRow[] = [
      { prompt: "a lighthouse", negativePrompt: "blurry", seed: 3, stream: 0 },
      { prompt: "a lighthouse", negativePrompt: "", seed: 3, stream: 0 },
    ];
    for (const p of [sd, xl]) {
      const batched = await p.generateRows(rows, cfg);
      const [withNeg] = await alone(p, {
        ...cfg,
        prompt: "a lighthouse",
        negativePrompt: "blurry",
        seed: 3,
      });
      const [emptyNeg] = await alone(p, {
        ...cfg,
        prompt: "a lighthouse",
        negativePrompt: "",
        seed: 3,
      });
      expectSameImage(batched.images[0], withNeg);
      expectSameImage(batched.images[1], emptyNeg);
      // Same prompt and seed: only the negative differs, and it shows.
      expect(
        meanAbsDiff(batched.images[0]?.data as Uint8Array, batched.images[1]?.data as Uint8Array),
      ).toBeGreaterThan(0.01);
    }
  });
});

/** The real pipeline behind a RowRunner that records each run's rows, and can be made to fail. */
function recording(p: DiffusionPipeline, failWhen?: (rows: readonly ImageRow[]) => boolean) {
  const runs: string[][] = [];
  const runner: RowRunner = {
    checkOptions: (o) => p.checkOptions(o),
    generateRows: async (rows: readonly ImageRow[], o: SharedOptions) => {
      runs.push(rows.map((r) => `${r.prompt}#${r.seed}.${r.stream}`));
      if (failWhen?.(rows)) throw new Error("the model run failed");
      return p.generateRows(rows, o);
    },
  };
  return { runner, runs };
}

describe("GenerateCoalescer: concurrent requests → one UNet batch", () => {
  it("merges requests that arrive within the wait into one run and returns each its own images", async () => {
    const { runner, runs } = recording(sd);
    const batches: BatchInfo[] = [];
    const c = new GenerateCoalescer(runner, {
      maxBatch: 4,
      maxWaitMs: 1000,
      onBatch: (b) => batches.push(b),
    });
    const requests = [
      req("a red apple", 1),
      req("a blue car in the snow", 7, { batch: 2 }),
      req("a lighthouse", 9),
    ];
    const results = await Promise.all(requests.map((r) => c.generate(r)));
    expect(runs).toEqual([
      [
        "a red apple#1.0",
        "a blue car in the snow#7.0",
        "a blue car in the snow#7.1",
        "a lighthouse#9.0",
      ],
    ]);
    expect(batches).toMatchObject([{ requests: 3, rows: 4, outcome: "ok" }]);
    expect(results.map((r) => r.images.length)).toEqual([1, 2, 1]);
    for (const [i, r] of requests.entries()) {
      expect(results[i]?.batch).toEqual({ requests: 3, rows: 4 });
      const solo = await alone(sd, r);
      solo.forEach((image, k) => expectSameImage(results[i]?.images[k], image));
    }
  });

  it("starts a full batch at once, splits at maxBatch, and never mixes sizes or step counts", async () => {
    const { runner, runs } = recording(sd);
    const c = new GenerateCoalescer(runner, { maxBatch: 2, maxWaitMs: 60_000 });
    // Would wait a minute for company: full batches start without waiting.
    const t0 = performance.now();
    await Promise.all([
      c.generate(req("a", 1)),
      c.generate(req("b", 2)),
      c.generate(req("c", 3)),
      c.generate(req("d", 4)),
    ]);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(runs).toEqual([
      ["a#1.0", "b#2.0"],
      ["c#3.0", "d#4.0"],
    ]);

    const mixed = recording(sd);
    const m = new GenerateCoalescer(mixed.runner, { maxBatch: 4, maxWaitMs: 50 });
    await Promise.all([
      m.generate(req("a", 1)),
      m.generate(req("b", 2, { steps: 1 })),
      m.generate(req("c", 3, { width: 128 })),
      m.generate(req("d", 4)),
    ]);
    expect(mixed.runs).toEqual([["a#1.0", "d#4.0"], ["b#2.0"], ["c#3.0"]]);
  });

  it("maxBatch 1 runs every request alone, in arrival order", async () => {
    const { runner, runs } = recording(sd);
    const c = new GenerateCoalescer(runner, { maxBatch: 1, maxWaitMs: 1000 });
    await Promise.all([c.generate(req("a", 1)), c.generate(req("b", 2))]);
    expect(runs).toEqual([["a#1.0"], ["b#2.0"]]);
  });

  it("an aborted request is rejected alone, queued or mid-run; the others get their images", async () => {
    const { runner, runs } = recording(sd);
    const batches: BatchInfo[] = [];
    const c = new GenerateCoalescer(runner, {
      maxBatch: 4,
      maxWaitMs: 200,
      onBatch: (b) => batches.push(b),
    });
    const queued = new AbortController();
    const midRun = new AbortController();
    const a = c.generate(req("a red apple", 1, { steps: 3 }));
    const b = c.generate(req("b", 2, { steps: 3, signal: queued.signal }));
    const steps: number[] = [];
    const cc = c.generate(
      req("a blue car in the snow", 7, {
        steps: 3,
        signal: midRun.signal,
        onStep: (s) => {
          steps.push(s);
          if (s === 1) midRun.abort();
        },
      }),
    );
    queued.abort(new Error("canceled while queued"));
    await expect(b).rejects.toThrow("canceled while queued");
    await expect(cc).rejects.toThrow(/abort/i);
    const result = await a;
    expect(steps).toEqual([1]);
    expect(runs).toEqual([["a red apple#1.0", "a blue car in the snow#7.0"]]);
    expectSameImage(result.images[0], (await alone(sd, req("a red apple", 1, { steps: 3 })))[0]);

    // Every member gone: the batch itself stops between steps.
    const x = new AbortController();
    const y = new AbortController();
    const seen: number[] = [];
    const both = [
      c.generate(req("x", 1, { steps: 4, signal: x.signal, onStep: (s) => seen.push(s) })),
      c.generate(
        req("y", 2, {
          steps: 4,
          signal: y.signal,
          onStep: (s) => s === 1 && (x.abort(), y.abort()),
        }),
      ),
    ];
    await Promise.allSettled(both);
    for (const p of both) await expect(p).rejects.toThrow(/abort/i);
    await new Promise((r) => setTimeout(r, 10));
    expect(batches.at(-1)).toMatchObject({ requests: 2, outcome: "failed" });
    expect(seen).toEqual([1]);
  });

  it("a request the pipeline refuses fails alone; a failed batch is re-run one request at a time", async () => {
    const poisoned = recording(sd, (rows) => rows.some((r) => r.prompt === "poison"));
    const batches: BatchInfo[] = [];
    const c = new GenerateCoalescer(poisoned.runner, {
      maxBatch: 4,
      maxWaitMs: 200,
      onBatch: (b) => batches.push(b),
    });
    const bad = c.generate(req("off the grid", 1, { width: 70 }));
    const [good, poison, other] = [
      c.generate(req("a red apple", 1)),
      c.generate(req("poison", 2)),
      c.generate(req("a lighthouse", 3)),
    ];
    await expect(bad).rejects.toThrow(/multiples of 16/);
    await expect(poison).rejects.toThrow("the model run failed");
    const [g, o] = await Promise.all([good, other]);
    expect(poisoned.runs).toEqual([
      ["a red apple#1.0", "poison#2.0", "a lighthouse#3.0"],
      ["a red apple#1.0"],
      ["poison#2.0"],
      ["a lighthouse#3.0"],
    ]);
    expect(batches.map((b) => b.outcome)).toEqual(["split"]);
    expect(g.batch).toEqual({ requests: 1, rows: 1 });
    expectSameImage(g.images[0], (await alone(sd, req("a red apple", 1)))[0]);
    expectSameImage(o.images[0], (await alone(sd, req("a lighthouse", 3)))[0]);
  });
});
