import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { parseJobMessage } from "@hyperposter/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSqsClient, dispatchOutboxOnce, enqueueJob } from "../src";
import { testDb, testQueue } from "./fixtures";

describe("outbox dispatcher", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  let queue: Awaited<ReturnType<typeof testQueue>>;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "outbox");
    queue = await testQueue();
  });
  afterAll(async () => {
    await queue.close();
    await store.close();
  });

  const enqueue = async (n: number, prefix: string) => {
    for (let i = 0; i < n; i++)
      await enqueueJob(store.db, {
        v: 1,
        generationId: `${prefix}-${i}`,
        workspaceId: "ws",
        lane: "INTERACTIVE",
        traceId: `t-${i}`,
      });
  };

  const drain = async () => {
    const bodies: string[] = [];
    for (;;) {
      const result = await queue.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
        }),
      );
      if (!result.Messages?.length) return bodies;
      bodies.push(...result.Messages.map((m) => m.Body ?? ""));
    }
  };

  it("sends due rows in batches of 10, marks them sent, and two dispatchers never send a row twice", async () => {
    await enqueue(25, "batch");
    const results = await Promise.all([
      dispatchOutboxOnce(store.db, queue.sqs, queue.queueUrl),
      dispatchOutboxOnce(store.db, queue.sqs, queue.queueUrl),
      dispatchOutboxOnce(store.db, queue.sqs, queue.queueUrl),
    ]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(25);
    expect(await store.db.outboxMessage.count({ where: { sentAt: null } })).toBe(0);
    const bodies = await drain();
    expect(bodies).toHaveLength(25);
    const ids = bodies.map((b) => parseJobMessage(b)?.generationId);
    expect(new Set(ids).size).toBe(25);
  });

  it("when the queue is unreachable keeps the rows with attempts, the error and a backoff", async () => {
    await store.db.outboxMessage.deleteMany();
    await enqueue(3, "down");
    // Nothing listens on port 9 (discard): connection refused, as when fauxqs/SQS is down.
    const unreachable = createSqsClient({
      region: "us-east-1",
      sqsEndpoint: "http://127.0.0.1:9",
    });
    const before = Date.now();
    const result = await dispatchOutboxOnce(store.db, unreachable, queue.queueUrl);
    expect(result).toMatchObject({ sent: 0, failed: 3 });
    const rows = await store.db.outboxMessage.findMany();
    for (const row of rows) {
      expect(row.sentAt).toBeNull();
      expect(row.attempts).toBe(1);
      expect(row.lastError).toBeTruthy();
      expect(row.availableAt.getTime()).toBeGreaterThan(before);
    }
    // Not due yet: a second pass right away leaves them alone.
    expect(await dispatchOutboxOnce(store.db, queue.sqs, queue.queueUrl)).toMatchObject({
      sent: 0,
    });
    await store.db.outboxMessage.updateMany({ data: { availableAt: new Date(0) } });
    expect(await dispatchOutboxOnce(store.db, queue.sqs, queue.queueUrl)).toMatchObject({
      sent: 3,
    });
    expect(await drain()).toHaveLength(3);
    unreachable.destroy();
  });
});
