import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resultOf, TestStack } from "./harness";

// Three banner formats × 2 variants: long enough (~1 s) to kill a worker mid-job.
const SLOW = {
  language: "en",
  product: "trail running shoes",
  offer: "free shipping",
  formats: ["banner-medium-rectangle", "banner-leaderboard", "banner-skyscraper"],
};

describe("kill -9 mid-job, duplicate deliveries, two workers on one generation", () => {
  const stack = new TestStack({ label: "kill", visibilityTimeoutSeconds: 4 });
  beforeAll(() => stack.start(inject("pgAdminUrl")));
  afterAll(() => stack.stop());

  it("kill -9 of a worker mid-job: another worker finishes it after the visibility timeout, one set of assets, one charge", async () => {
    const first = await stack.startWorker();
    const { generationId } = await stack.submit({ brief: SLOW, variants: 2 });
    await first.waitForLog(/"msg":"job claimed"/, 30_000);
    first.kill("SIGKILL");
    await first.exited;
    const orphan = await stack.db.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(orphan.status).toBe("RUNNING");
    expect(orphan.attempts).toBe(1);

    const killedAt = Date.now();
    const second = await stack.startWorker();
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    // Redelivery waited for the visibility timeout (4 s), not for anything shorter.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(3_000);
    const done = await stack.db.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(done.attempts).toBe(2);
    const result = await resultOf(stack, generationId);
    expect(result.outputs).toBe(6);
    // 3 encodings + 1 background + 2 WebP renditions per asset, each stored once under its derived key.
    expect(result.files).toBe(36);
    expect(result.keys).toHaveLength(36);
    expect(result.holds).toBe(1);
    expect(result.settles).toBe(result.passed);
    expect(result.charged).toBe(result.passed);
    expect(second.count(/"msg":"generation succeeded"/)).toBe(1);
    second.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("the same message delivered three times to two workers: one claim, one result, one charge", async () => {
    const a = await stack.startWorker();
    const b = await stack.startWorker();
    const { generationId } = await stack.submit({ variants: 2 });
    const generation = await stack.db.generation.findUniqueOrThrow({
      where: { id: generationId },
    });
    const body = JSON.stringify({
      v: 1,
      generationId,
      workspaceId: stack.workspaceId,
      lane: generation.lane,
      traceId: generation.traceId,
    });
    // Two extra copies, as SQS at-least-once delivery or a sweeper re-send would make.
    await Promise.all(
      [1, 2].map(() =>
        stack.sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrl, MessageBody: body })),
      ),
    );
    await stack.waitForStatus([generationId], ["SUCCEEDED"], 60_000);
    // Every copy is consumed: the extras are acknowledged as duplicates (or deferred, then dropped).
    const deadline = Date.now() + 30_000;
    while (a.count(/"msg":"duplicate delivery/) + b.count(/"msg":"duplicate delivery/) < 2) {
      if (Date.now() > deadline)
        throw new Error(`duplicates not dropped:\n${a.output}\n${b.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const claims = a.count(/"msg":"job claimed"/) + b.count(/"msg":"job claimed"/);
    expect(claims).toBe(1);
    const succeeded =
      a.count(/"msg":"generation succeeded"/) + b.count(/"msg":"generation succeeded"/);
    expect(succeeded).toBe(1);
    const result = await resultOf(stack, generationId);
    expect(result.outputs).toBe(2);
    expect(result.keys).toHaveLength(12);
    expect(result.holds).toBe(1);
    expect(result.charged).toBe(result.passed);
    const done = await stack.db.generation.findUniqueOrThrow({ where: { id: generationId } });
    expect(done.attempts).toBe(1);
  });
});
