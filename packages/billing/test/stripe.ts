import type { Db } from "@hyperposter/db";
import type { FakeStripe } from "@hyperposter/devstack";
import { createStripe, handleStripeWebhook, type StripeDeps, type StripeSettings } from "../src";

export const WEBHOOK_SECRET = "whsec_test_hyperposter";

export function stripeDeps(db: Db, fake: FakeStripe): StripeDeps {
  const settings: StripeSettings = {
    secretKey: "sk_test_hyperposter",
    webhookSecret: WEBHOOK_SECRET,
    prices: {
      PRO: "price_pro",
      TEAM: "price_team",
      AGENCY: "price_agency",
      AGENCY_OVERAGE: "price_agency_overage",
      PACK_100: "price_pack_100",
      PACK_500: "price_pack_500",
    },
    meterEventName: "hyperposter_overage_credits",
    graceDays: 7,
    apiBase: fake.url,
  };
  return { db, stripe: createStripe(settings), settings };
}

/** Post an event to the webhook handler, signed as Stripe signs it. */
export async function post(deps: StripeDeps, event: object, options: { now?: Date } = {}) {
  const rawBody = JSON.stringify(event);
  const signature = deps.stripe.webhooks.generateTestHeaderString({
    payload: rawBody,
    secret: WEBHOOK_SECRET,
  });
  return handleStripeWebhook(deps, { rawBody, signature, ...options });
}
