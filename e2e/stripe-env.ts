/** What the stack of a Stripe run is configured with (the spec signs webhooks with the same secret). */
export function E2E_STRIPE_ENV(apiBase: string) {
  return {
    STRIPE_SECRET_KEY: "sk_test_e2e",
    STRIPE_WEBHOOK_SECRET: "whsec_e2e_hyperposter",
    STRIPE_API_BASE: apiBase,
    STRIPE_PRICE_PRO: "price_pro",
    STRIPE_PRICE_TEAM: "price_team",
    STRIPE_PRICE_AGENCY: "price_agency",
    STRIPE_PRICE_AGENCY_OVERAGE: "price_agency_overage",
    STRIPE_PRICE_PACK_100: "price_pack_100",
    STRIPE_PRICE_PACK_500: "price_pack_500",
  };
}
