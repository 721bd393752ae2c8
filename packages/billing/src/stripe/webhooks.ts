import type { Prisma } from "@hyperposter/db";
import { CREDIT_PACKS, CreditPack, planLimits, type PlanName } from "@hyperposter/domain";
import type Stripe from "stripe";
import { grantCredits, refundPackCredits } from "../grants";
import { addMonth } from "../period";
import { lockWorkspace } from "../tx";
import { planOfPrice } from "./client";
import type { StripeDeps } from "./checkout";

type Tx = Prisma.TransactionClient;

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
  "charge.refunded",
] as const;

export interface WebhookResult {
  status: number;
  body: { received: boolean; duplicate?: boolean; ignored?: boolean; error?: string };
}

/**
 * The webhook endpoint's work. The signature is checked on the raw body
 * before anything is parsed; the objects are then re-read from Stripe (their
 * state now, whatever order the events came in); the event id is recorded in
 * the same transaction as its effect, so a redelivered event changes nothing.
 */
export async function handleStripeWebhook(
  deps: StripeDeps,
  input: { rawBody: string; signature: string | null; now?: Date },
): Promise<WebhookResult> {
  const secret = deps.settings.webhookSecret;
  if (!secret)
    return { status: 503, body: { received: false, error: "STRIPE_WEBHOOK_SECRET is not set." } };
  let event: Stripe.Event;
  try {
    event = deps.stripe.webhooks.constructEvent(input.rawBody, input.signature ?? "", secret);
  } catch {
    return {
      status: 400,
      body: { received: false, error: "The Stripe signature does not match." },
    };
  }
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type))
    return { status: 200, body: { received: true, ignored: true } };
  if (await deps.db.stripeEvent.findUnique({ where: { id: event.id } }))
    return { status: 200, body: { received: true, duplicate: true } };
  const effect = await effectOf(deps, event, input.now ?? new Date());
  const applied = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.stripeEvent.createMany({
      data: { id: event.id, type: event.type },
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await effect(tx);
    return true;
  });
  return { status: 200, body: { received: true, ...(applied ? {} : { duplicate: true }) } };
}

type Effect = (tx: Tx) => Promise<void>;
const nothing: Effect = async () => {};

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** Read what the event is about from Stripe now, and return the database change it calls for. */
async function effectOf(deps: StripeDeps, event: Stripe.Event, now: Date): Promise<Effect> {
  const object = event.data.object as { id?: string };
  if (!object.id) return nothing;
  switch (event.type) {
    case "checkout.session.completed": {
      const session = await deps.stripe.checkout.sessions.retrieve(object.id);
      const workspaceId = session.client_reference_id;
      if (!workspaceId) return nothing;
      if (session.mode === "payment") {
        const pack = CreditPack.safeParse(session.metadata?.pack);
        if (session.payment_status !== "paid" || !pack.success) return nothing;
        return async (tx) => {
          await linkCustomer(tx, workspaceId, idOf(session.customer));
          await grantCredits(tx, {
            workspaceId,
            amount: CREDIT_PACKS[pack.data].credits,
            cause: { type: "checkout", sessionId: session.id },
            kind: "PURCHASE",
            note: `Credit pack ${pack.data}`,
          });
        };
      }
      const subscriptionId = idOf(session.subscription);
      if (!subscriptionId) return nothing;
      const subscription = await deps.stripe.subscriptions.retrieve(subscriptionId);
      const invoiceId = idOf(subscription.latest_invoice);
      const invoice = invoiceId ? await deps.stripe.invoices.retrieve(invoiceId) : null;
      return async (tx) => {
        await linkCustomer(tx, workspaceId, idOf(session.customer));
        await applySubscription(deps, tx, subscription, now);
        // The first invoice's grant, keyed on the invoice id: invoice.paid for it adds nothing.
        if (invoice?.status === "paid") await applyPaidInvoice(deps, tx, invoice, subscription);
      };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const subscription = await deps.stripe.subscriptions.retrieve(object.id);
      return (tx) => applySubscription(deps, tx, subscription, now);
    }
    case "invoice.paid": {
      const invoice = await deps.stripe.invoices.retrieve(object.id);
      const subscriptionId = subscriptionOfInvoice(invoice);
      if (invoice.status !== "paid" || !subscriptionId) return nothing;
      const subscription = await deps.stripe.subscriptions.retrieve(subscriptionId);
      return (tx) => applyPaidInvoice(deps, tx, invoice, subscription);
    }
    case "invoice.payment_failed": {
      const invoice = await deps.stripe.invoices.retrieve(object.id);
      // Paid since (a retry went through): the failure is history.
      if (invoice.status === "paid" || !subscriptionOfInvoice(invoice)) return nothing;
      const customer = idOf(invoice.customer);
      return async (tx) => {
        const ws = customer
          ? await tx.workspace.findUnique({ where: { stripeCustomerId: customer } })
          : null;
        if (!ws || ws.plan === "FREE") return;
        await lockWorkspace(tx, ws.id);
        await tx.workspace.update({
          where: { id: ws.id },
          data: {
            planStatus: "PAST_DUE",
            graceEndsAt:
              ws.graceEndsAt ?? new Date(now.getTime() + deps.settings.graceDays * 86_400_000),
          },
        });
      };
    }
    case "charge.refunded":
      return packRefunds(deps, object.id);
    default:
      return nothing;
  }
}

/**
 * A refunded credit-pack payment: each refund of the charge (read from
 * Stripe now, so a partial refund and a later full one both count) takes
 * back its share of the pack's credits, once per refund id.
 */
