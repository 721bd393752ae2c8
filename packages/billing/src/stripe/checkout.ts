import type { Db } from "@hyperposter/db";
import { AppError, type CreditPack, type PlanName, planLimits } from "@hyperposter/domain";
import type Stripe from "stripe";
import type { StripeSettings } from "./client";

export interface StripeDeps {
  db: Db;
  stripe: Stripe;
  settings: StripeSettings;
}

/** The workspace's Stripe customer, made once (the idempotency key stops a double click making two). */
export async function ensureCustomer(deps: StripeDeps, workspaceId: string): Promise<string> {
  const ws = await deps.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  if (ws.stripeCustomerId) return ws.stripeCustomerId;
  const customer = await deps.stripe.customers.create(
    { name: ws.name, metadata: { workspaceId, workspaceSlug: ws.slug } },
    { idempotencyKey: `customer:${workspaceId}` },
  );
  await deps.db.workspace.updateMany({
    where: { id: workspaceId, stripeCustomerId: null },
    data: { stripeCustomerId: customer.id },
  });
  const saved = await deps.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  return saved.stripeCustomerId ?? customer.id;
}

function missingPrice(name: string, variable: string): AppError {
  return new AppError(
    "UNAVAILABLE",
    `${name} cannot be bought yet: ${variable} is not configured.`,
    {
      field: "item",
      messageZh: `暂时无法购买${name}：尚未配置 ${variable}。`,
    },
  );
}

/**
 * A Checkout Session: `subscription` mode for a plan, `payment` mode for a
 * credit pack; client_reference_id is the workspace. A workspace already
 * subscribed changes plan in the Customer Portal instead (proration there).
 */
export async function startCheckout(
  deps: StripeDeps,
  input: {
    workspaceId: string;
    item: { plan: PlanName } | { pack: CreditPack };
    returnUrl: string;
  },
): Promise<{ url: string }> {
  const ws = await deps.db.workspace.findUniqueOrThrow({ where: { id: input.workspaceId } });
  const customer = await ensureCustomer(deps, input.workspaceId);
  const success = `${input.returnUrl}?checkout=success`;
  const cancel = `${input.returnUrl}?checkout=canceled`;
  if ("plan" in input.item) {
    const plan = input.item.plan;
    if (plan === "FREE")
      throw new AppError(
        "BAD_REQUEST",
        "Free needs no checkout: cancel the subscription in the portal.",
        {
          field: "plan",
          messageZh: "免费版无需结账：请在管理页面取消订阅。",
        },
      );
    if (ws.stripeSubscriptionId) return openPortal(deps, input);
    const price = deps.settings.prices[plan];
    if (!price) throw missingPrice(`The ${planLimits(plan).label} plan`, `STRIPE_PRICE_${plan}`);
    const overage = plan === "AGENCY" ? deps.settings.prices.AGENCY_OVERAGE : undefined;
    const session = await deps.stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer,
        client_reference_id: input.workspaceId,
        line_items: [{ price, quantity: 1 }, ...(overage ? [{ price: overage }] : [])],
        metadata: { workspaceId: input.workspaceId, plan },
        subscription_data: { metadata: { workspaceId: input.workspaceId } },
        success_url: success,
        cancel_url: cancel,
      },
      {
        idempotencyKey: `checkout:${input.workspaceId}:${plan}:${Math.floor(Date.now() / 60_000)}`,
      },
    );
    if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL.");
    return { url: session.url };
  }
  const pack = input.item.pack;
  const price = deps.settings.prices[pack];
  if (!price) throw missingPrice("This credit pack", `STRIPE_PRICE_${pack}`);
  const session = await deps.stripe.checkout.sessions.create({
    mode: "payment",
    customer,
    client_reference_id: input.workspaceId,
    line_items: [{ price, quantity: 1 }],
    metadata: { workspaceId: input.workspaceId, pack },
    success_url: success,
    cancel_url: cancel,
  });
  if (!session.url) throw new Error("Stripe returned a Checkout Session without a URL.");
  return { url: session.url };
}

/** The Customer Portal: card, plan change, cancel, invoices. */
export async function openPortal(
  deps: StripeDeps,
  input: { workspaceId: string; returnUrl: string },
): Promise<{ url: string }> {
  const customer = await ensureCustomer(deps, input.workspaceId);
  const session = await deps.stripe.billingPortal.sessions.create({
    customer,
    return_url: input.returnUrl,
  });
  return { url: session.url };
}

export interface InvoiceRow {
  id: string;
  number: string | null;
  status: string | null;
  total: number;
  currency: string;
  created: string;
  url: string | null;
}

/** The workspace's latest invoices, read from Stripe (none before it has a customer). */
export async function listInvoices(deps: StripeDeps, workspaceId: string): Promise<InvoiceRow[]> {
  const ws = await deps.db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  if (!ws.stripeCustomerId) return [];
  const page = await deps.stripe.invoices.list({ customer: ws.stripeCustomerId, limit: 12 });
  return page.data.map((inv) => ({
    id: inv.id ?? "",
    number: inv.number ?? null,
    status: inv.status ?? null,
    total: inv.total,
    currency: inv.currency,
    created: new Date(inv.created * 1000).toISOString(),
    url: inv.hosted_invoice_url ?? null,
  }));
}
