import type { PlanName } from "@hyperposter/domain";
import Stripe from "stripe";

/** The Stripe part of the configuration (see packages/config): null when billing runs in local mode. */
export interface StripeSettings {
  secretKey: string;
  webhookSecret: string | undefined;
  prices: {
    PRO?: string | undefined;
    TEAM?: string | undefined;
    AGENCY?: string | undefined;
    AGENCY_OVERAGE?: string | undefined;
    PACK_100?: string | undefined;
    PACK_500?: string | undefined;
  };
  meterEventName: string;
  graceDays: number;
  /** Tests only: a local server in place of api.stripe.com. */
  apiBase?: string | undefined;
}

export interface StripeEnv {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_PRICE_PRO?: string | undefined;
  STRIPE_PRICE_TEAM?: string | undefined;
  STRIPE_PRICE_AGENCY?: string | undefined;
  STRIPE_PRICE_AGENCY_OVERAGE?: string | undefined;
  STRIPE_PRICE_PACK_100?: string | undefined;
  STRIPE_PRICE_PACK_500?: string | undefined;
  STRIPE_METER_EVENT_NAME: string;
  STRIPE_API_BASE?: string | undefined;
  BILLING_GRACE_DAYS: number;
}

export function stripeSettings(env: StripeEnv): StripeSettings | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    prices: {
      PRO: env.STRIPE_PRICE_PRO,
      TEAM: env.STRIPE_PRICE_TEAM,
      AGENCY: env.STRIPE_PRICE_AGENCY,
      AGENCY_OVERAGE: env.STRIPE_PRICE_AGENCY_OVERAGE,
      PACK_100: env.STRIPE_PRICE_PACK_100,
      PACK_500: env.STRIPE_PRICE_PACK_500,
    },
    meterEventName: env.STRIPE_METER_EVENT_NAME,
    graceDays: env.BILLING_GRACE_DAYS,
    apiBase: env.STRIPE_API_BASE,
  };
}

/** The real SDK; pointed at a local server only when apiBase is set (tests). */
export function createStripe(settings: StripeSettings): Stripe {
  if (!settings.apiBase) return new Stripe(settings.secretKey, { maxNetworkRetries: 2 });
  const base = new URL(settings.apiBase);
  return new Stripe(settings.secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
    protocol: base.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 0,
  });
}

/** The plan a subscription's price stands for (null: not one of ours). */
export function planOfPrice(settings: StripeSettings, priceId: string): PlanName | null {
  for (const plan of ["PRO", "TEAM", "AGENCY"] as const)
    if (settings.prices[plan] === priceId) return plan;
  return null;
}

export type { Stripe };
