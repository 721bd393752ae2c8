import type { Db } from "@hyperposter/db";
import { AppError, type CreditPack, type PlanName } from "@hyperposter/domain";
import type Stripe from "stripe";
import { type InvoiceRow, listInvoices, openPortal, startCheckout } from "./checkout";
import type { StripeSettings } from "./client";

/** The Stripe client and settings when payments are configured; undefined in local mode. */
export interface StripeAccess {
  stripe: Stripe;
  settings: StripeSettings;
}

/** The operator commands local mode offers instead of Checkout (shown on the page and in errors). */
export function localModeCommands(slug: string): { setPlan: string; grant: string } {
  return {
    setPlan: `npm run billing -- set-plan --workspace ${slug} --plan PRO`,
    grant: `npm run billing -- grant --workspace ${slug} --credits 100 --reason "…"`,
  };
}

function paymentsNotConfigured(slug: string): AppError {
  const { setPlan } = localModeCommands(slug);
  return new AppError(
    "CONFLICT",
    `Payments are not configured on this server (no STRIPE_SECRET_KEY): an operator changes plans and grants credits with ${setPlan}.`,
    {
      field: "payments",
      messageZh: `此服务器未配置支付（没有 STRIPE_SECRET_KEY）：由运维人员用 ${setPlan} 更改套餐、发放点数。`,
    },
  );
}

interface Target {
  db: Db;
  workspace: { id: string; slug: string };
  returnUrl: string;
}

function requireStripe(access: StripeAccess | undefined, slug: string): StripeAccess {
  if (!access) throw paymentsNotConfigured(slug);
  return access;
}

/**
 * The page's plan buttons: a workspace without a subscription goes to a
 * subscription Checkout Session; one with a subscription changes plan (or
 * cancels back to Free) in the Customer Portal, where Stripe prorates.
 */
export async function changePlan(
  access: StripeAccess | undefined,
  target: Target,
  plan: PlanName,
): Promise<{ url: string }> {
  const { stripe, settings } = requireStripe(access, target.workspace.slug);
  const deps = { db: target.db, stripe, settings };
  const ws = await target.db.workspace.findUniqueOrThrow({ where: { id: target.workspace.id } });
  if (ws.plan === plan && !ws.stripeSubscriptionId)
    throw new AppError("BAD_REQUEST", "The workspace is already on this plan.", {
      field: "plan",
      messageZh: "工作区已经是这个套餐。",
    });
  if (ws.stripeSubscriptionId)
    return openPortal(deps, { workspaceId: ws.id, returnUrl: target.returnUrl });
  return startCheckout(deps, {
    workspaceId: ws.id,
    item: { plan },
    returnUrl: target.returnUrl,
  });
}

/** A credit pack: a Checkout Session in payment mode. */
export async function buyPack(
  access: StripeAccess | undefined,
  target: Target,
  pack: CreditPack,
): Promise<{ url: string }> {
  const { stripe, settings } = requireStripe(access, target.workspace.slug);
  return startCheckout(
    { db: target.db, stripe, settings },
    { workspaceId: target.workspace.id, item: { pack }, returnUrl: target.returnUrl },
  );
}

/** The Customer Portal (card, invoices, plan change, cancel). */
export async function portalFor(
  access: StripeAccess | undefined,
  target: Target,
): Promise<{ url: string }> {
  const { stripe, settings } = requireStripe(access, target.workspace.slug);
  return openPortal(
    { db: target.db, stripe, settings },
    { workspaceId: target.workspace.id, returnUrl: target.returnUrl },
  );
}

/** Invoices from Stripe; none in local mode (nothing is invoiced there). */
export async function invoicesFor(
  access: StripeAccess | undefined,
  target: Omit<Target, "returnUrl">,
): Promise<InvoiceRow[]> {
  if (!access) return [];
  return listInvoices({ db: target.db, ...access }, target.workspace.id);
}
