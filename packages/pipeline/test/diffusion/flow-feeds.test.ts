import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { TINY_FLUX_DEV, TINY_SD3, writeFlowFolder } from "@hyperposter/pipeline/diffusion/builder";
import { FlowPipeline } from "../../src/diffusion/flow/flow-pipeline";
import { readFloat } from "../../src/diffusion/onnx/tensors";

/*
 * What FlowPipeline feeds the transformer, against diffusers' FluxPipeline /
 * StableDiffusion3Pipeline formulas: Flux's timestep is σ after the dynamic
 * shift of linspace(1, 1/n, n) with μ from the token count, guidance is the
 * scale, ids are [0, row, col] / zeros; SD3's timestep is σ·1000 on the
 * shift-3 grid and its text is CLIP-L ‖ CLIP-G zero-padded to T5's width,
 * then T5's tokens.
 */

const root = mkdtempSync(join(tmpdir(), "hp-flow-feeds-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

type Feeds = Record<string, ort.Tensor>;
// onnxruntime-common types InferenceSession as a factory; at runtime it is the class.
const sessionProto = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession })
  .prototype;

async function recordFeeds(run: () => Promise<unknown>): Promise<Feeds[]> {
  const seen: Feeds[] = [];
  const original = sessionProto.run;
  vi.spyOn(sessionProto, "run").mockImplementation(function (
    this: ort.InferenceSession,
    feeds: Feeds,
    ...rest: unknown[]
  ) {
    if ("hidden_states" in feeds) seen.push({ ...feeds });
    return (original as (...a: unknown[]) => Promise<ort.InferenceSession.ReturnType>).call(
      this,
      feeds,
      ...rest,
    );
  });
  await run();
  return seen;
}

describe("transformer feeds", () => {
  it("Flux-dev: σ timesteps with μ(64 tokens), guidance, ids, 512 T5 tokens", async () => {
    const p = await FlowPipeline.load(writeFlowFolder(join(root, "dev"), TINY_FLUX_DEV).dir);
    try {
      const feeds = await recordFeeds(() =>
        p.generate({ prompt: "a red cup", steps: 4, guidanceScale: 3.5, seed: 1 }),
      );
      expect(feeds).toHaveLength(4);
      // calculate_shift(64): 0.5 + (1.15 − 0.5)/(4096 − 256)·(64 − 256)
      const mu = 0.5 + ((1.15 - 0.5) / (4096 - 256)) * (64 - 256);
      const k = Math.exp(mu);
      const expected = [1, 0.75, 0.5, 0.25].map((s) => k / (k + (1 / s - 1)));
      feeds.forEach((f, i) => {
        const t = readFloat(f["timestep"], "timestep");
        expect(t[0]).toBeCloseTo(expected[i] as number, 5);
        expect(readFloat(f["guidance"], "guidance")[0]).toBe(3.5);
        expect(f["hidden_states"]?.dims).toEqual([1, 64, 64]);
      });
      const f0 = feeds[0] as Feeds;
      expect(f0["encoder_hidden_states"]?.dims).toEqual([1, 512, 48]);
      expect(f0["pooled_projections"]?.dims).toEqual([1, 32]);
      expect(f0["txt_ids"]?.dims).toEqual([512, 3]);
      expect(readFloat(f0["txt_ids"], "txt_ids").every((v) => v === 0)).toBe(true);
      const ids = readFloat(f0["img_ids"], "img_ids");
      expect(f0["img_ids"]?.dims).toEqual([64, 3]);
      // token 8·r + c of the 8×8 grid is [0, r, c]
      expect([...ids.slice(3 * 11, 3 * 12)]).toEqual([0, 1, 3]);
    } finally {
      await p.release();
    }
  });

  it("SD3 with CFG: σ·1000 on the shift-3 grid, [neg, pos] rows, CLIP padded then T5 on the sequence", async () => {
    const p = await FlowPipeline.load(writeFlowFolder(join(root, "sd3"), TINY_SD3).dir);
    try {
      const feeds = await recordFeeds(() =>
        p.generate({ prompt: "a red cup", steps: 4, guidanceScale: 5, seed: 1 }),
      );
      // SD3.5 shift 3, 4 steps (diffusers): σ = [1, .857692, .602151, .008929]
      const sigmas = [1, 0.857692, 0.602151, 0.008929];
      feeds.forEach((f, i) => {
        const t = readFloat(f["timestep"], "timestep");
        expect(t).toHaveLength(2);
        expect((t[0] as number) / 1000).toBeCloseTo(sigmas[i] as number, 5);
        expect(f["hidden_states"]?.dims).toEqual([2, 16, 16, 16]);
      });
      const f0 = feeds[0] as Feeds;
      expect(f0["encoder_hidden_states"]?.dims).toEqual([2, 77 + 256, 80]);
      expect(f0["pooled_projections"]?.dims).toEqual([2, 64]);
      const h = readFloat(f0["encoder_hidden_states"], "encoder_hidden_states");
      const row = (r: number, s: number) => h.subarray((r * 333 + s) * 80, (r * 333 + s + 1) * 80);
      // CLIP tokens: 32 (L) + 40 (G) real features, then zeros up to 80; T5 tokens fill all 80.
      expect(
        row(1, 5)
          .slice(72)
          .every((v) => v === 0),
      ).toBe(true);
      expect(
        row(1, 5)
          .slice(0, 72)
          .some((v) => v !== 0),
      ).toBe(true);
      expect(
        row(1, 100)
          .slice(72)
          .some((v) => v !== 0),
      ).toBe(true);
      // negative ("") and positive rows differ
      expect(row(0, 1).some((v, i) => v !== row(1, 1)[i])).toBe(true);
    } finally {
      await p.release();
    }
  });
});
