import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  countParameters,
  TINY_SD,
  writeModelFolder,
} from "@hyperposter/pipeline/diffusion/builder";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import { fromFloat16 } from "../../src/diffusion/onnx/fp16";
const root = mkdtempSync(join(tmpdir(), "hp-tiled-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("tiledWeights (latency-benchmark folders)", () => {
  it("builds the same graphs and parameter counts, with normal-looking weights, and runs", async () => {
    const dir = join(root, "tiled");
    const tiled = writeModelFolder(dir, TINY_SD, {
      dtype: "float16",
      tiledWeights: true,
      externalData: true,
    });
    expect(tiled.parameters).toEqual(countParameters(TINY_SD));
    const bits = readFileSync(join(dir, "unet", "model.onnx_data"));
    const values = fromFloat16(new Uint16Array(bits.buffer, bits.byteOffset, bits.length / 2));
    expect(values.every(Number.isFinite)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(1000);
    const p = await DiffusionPipeline.load(dir);
    try {
      const { images } = await p.generate({
        prompt: "a cup",
        steps: 1,
        guidanceScale: 0,
        seed: 1,
        width: 64,
        height: 64,
      });
      expect(new Set(images[0]?.data).size).toBeGreaterThan(32);
    } finally {
      await p.release();
    }
  }, 120_000);
});
