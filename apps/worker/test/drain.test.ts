import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resultOf, TestStack } from "./harness";

// Four formats × 2 variants: a job of a few seconds on the CPU.
const LONG = {
  language: "en",
  product: "espresso machine",
  offer: "launch week price",
  formats: [
    "banner-medium-rectangle",
    "banner-leaderboard",
    "banner-skyscraper",
    "link-ad-landscape",
  ],
};

describe("SIGTERM during work", () => {
  const stack = new TestStack({ label: "drain", visibilityTimeoutSeconds: 30 });
  beforeAll(() => stack.start(inject("pgAdminUrl")));
  afterAll(() => stack.stop());

  it("finishes the job in flight within the drain deadline, then exits 0", async () => {
    const worker = await stack.startWorker({ WORKER_DRAIN_SECONDS: "60" });
    const { generationId } = await stack.submit({ brief: LONG, variants: 2 });
    await worker.waitForLog(/"msg":"job claimed"/, 30_000);
    worker.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    const done = await stack.db.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(done.status).toBe("SUCCEEDED");
    expect(worker.output).toMatch(/"released":0,.*"msg":"stopped"/);
    const result = await resultOf(stack, generationId);
    expect(result.outputs).toBe(8);
    expect(result.charged).toBe(result.passed);
  });

  it("past the deadline, releases the job to the queue; another worker completes it once", async () => {
    const worker = await stack.startWorker({ WORKER_DRAIN_SECONDS: "0" });
    const { generationId } = await stack.submit({ brief: LONG, variants: 2 });
    await worker.waitForLog(/"msg":"job claimed"/, 30_000);
    worker.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output).toMatch(/"msg":"released at the drain deadline"/);
    const released = await stack.db.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(released.status).toBe("QUEUED");
    expect(released.leaseExpiresAt).toBeNull();

    // Visibility 0 and no lease: the next worker takes it at once, not after 30 s.
    const t0 = Date.now();
    const next = await stack.startWorker();
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    expect(Date.now() - t0).toBeLessThan(25_000);
    // The status row is written before the log line: wait for the line, then count.
    await next.waitForLog(/"msg":"generation succeeded"/, 10_000);
    expect(next.count(/"msg":"generation succeeded"/)).toBe(1);
    const result = await resultOf(stack, generationId);
    expect(result.outputs).toBe(8);
    // 3 encodings + 1 background + 2 WebP renditions per asset.
    expect(result.keys).toHaveLength(48);
    expect(result.holds).toBe(1);
    expect(result.charged).toBe(result.passed);
  });
});
