import type { Db } from "@hyperposter/db";
import { type FakeStripe, startFakeStripe } from "@hyperposter/devstack";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  balancesOf,
  billingSummary,
  ensureCustomer,
  handleStripeWebhook,
  ledgerEntries,
  lockWorkspace,
  rollPeriodIfDue,
  startCheckout,
  type StripeDeps,
} from "../src";
import { seedWorkspace, testDb } from "./fixtures";
import { post, stripeDeps } from "./stripe";

describe("Stripe checkout and webhooks (real SDK, local Stripe server)", () => {
  let store: Awaited<ReturnType<typeof testDb>>;
  let db: Db;
  let fake: FakeStripe;
  let deps: StripeDeps;
  beforeAll(async () => {
    store = await testDb(inject("pgAdminUrl"), "billing-stripe");
    db = store.db;
    fake = await startFakeStripe();
    deps = stripeDeps(db, fake);
  });
  afterAll(async () => {
    await fake.stop();
    await store.close();
  });

  const plan = async (id: string) => db.workspace.findUniqueOrThrow({ where: { id } });

  it("Upgrade to Pro: a subscription Checkout Session for the workspace; the same completed event three times grants once", async () => {
    const ws = await seedWorkspace(db);
    const { url } = await startCheckout(deps, {
      workspaceId: ws.id,
      item: { plan: "PRO" },
      returnUrl: "http://app.test/w/x/billing",
    });
    const request = fake.requests.find((r) => r.path === "/v1/checkout/sessions")!;
    expect(request.body).toMatchObject({
      mode: "subscription",
      client_reference_id: ws.id,
      line_items: [{ price: "price_pro", quantity: "1" }],
      success_url: "http://app.test/w/x/billing?checkout=success",
    });
    const sessionId = url.split("/").pop()!;
    expect(url).toBe(`${fake.url}/c/pay/${sessionId}`);
    const session = fake.completeCheckout(sessionId);
    const event = fake.event("checkout.session.completed", session);
    for (let i = 0; i < 3; i++) expect((await post(deps, event)).status).toBe(200);
    expect(await plan(ws.id)).toMatchObject({ plan: "PRO", planStatus: "ACTIVE" });
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 300 });
    expect(await db.stripeEvent.count({ where: { id: String(event.id) } })).toBe(1);
    // invoice.paid for that first invoice arrives too: keyed on the invoice id, no second grant.
    const subscription = fake.subscriptions.get(String(session.subscription))!;
    const invoice = fake.invoices.get(String(subscription.latest_invoice))!;
    await post(deps, fake.event("invoice.paid", invoice));
    expect(await balancesOf(db, ws.id)).toMatchObject({ monthly: 300 });
  });

  it("subscription.updated before created, and a stale update after deletion: the state Stripe has now wins", async () => {
    const ws = await seedWorkspace(db);
    const customer = await ensureCustomer(deps, ws.id);
    const subscription = fake.createSubscription(customer, [{ price: "price_team" }], {
      workspaceId: ws.id,
    });
    const updated = fake.event("customer.subscription.updated", subscription);
    const created = fake.event("customer.subscription.created", subscription);
    await post(deps, updated);
    await post(deps, created);
    expect(await plan(ws.id)).toMatchObject({
      plan: "TEAM",
      stripeSubscriptionId: subscription.id,
    });
    fake.cancel(String(subscription.id));
    await post(deps, fake.event("customer.subscription.deleted", subscription));
    // A late "updated" still carrying the active object: re-read, it is canceled.
    await post(
      deps,
      fake.event("customer.subscription.updated", { ...subscription, status: "active" }),
    );
    expect(await plan(ws.id)).toMatchObject({ plan: "FREE", stripeSubscriptionId: null });
  });

  it("a bad signature is a 400 and changes nothing", async () => {
    const ws = await seedWorkspace(db);
    const customer = await ensureCustomer(deps, ws.id);
    const subscription = fake.createSubscription(customer, [{ price: "price_agency" }]);
    const rawBody = JSON.stringify(fake.event("customer.subscription.created", subscription));
    const forged = deps.stripe.webhooks.generateTestHeaderString({
      payload: rawBody,
      secret: "whsec_not_ours",
    });
    const events = await db.stripeEvent.count();
    for (const signature of [forged, null, "t=1,v1=deadbeef"]) {
      const result = await handleStripeWebhook(deps, { rawBody, signature });
      expect(result).toEqual({
        status: 400,
        body: { received: false, error: "The Stripe signature does not match." },
      });
    }
    // A body changed after signing fails too.
    const signed = deps.stripe.webhooks.generateTestHeaderString({
      payload: rawBody,
      secret: "whsec_test_hyperposter",
    });
    const tampered = rawBody.replace("price_agency", "price_pro__");
    expect((await handleStripeWebhook(deps, { rawBody: tampered, signature: signed })).status).toBe(
      400,
    );
    expect(await db.stripeEvent.count()).toBe(events);
    expect(await plan(ws.id)).toMatchObject({ plan: "FREE", stripeSubscriptionId: null });
  });

  it("invoice.paid redelivered (same event) and sent again the next day (new event): one grant", async () => {
    const ws = await seedWorkspace(db);
    const customer = await ensureCustomer(deps, ws.id);
    const subscription = fake.createSubscription(customer, [{ price: "price_pro" }]);
    await post(deps, fake.event("customer.subscription.created", subscription));
    const invoice = fake.renew(String(subscription.id), "paid");
    const event = fake.event("invoice.paid", invoice);
    await post(deps, event);
    await post(deps, event);
    await post(deps, fake.event("invoice.paid", invoice), {
      now: new Date(Date.now() + 86_400_000),
    });
    const grants = (await ledgerEntries(db, ws.id)).filter((e) =>
      e.idempotencyKey.startsWith("stripe:invoice:"),
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ amount: 300, bucket: "MONTHLY" });
    const state = await plan(ws.id);
    expect(state.periodEnd!.getTime()).toBe(Number(invoice.period_end) * 1000);
  });

  it("payment failed: past due with a grace period, then Free and its one seat", async () => {
    const ws = await seedWorkspace(db);
    const customer = await ensureCustomer(deps, ws.id);
    const subscription = fake.createSubscription(customer, [{ price: "price_team" }]);
    await post(deps, fake.event("customer.subscription.created", subscription));
    const failed = fake.renew(String(subscription.id), "failed");
    const now = new Date();
    await post(deps, fake.event("invoice.payment_failed", failed), { now });
    const pastDue = await plan(ws.id);
    expect(pastDue).toMatchObject({ plan: "TEAM", planStatus: "PAST_DUE" });
    expect(pastDue.graceEndsAt!.getTime()).toBe(now.getTime() + 7 * 86_400_000);
    // Within the grace period the plan holds; after it, the next touch drops it to Free.
    const after = new Date(pastDue.graceEndsAt!.getTime() + 1000);
    await db.$transaction(async (tx) => {
      await lockWorkspace(tx, ws.id);
      await rollPeriodIfDue(tx, ws.id, new Date(pastDue.graceEndsAt!.getTime() - 1000));
    });
    expect((await plan(ws.id)).plan).toBe("TEAM");
    await db.$transaction(async (tx) => {
      await lockWorkspace(tx, ws.id);
      await rollPeriodIfDue(tx, ws.id, after);
    });
    const summary = await billingSummary(db, ws.id);
    expect(summary.plan).toMatchObject({ name: "FREE", seats: 1 });
    expect(summary.planStatus).toBe("ACTIVE");
  });

  it("a credit pack: payment-mode checkout, pack credits once, never expiring", async () => {
    const ws = await seedWorkspace(db);
    const { url } = await startCheckout(deps, {
      workspaceId: ws.id,
      item: { pack: "PACK_100" },
      returnUrl: "http://app.test/w/x/billing",
    });
    const sessionId = url.split("/").pop()!;
    expect(fake.sessions.get(sessionId)).toMatchObject({
      mode: "payment",
      client_reference_id: ws.id,
    });
    const completed = fake.completeCheckout(sessionId);
    await post(deps, fake.event("checkout.session.completed", completed));
    await post(deps, fake.event("checkout.session.completed", completed));
    expect(await balancesOf(db, ws.id)).toMatchObject({ packs: 100, monthly: 0 });
    const [entry] = (await ledgerEntries(db, ws.id)).filter((e) => e.kind === "PURCHASE");
    expect(entry).toMatchObject({
      expiresAt: null,
      idempotencyKey: `stripe:checkout:${sessionId}`,
    });
  });

  it("charge.refunded: a pack refund takes its credits back once per refund id; a later partial refund counts its share", async () => {
    const ws = await seedWorkspace(db);
    const { url } = await startCheckout(deps, {
      workspaceId: ws.id,
      item: { pack: "PACK_500" },
      returnUrl: "http://app.test/w/x/billing",
    });
    const sessionId = url.split("/").pop()!;
    await post(deps, fake.event("checkout.session.completed", fake.completeCheckout(sessionId)));
    expect(await balancesOf(db, ws.id)).toMatchObject({ packs: 500 });
    // A fifth of the payment refunded: 100 credits back; the same event three times, one entry.
    const partial = fake.event("charge.refunded", fake.refund(sessionId, 200));
    for (let i = 0; i < 3; i++) expect((await post(deps, partial)).status).toBe(200);
    expect(await balancesOf(db, ws.id)).toMatchObject({ packs: 400 });
    // The rest refunded later: the new event re-reads the charge's refunds; the first is not taken twice.
    const rest = fake.event("charge.refunded", fake.refund(sessionId));
    await post(deps, rest);
    await post(deps, rest);
    expect(await balancesOf(db, ws.id)).toMatchObject({ packs: 0, total: 0 });
    const refunds = (await ledgerEntries(db, ws.id)).filter((e) => e.kind === "REFUND");
    expect(refunds.map((e) => e.amount).sort((a, b) => a - b)).toEqual([-400, -100]);
    for (const e of refunds) expect(e.idempotencyKey).toMatch(/^stripe:refund:re_/);
    // A forged refund event is refused before anything is read.
    const forged = await handleStripeWebhook(deps, {
      rawBody: JSON.stringify(rest),
      signature: "t=1,v1=deadbeef",
    });
    expect(forged.status).toBe(400);
  });
});
