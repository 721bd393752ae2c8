import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TINY_SD, writeModelFolder } from "@hyperposter/pipeline/diffusion/builder";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resultOf, TestStack } from "./harness";

// Cross-job batching end to end: two queued generations, one worker with the
// diffusion backend and HYPERPOSTER_BATCH_MAX=2, and their renders meet in
// ONE UNet batch (the tiny CI model, random weights, CPU provider).

describe("worker: two queued diffusion generations share one UNet batch", () => {
  const stack = new TestStack({ label: "batching", visibilityTimeoutSeconds: 20 });
  const modelDir = mkdtempSync(join(tmpdir(), "hp-batching-model-"));
  beforeAll(async () => {
    writeModelFolder(modelDir, TINY_SD);
    await stack.start(inject("pgAdminUrl"));
  });
  afterAll(async () => {
    await stack.stop();
    rmSync(modelDir, { recursive: true, force: true });
  });

  it("both SUCCEED, from one 2-request batch, logged and counted in the metric", async () => {
    // Queued before the worker starts, so it receives both at once.
    const ids = [(await stack.submit()).generationId, (await stack.submit()).generationId];
    const worker = await stack.startWorker({
      IMAGE_BACKEND: "diffusion",
      HYPERPOSTER_MODEL_DIR: modelDir,
      HYPERPOSTER_DIFFUSION_STEPS: "1",
      HYPERPOSTER_BATCH_MAX: "2",
      // Long enough that the second job's render, a layout step behind, joins the first's.
      HYPERPOSTER_BATCH_WAIT_MS: "3000",
      LOG_LEVEL: "debug",
    });
    expect(worker.output).toMatch(/"concurrency":2[^\n]*"batchMax":2[^\n]*"msg":"worker started"/);
    await stack.waitForStatus(ids, ["SUCCEEDED"], 90_000);
    for (const id of ids) {
      const result = await resultOf(stack, id);
      expect(result).toMatchObject({ outputs: 1, holds: 1, settles: 1 });
    }
    const batches = worker.output
      .split("\n")
      .filter((line) => line.includes('"msg":"diffusion batch"'))
      .map((line) => JSON.parse(line) as { requests: number; rows: number; outcome: string });
    // One render per generation (one format, one variant): both in one batch.
    expect(batches).toEqual([expect.objectContaining({ requests: 2, rows: 2, outcome: "ok" })]);
    const metrics = await (await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`)).text();
    expect(metrics).toMatch(/hyperposter_diffusion_batch_requests_count\{outcome="ok"\} 1\b/);
    expect(metrics).toMatch(/hyperposter_diffusion_batch_requests_sum\{outcome="ok"\} 2\b/);
  });
});
