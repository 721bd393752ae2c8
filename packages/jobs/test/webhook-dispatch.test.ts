import { newWebhookSecret, type TargetPolicy } from "@hyperposter/webhooks";
import { startReceiver, type Receiver } from "@hyperposter/devstack";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { deliverDueWebhooks, queueGenerationEvents, replayDelivery } from "../src";
import { generationRow, seedWorkspace, testDb } from "./fixtures";

const policy: TargetPolicy = {
  requireHttps: false,
  allowAddresses: ["127.0.0.2"],
  allowPrivate: false,
};

describe("webhook deliveries from generation events", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "webhooks");
  });
  afterAll(async () => {
    await store.close();
  });
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    // Leave nothing due for the next test.
    await store.db.webhookDelivery.updateMany({
      where: { status: "PENDING" },
      data: { status: "FAILED" },
    });
  });

  async function setUp(
    respond: Parameters<typeof startReceiver>[1],
    events = ["generation.succeeded"],
  ) {
    const secret = newWebhookSecret();
    const receiver = await startReceiver(secret, respond);
    receivers.push(receiver);
    const workspace = await seedWorkspace(store.db, 0);
    const endpoint = await store.db.webhookEndpoint.create({
      data: { workspaceId: workspace.id, url: receiver.url(), events, secret },
    });
    return { receiver, workspace, endpoint };
  }

  async function finished(workspaceId: string, status: "SUCCEEDED" | "FAILED" | "CANCELED") {
    return store.db.generation.create({
      data: {
        ...generationRow(workspaceId),
        status,
        finishedAt: new Date(),
        ...(status === "FAILED"
          ? { errorCode: "render", errorMessage: "The renderer stopped." }
          : {}),
      },
    });
  }

  /** Make every pending delivery due now, as if its backoff had passed. */
  const fastForward = () =>
    store.db.webhookDelivery.updateMany({
      where: { status: "PENDING" },
      data: { nextAttemptAt: new Date(0) },
    });

  it("sends one signed event per terminal generation to subscribed endpoints only", async () => {
    const { receiver, workspace } = await setUp(() => ({ status: 200 }));
    const other = await setUp(() => ({ status: 200 }), ["generation.failed"]);
    const done = await finished(workspace.id, "SUCCEEDED");
    await finished(other.workspace.id, "SUCCEEDED");
    const running = await store.db.generation.create({
      data: { ...generationRow(workspace.id), status: "RUNNING" },
    });
    expect(await queueGenerationEvents(store.db)).toBe(1);
    // Nothing new to queue: each generation is turned into events once.
    expect(await queueGenerationEvents(store.db)).toBe(0);
    expect(await deliverDueWebhooks(store.db, { policy })).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verified).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: "generation.succeeded",
      data: { object: "generation", id: done.id, status: "succeeded", error: null },
    });
    expect(other.receiver.received).toHaveLength(0);
    const untouched = await store.db.generation.findUniqueOrThrow({ where: { id: running.id } });
    expect(untouched.webhooksQueuedAt).toBeNull();
  });

  it("retries a receiver that fails twice, delivers once, and logs 3 attempts", async () => {
    let calls = 0;
    const { receiver, workspace } = await setUp(
      () => ({ status: calls++ < 2 ? 502 : 200 }),
      ["generation.failed"],
    );
    await finished(workspace.id, "FAILED");
    await queueGenerationEvents(store.db);
    const states = [];
    for (let i = 0; i < 3; i += 1) {
      states.push(await deliverDueWebhooks(store.db, { policy }));
      await fastForward();
    }
    expect(states.map((s) => s.delivered)).toEqual([0, 0, 1]);
    expect(await deliverDueWebhooks(store.db, { policy })).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(JSON.parse(receiver.received[2]!.body).data.error).toEqual({
      code: "render",
      message: "The renderer stopped.",
    });
    const delivery = await store.db.webhookDelivery.findFirstOrThrow({
      where: { workspaceId: workspace.id },
      include: { attemptLog: { orderBy: { attempt: "asc" } } },
    });
    expect(delivery.status).toBe("DELIVERED");
    expect(delivery.attemptLog.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
      [1, "retry", 502],
      [2, "retry", 502],
      [3, "delivered", 200],
    ]);
  });

  it("waits out the backoff between attempts", async () => {
    const { workspace } = await setUp(() => ({ status: 500 }));
    await finished(workspace.id, "SUCCEEDED");
    await queueGenerationEvents(store.db);
    expect((await deliverDueWebhooks(store.db, { policy })).retrying).toBe(1);
    // Not due again for about 5 s.
    expect(await deliverDueWebhooks(store.db, { policy })).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    });
    const row = await store.db.webhookDelivery.findFirstOrThrow({
      where: { workspaceId: workspace.id },
    });
    expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(3_000);
  });

  it("re-sends with the same webhook-id after a worker died mid-delivery", async () => {
    const { receiver, workspace } = await setUp(() => ({ status: 200 }));
    await finished(workspace.id, "SUCCEEDED");
    await queueGenerationEvents(store.db);
    // A worker claims the row and dies before recording anything: the lease runs out.
    const claimed = await store.db.$executeRaw`
      UPDATE "WebhookDelivery" SET attempts = attempts + 1,
        "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + interval '1 second'
      WHERE "workspaceId" = ${workspace.id}`;
    expect(claimed).toBe(1);
    expect((await deliverDueWebhooks(store.db, { policy })).delivered).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await deliverDueWebhooks(store.db, { policy })).delivered).toBe(1);
    const row = await store.db.webhookDelivery.findFirstOrThrow({
      where: { workspaceId: workspace.id },
    });
    expect(receiver.received[0]?.headers["webhook-id"]).toBe(row.id);
    expect(row.attempts).toBe(2);
  });

  it("disables an endpoint that answers 410 and fails refused targets without retrying", async () => {
    const { workspace, endpoint } = await setUp(() => ({ status: 410 }));
    await finished(workspace.id, "SUCCEEDED");
    await queueGenerationEvents(store.db);
    expect((await deliverDueWebhooks(store.db, { policy })).failed).toBe(1);
    const disabled = await store.db.webhookEndpoint.findUniqueOrThrow({
      where: { id: endpoint.id },
    });
    expect(disabled.disabledReason).toBe("The endpoint answered 410 Gone.");
    // A disabled endpoint gets no new deliveries.
    await finished(workspace.id, "SUCCEEDED");
    expect(await queueGenerationEvents(store.db)).toBe(0);

    const loopback = await setUp(() => ({ status: 200 }));
    await store.db.webhookEndpoint.update({
      where: { id: loopback.endpoint.id },
      data: { url: loopback.receiver.url().replace("127.0.0.2", "127.0.0.1") },
    });
    await finished(loopback.workspace.id, "SUCCEEDED");
    await queueGenerationEvents(store.db);
    expect(await deliverDueWebhooks(store.db, { policy })).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 1,
    });
    const refused = await store.db.webhookDelivery.findFirstOrThrow({
      where: { workspaceId: loopback.workspace.id },
    });
    expect(refused.status).toBe("FAILED");
    expect(refused.lastError).toMatch(/public address/);
  });

  it("replays a delivery as a new message in the same workspace only", async () => {
    const { receiver, workspace } = await setUp(() => ({ status: 200 }));
    await finished(workspace.id, "SUCCEEDED");
    await queueGenerationEvents(store.db);
    await deliverDueWebhooks(store.db, { policy });
    const original = await store.db.webhookDelivery.findFirstOrThrow({
      where: { workspaceId: workspace.id },
    });
    expect(await replayDelivery(store.db, "another-workspace", original.id)).toBeNull();
    const replayId = await replayDelivery(store.db, workspace.id, original.id);
    expect(replayId).not.toBe(original.id);
    await deliverDueWebhooks(store.db, { policy });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([original.id, replayId]);
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
  });
});
