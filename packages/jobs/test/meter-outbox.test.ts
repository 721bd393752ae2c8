import {
  chargeAssets,
  createStripe,
  grantCredits,
  holdCredits,
  lockWorkspace,
  METER_TOPIC,
  sendMeterEvent,
} from "@hyperposter/billing";
import type { Db } from "@hyperposter/db";
import { type FakeStripe, startFakeStripe } from "@hyperposter/devstack";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dispatchTopicOnce } from "../src";
import { generationRow, testDb } from "./fixtures";

describe("Agency overage → Stripe meter events through the outbox", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  let fake: FakeStripe;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "meter");
    db = store.db;
    fake = await startFakeStripe();
  });
  afterAll(async () => {
    await fake.stop();
    await store.close();
  });

  it("a dispatcher that dies after Stripe answered but before its commit: resent with the same identifier, billed once", async () => {
    const ws = await db.workspace.create({
      data: {
        slug: "agency-meter",
        name: "Agency",
        plan: "AGENCY",
        overageCap: 10,
        stripeCustomerId: "cus_meter",
        periodStart: new Date(Date.now() - 86_400_000),
        periodEnd: new Date(Date.now() + 20 * 86_400_000),
      },
    });
    await grantCredits(db, {
      workspaceId: ws.id,
      amount: 1,
      cause: { type: "admin", actionId: "meter:grant" },
    });
    const g = await db.generation.create({
      data: generationRow(ws.id, { formats: ["a", "b", "c"] }),
    });
    await db.$transaction(async (tx) => {
      await lockWorkspace(tx, ws.id);
      await holdCredits(tx, { workspaceId: ws.id, generationId: g.id, amount: 3 });
    });
    await chargeAssets(db, {
      workspaceId: ws.id,
      generationId: g.id,
      round: 1,
      assets: ["a", "b", "c"].map((format) => ({ variant: 0, format, delivered: true })),
    });
    const stripe = createStripe({
      secretKey: "sk_test_meter",
      webhookSecret: undefined,
      prices: {},
      meterEventName: "hyperposter_overage_credits",
      graceDays: 7,
      apiBase: fake.url,
    });
    const send = (payload: unknown) =>
      sendMeterEvent(db, stripe, "hyperposter_overage_credits", payload);
    // First dispatcher: Stripe receives the event, then the process is gone before the commit.
    const first = await dispatchTopicOnce(db, METER_TOPIC, async (payload) => {
      await send(payload);
      throw new Error("worker killed");
    });
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    await db.outboxMessage.updateMany({
      where: { topic: METER_TOPIC },
      data: { availableAt: new Date(0) },
    });
    expect(await dispatchTopicOnce(db, METER_TOPIC, send)).toMatchObject({ sent: 1, failed: 0 });
    expect(await dispatchTopicOnce(db, METER_TOPIC, send)).toMatchObject({ sent: 0 });
    const requests = fake.requests.filter((r) => r.path === "/v1/billing/meter_events");
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((r) => r.body.identifier)).size).toBe(1);
    expect(new Set(requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(requests[0]!.body).toMatchObject({
      event_name: "hyperposter_overage_credits",
      payload: { stripe_customer_id: "cus_meter", value: "2" },
    });
    expect(fake.billedMeterEvents()).toHaveLength(1);
  });
});
