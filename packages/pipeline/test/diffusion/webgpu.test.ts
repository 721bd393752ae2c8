import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TINY_SD, TINY_SDXL } from "@hyperposter/pipeline/diffusion/builder";
import { DiffusionPipeline } from "../../src/diffusion/pipeline";
import { probeWebGpu } from "../../src/diffusion/onnx/session";
import { tinyModelDir } from "./tiny-models";

/*
 * The same tiny SD and SDXL folders end to end on ONNX Runtime's bundled
 * WebGPU provider (Dawn over Vulkan) and on the CPU provider: the images must
 * agree. On a machine without a GPU this runs on Mesa's lavapipe (a CPU
 * Vulkan driver), which is slow, so the images are small (64²).
 *
 * Tolerance, per 8-bit channel: max |Δ| ≤ 2 and mean |Δ| ≤ 0.05. Both
 * providers compute in fp32 (the built fp16 folders store fp16 weights and
 * I/O, and cast to fp32 inside), so the only differences are summation order
 * and fused kernels, well under one 8-bit level except at rounding edges.
 *
 * Without a Vulkan device the suite is skipped with a message, unless
 * HYPERPOSTER_REQUIRE_WEBGPU=1 (CI sets it): then a missing device fails.
 */

const models = tinyModelDir();
const probe = await probeWebGpu(join(models.build("probe", TINY_SD), "unet", "model.onnx"));
const required = process.env["HYPERPOSTER_REQUIRE_WEBGPU"] === "1";
if (!probe.available && !required) {
  console.warn(`webgpu tests skipped: no WebGPU (Vulkan) adapter here (${probe.reason})`);
}

afterAll(() => models.cleanup());

const size = { width: 64, height: 64 };
const prompt = "a red apple on a wooden table";

function compare(a: Uint8Array, b: Uint8Array): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

describe.skipIf(!probe.available && !required)("webgpu provider (tiny models)", () => {
  it("has a WebGPU adapter (HYPERPOSTER_REQUIRE_WEBGPU=1 makes a missing one a failure)", () => {
    expect(probe.reason).toBe("ok");
    expect(probe.available).toBe(true);
  });

  const cases = [
    { name: "SD", preset: TINY_SD },
    { name: "SDXL", preset: TINY_SDXL },
  ] as const;
  for (const { name, preset } of cases) {
    for (const dtype of ["float32", "float16"] as const) {
      it(`${name} ${dtype === "float32" ? "fp32" : "fp16"}: 1 and 4 steps equal the CPU provider's images`, async () => {
        const dir = models.build(`${name}-${dtype}`, preset, { dtype });
        const cpu = await DiffusionPipeline.load(dir, { provider: "cpu" });
        const gpu = await DiffusionPipeline.load(dir, { provider: "webgpu" });
        try {
          expect(new Set(Object.values(gpu.providers))).toEqual(new Set(["webgpu"]));
          // SD's text embeddings feed the UNet as a GPU buffer; SDXL's are joined on the host.
          expect(gpu.hiddenOnDevice).toBe(name === "SD");
          expect(gpu.sessions.unet.inputMetadata.find((m) => m.name === "sample")).toMatchObject({
            type: dtype,
          });
          for (const steps of [1, 4]) {
            const options = { prompt, steps, guidanceScale: 0, seed: 7, ...size };
            const a = (await cpu.generate(options)).images[0]?.data as Uint8Array;
            const b = (await gpu.generate(options)).images[0]?.data as Uint8Array;
            expect(b.length).toBe(64 * 64 * 3);
            // A flat or saturated image would agree trivially.
            expect(new Set(a).size, "distinct channel values").toBeGreaterThan(32);
            const d = compare(a, b);
            console.info(
              `webgpu vs cpu, ${name} ${dtype} ${steps} step(s): max |Δ| ${d.max}, mean |Δ| ${d.mean.toFixed(4)}`,
            );
            expect(d.max, `${name} ${dtype} ${steps} step(s): max |Δ|`).toBeLessThanOrEqual(2);
            expect(d.mean, `${name} ${dtype} ${steps} step(s): mean |Δ|`).toBeLessThanOrEqual(0.05);
          }
        } finally {
          await cpu.release();
          await gpu.release();
        }
      }, 240_000);
    }
  }
});
