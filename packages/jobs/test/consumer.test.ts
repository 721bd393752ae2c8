import { ReceiveMessageCommand, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HandlerOutcome, QueueConsumer, type ReceivedJob } from "../src";
import { testQueue } from "./fixtures";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("QueueConsumer against the fauxqs SQS server", () => {
  let queue: Awaited<ReturnType<typeof testQueue>>;
  beforeAll(async () => {
    queue = await testQueue(30);
  });
  afterAll(() => queue.close());

  const send = (n: number, prefix: string) =>
    queue.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: Array.from({ length: n }, (_, i) => ({
          Id: String(i),
          MessageBody: `${prefix}${i}`,
        })),
      }),
    );
  const consumer = (
    handleMessage: (job: ReceivedJob) => Promise<HandlerOutcome>,
    extra: Partial<ConstructorParameters<typeof QueueConsumer>[0]> = {},
  ) =>
    new QueueConsumer({
      sqs: queue.sqs,
      queueUrl: queue.queueUrl,
      handleMessage,
      concurrency: 2,
      waitTimeSeconds: 1,
      visibilityTimeoutSeconds: 30,
      heartbeatSeconds: 10,
      ...extra,
    });

  it("never holds more messages than free slots, and polls again as soon as one frees", async () => {
    await send(5, "slot-");
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    const c = consumer(async (job) => {
      running += 1;
      peak = Math.max(peak, running);
      seen.push(job.body);
      await sleep(job.body === "slot-0" ? 50 : 400);
      running -= 1;
      return { action: "delete" };
    });
    c.start();
    await sleep(300);
    // Two slots: two messages taken, three still visible to other workers.
    const counts = await queue.counts();
    expect(counts.inFlight).toBeLessThanOrEqual(2);
    expect(counts.visible).toBeGreaterThanOrEqual(2);
    while (seen.length < 5) await sleep(20);
    await c.stop(5_000);
    expect(peak).toBe(2);
    expect(await queue.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it("keeps a long job invisible with heartbeats (ChangeMessageVisibility) past its visibility timeout", async () => {
    await send(1, "long-");
    const c = consumer(
      async () => {
        await sleep(3_500);
        return { action: "delete" };
      },
      { visibilityTimeoutSeconds: 2, heartbeatSeconds: 1, concurrency: 1 },
    );
    c.start();
    await sleep(2_500);
    // Past the 2 s visibility timeout: without heartbeats another receiver would get it now.
    const stolen = await queue.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, WaitTimeSeconds: 0 }),
    );
    expect(stolen.Messages ?? []).toHaveLength(0);
    await c.stop(5_000);
    expect(await queue.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it("at the drain deadline aborts the job and releases its message with visibility 0", async () => {
    await send(1, "drain-");
    let aborted = false;
    const c = consumer(
      (job) =>
        new Promise<HandlerOutcome>((resolve) => {
          job.signal.addEventListener("abort", () => {
            aborted = true;
            resolve({ action: "release" });
          });
        }),
      { concurrency: 1 },
    );
    c.start();
    while (c.inFlightCount === 0) await sleep(20);
    const { released } = await c.stop(200);
    expect(aborted).toBe(true);
    expect(released).toBe(1);
    // Visible again at once, not after the 30 s visibility timeout.
    const again = await queue.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, WaitTimeSeconds: 1 }),
    );
    expect(again.Messages?.[0]?.Body).toBe("drain-0");
  });

  it("a retry outcome hides the message for its backoff and counts receives", async () => {
    const queue2 = await testQueue(30);
    try {
      await queue2.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue2.queueUrl,
          Entries: [{ Id: "0", MessageBody: "retry" }],
        }),
      );
      const receives: { at: number; count: number }[] = [];
      const c = new QueueConsumer({
        sqs: queue2.sqs,
        queueUrl: queue2.queueUrl,
        concurrency: 1,
        waitTimeSeconds: 1,
        visibilityTimeoutSeconds: 30,
        heartbeatSeconds: 10,
        handleMessage: async (job) => {
          receives.push({ at: Date.now(), count: job.receiveCount });
          return receives.length < 2 ? { action: "retry", delaySeconds: 1 } : { action: "delete" };
        },
      });
      c.start();
      while (receives.length < 2) await sleep(20);
      await c.stop(1_000);
      expect(receives.map((r) => r.count)).toEqual([1, 2]);
      const gap = (receives[1]?.at ?? 0) - (receives[0]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(900);
      expect(gap).toBeLessThan(10_000);
    } finally {
      await queue2.close();
    }
  });
});