async function packRefunds(deps: StripeDeps, chargeId: string): Promise<Effect> {
  const charge = await deps.stripe.charges.retrieve(chargeId);
  const paymentIntent = idOf(charge.payment_intent);
  if (!paymentIntent || charge.amount <= 0) return nothing;
  const sessions = await deps.stripe.checkout.sessions.list({
    payment_intent: paymentIntent,
    limit: 1,
  });
  const session = sessions.data[0];
  const pack = CreditPack.safeParse(session?.metadata?.pack);
  const workspaceId = session?.client_reference_id;
  if (!session || session.mode !== "payment" || !pack.success || !workspaceId) return nothing;
  const refunds = await deps.stripe.refunds.list({ charge: charge.id, limit: 100 });
  const credits = CREDIT_PACKS[pack.data].credits;
  return async (tx) => {
    for (const refund of refunds.data) {
      if (refund.status !== "succeeded" && refund.status !== "pending") continue;
      await refundPackCredits(tx, {
        workspaceId,
        credits: Math.round((credits * refund.amount) / charge.amount),
        refundId: refund.id,
      });
    }
  };
}

function subscriptionOfInvoice(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription ?? null);
}

async function linkCustomer(tx: Tx, workspaceId: string, customer: string | null): Promise<void> {
  if (customer)
    await tx.workspace.updateMany({
      where: { id: workspaceId, stripeCustomerId: null },
      data: { stripeCustomerId: customer },
    });
}

function planOfSubscription(deps: StripeDeps, subscription: Stripe.Subscription): PlanName | null {
  for (const item of subscription.items.data) {
    const plan = planOfPrice(deps.settings, item.price.id);
    if (plan) return plan;
  }
  return null;
}

async function workspaceOf(tx: Tx, subscription: Stripe.Subscription) {
  const customer = idOf(subscription.customer);
  const byCustomer = customer
    ? await tx.workspace.findUnique({ where: { stripeCustomerId: customer } })
    : null;
  if (byCustomer) return byCustomer;
  const hinted = subscription.metadata?.workspaceId;
  return hinted ? tx.workspace.findUnique({ where: { id: hinted } }) : null;
}

const LIVE = new Set(["active", "trialing", "past_due"]);
const ENDED = new Set(["canceled", "unpaid", "incomplete_expired"]);

/** Make the workspace's plan match the subscription's current state. */
async function applySubscription(
  deps: StripeDeps,
  tx: Tx,
  subscription: Stripe.Subscription,
  now: Date,
): Promise<void> {
  const ws = await workspaceOf(tx, subscription);
  if (!ws) return;
  await lockWorkspace(tx, ws.id);
  const plan = planOfSubscription(deps, subscription);
  if (LIVE.has(subscription.status) && plan) {
    const item = subscription.items.data[0];
    await tx.workspace.update({
      where: { id: ws.id },
      data: {
        plan,
        stripeSubscriptionId: subscription.id,
        stripeCustomerId: ws.stripeCustomerId ?? idOf(subscription.customer),
        planStatus: subscription.status === "past_due" ? "PAST_DUE" : "ACTIVE",
        graceEndsAt:
          subscription.status === "past_due"
            ? (ws.graceEndsAt ?? new Date(now.getTime() + deps.settings.graceDays * 86_400_000))
            : null,
        ...(item
          ? {
              periodStart: new Date(item.current_period_start * 1000),
              periodEnd: new Date(item.current_period_end * 1000),
            }
          : {}),
      },
    });
    return;
  }
  if (ENDED.has(subscription.status) && ws.stripeSubscriptionId === subscription.id)
    // Back to Free, on a local period: its monthly grant starts with the next one.
    await tx.workspace.update({
      where: { id: ws.id },
      data: {
        plan: "FREE",
        planStatus: "ACTIVE",
        graceEndsAt: null,
        stripeSubscriptionId: null,
        periodStart: now,
        periodEnd: addMonth(now),
      },
    });
}

/** A paid subscription invoice: the period's monthly grant, once per invoice id. */
async function applyPaidInvoice(
  deps: StripeDeps,
  tx: Tx,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription,
): Promise<void> {
  const ws = await workspaceOf(tx, subscription);
  const plan = planOfSubscription(deps, subscription);
  if (!ws || !plan || !invoice.id) return;
  const line = invoice.lines.data.find((l) => l.period?.end) ?? null;
  const periodStart = new Date((line?.period.start ?? invoice.period_start) * 1000);
  const periodEnd = new Date((line?.period.end ?? invoice.period_end) * 1000);
  await grantCredits(tx, {
    workspaceId: ws.id,
    amount: planLimits(plan).monthlyCredits,
    bucket: "MONTHLY",
    expiresAt: periodEnd,
    cause: { type: "invoice", invoiceId: invoice.id },
    kind: "GRANT",
    note: `${planLimits(plan).label} plan: invoice ${invoice.number ?? invoice.id}`,
  });
  // A newer period than the one recorded moves the workspace forward; a stale invoice does not move it back.
  if (!ws.periodEnd || ws.periodEnd < periodEnd || ws.planStatus === "PAST_DUE")
    await tx.workspace.update({
      where: { id: ws.id },
      data: {
        periodStart: ws.periodEnd && ws.periodEnd >= periodEnd ? ws.periodStart : periodStart,
        periodEnd: ws.periodEnd && ws.periodEnd >= periodEnd ? ws.periodEnd : periodEnd,
        planStatus: "ACTIVE",
        graceEndsAt: null,
      },
    });
}
