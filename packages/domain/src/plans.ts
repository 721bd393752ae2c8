import { z } from "zod";

export const PlanName = z.enum(["FREE", "PRO", "TEAM", "AGENCY"], {
  error: "plan must be one of FREE, PRO, TEAM or AGENCY.",
});
export type PlanName = z.infer<typeof PlanName>;

export interface PlanLimits {
  name: PlanName;
  label: string;
  labelZh: string;
  /** Credits granted at the start of each billing period; unused ones expire at its end. */
  monthlyCredits: number;
  /** Members, pending invitations included. */
  seats: number;
  /** REST API keys (/api/v1). */
  apiAccess: boolean;
  /** Generations QUEUED or RUNNING at once. */
  concurrentGenerations: number;
  /** Variants one generation may ask for. */
  maxVariants: number;
  /** Credits past the allowance are billed as metered overage, up to the workspace's cap. */
  meteredOverage: boolean;
  /** Price shown on the billing page, in US dollars per month (the Stripe price is the truth). */
  priceUsd: number;
}

/** The one table of plans: every limit the product enforces reads from here. */
export const PLANS: Record<PlanName, PlanLimits> = {
  FREE: {
    name: "FREE",
    label: "Free",
    labelZh: "免费版",
    monthlyCredits: 30,
    seats: 1,
    apiAccess: false,
    concurrentGenerations: 2,
    maxVariants: 2,
    meteredOverage: false,
    priceUsd: 0,
  },
  PRO: {
    name: "PRO",
    label: "Pro",
    labelZh: "专业版",
    monthlyCredits: 300,
    seats: 3,
    apiAccess: false,
    concurrentGenerations: 4,
    maxVariants: 4,
    meteredOverage: false,
    priceUsd: 29,
  },
  TEAM: {
    name: "TEAM",
    label: "Team",
    labelZh: "团队版",
    monthlyCredits: 1200,
    seats: 10,
    apiAccess: false,
    concurrentGenerations: 8,
    maxVariants: 4,
    meteredOverage: false,
    priceUsd: 99,
  },
  AGENCY: {
    name: "AGENCY",
    label: "Agency",
    labelZh: "代理商版",
    monthlyCredits: 5000,
    seats: 25,
    apiAccess: true,
    concurrentGenerations: 20,
    maxVariants: 4,
    meteredOverage: true,
    priceUsd: 299,
  },
};

export const PLAN_ORDER: readonly PlanName[] = ["FREE", "PRO", "TEAM", "AGENCY"];

export function planLimits(plan: PlanName): PlanLimits {
  return PLANS[plan];
}

/** Credit packs sold in Stripe `payment` mode; they never expire and are spent after the monthly grant. */
export const CreditPack = z.enum(["PACK_100", "PACK_500"], {
  error: "pack must be PACK_100 or PACK_500.",
});
export type CreditPack = z.infer<typeof CreditPack>;
export const CREDIT_PACKS: Record<CreditPack, { credits: number; priceUsd: number }> = {
  PACK_100: { credits: 100, priceUsd: 10 },
  PACK_500: { credits: 500, priceUsd: 40 },
};

/** Where the out-of-credits and plan-limit errors send people. */
export function billingPath(workspaceSlug: string): string {
  return `/w/${workspaceSlug}/billing`;
}
