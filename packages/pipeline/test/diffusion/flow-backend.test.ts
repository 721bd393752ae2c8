import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TINY_FLUX, TINY_SD3, writeFlowFolder } from "@hyperposter/pipeline/diffusion/builder";
import { DiffusionBackend } from "../../src/diffusion/backend";
import type { BatchInfo } from "../../src/diffusion/batching";
import { FlowPipeline } from "../../src/diffusion/flow/flow-pipeline";
import { createImageBackend } from "../../src/image-backend/factory";
import type { RenderProgress, RenderRequest } from "../../src/image-backend/types";

/* IMAGE_BACKEND=diffusion on a FluxPipeline / StableDiffusion3Pipeline folder: dispatch by model_index.json. */

const root = mkdtempSync(join(tmpdir(), "hp-flow-backend-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const poster: RenderRequest = {
  prompt: "a red cup of coffee on the table, product photo",
  negativePrompt: "text, watermark",
  width: 1080,
  height: 1350,
  seed: 11,
  variants: 2,
  palette: ["#3B5BDB"],
  calmZones: [],
};

describe("DiffusionBackend over flow-matching folders", () => {
  it("renders a poster-size request with the tiny Flux folder, batching concurrent renders", async () => {
    const dir = writeFlowFolder(join(root, "flux"), TINY_FLUX).dir;
    const batches: BatchInfo[] = [];
    const backend = await DiffusionBackend.create({
      modelDir: dir,
      steps: 2,
      batching: { maxBatch: 4, maxWaitMs: 50, onBatch: (b) => batches.push(b) },
    });
    try {
      expect(backend.pipeline).toBeInstanceOf(FlowPipeline);
      const progress: RenderProgress[] = [];
      const [a, b] = await Promise.all([
        backend.render(poster, { onProgress: (p) => progress.push(p) }),
        backend.render({ ...poster, seed: 12, prompt: "blue tea poster" }),
      ]);
      for (const im of [...(a ?? []), ...(b ?? [])]) {
        expect(im).toMatchObject({ width: 1080, height: 1350 });
        expect(im.data.length).toBe(1080 * 1350 * 3);
      }
      expect(batches.some((x) => x.requests === 2)).toBe(true);
      expect(progress.map((p) => p.stage)).toContain("denoise");
      const alone = await backend.render(poster);
      expect(alone[1]?.data).toEqual(a?.[1]?.data);
    } finally {
      await backend.close();
    }
  });

  it("the factory loads an SD3 folder for backend diffusion", async () => {
    const dir = writeFlowFolder(join(root, "sd3"), TINY_SD3).dir;
    const backend = await createImageBackend({ backend: "diffusion", modelDir: dir, steps: 1 });
    try {
      const [im] = await backend.render({ ...poster, variants: 1, width: 1200, height: 628 });
      expect(im).toMatchObject({ width: 1200, height: 628 });
    } finally {
      await (backend as DiffusionBackend).close();
    }
  });
});
