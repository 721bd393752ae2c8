import {
  billingSummary,
  buyPack,
  changePlan,
  invoicesFor,
  localModeCommands,
  portalFor,
  setOverageCap,
  usageByDay,
} from "@hyperposter/billing";
import { CreditPack, PlanName, billingPath } from "@hyperposter/domain";
import { z } from "zod";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/** Read by every member (others see the plan read-only); bought and changed by owners and admins. */
export const billingRouter = createTRPCRouter({
  summary: workspaceProcedure("VIEWER").query(async ({ ctx }) => {
    const s = await billingSummary(ctx.db, ctx.workspace.id);
    return {
      plan: s.plan,
      planStatus: s.planStatus,
      periodEnd: s.periodEnd?.toISOString() ?? null,
      graceEndsAt: s.graceEndsAt?.toISOString() ?? null,
      overageCap: s.overageCap,
      credits: s.balances,
      seatsUsed: s.seatsUsed,
      subscribed: s.hasSubscription,
      // Local mode: no Stripe, the page names the operator command instead of Checkout.
      payments: ctx.stripe ? ("stripe" as const) : ("local" as const),
      localCommands: ctx.stripe ? null : localModeCommands(ctx.workspace.slug),
    };
  }),
  usage: workspaceProcedure("VIEWER").query(({ ctx }) => usageByDay(ctx.db, ctx.workspace.id, 30)),
  invoices: workspaceProcedure("ADMIN").query(({ ctx }) =>
    invoicesFor(ctx.stripe, { db: ctx.db, workspace: ctx.workspace }),
  ),
  changePlan: workspaceProcedure("ADMIN")
    .input(z.object({ plan: PlanName }))
    .mutation(({ ctx, input }) =>
      changePlan(ctx.stripe, target(ctx.appUrl, ctx.db, ctx.workspace), input.plan),
    ),
  buyPack: workspaceProcedure("ADMIN")
    .input(z.object({ pack: CreditPack }))
    .mutation(({ ctx, input }) =>
      buyPack(ctx.stripe, target(ctx.appUrl, ctx.db, ctx.workspace), input.pack),
    ),
  portal: workspaceProcedure("ADMIN").mutation(({ ctx }) =>
    portalFor(ctx.stripe, target(ctx.appUrl, ctx.db, ctx.workspace)),
  ),
  setOverageCap: workspaceProcedure("ADMIN")
    .input(
      z.object({
        cap: z
          .number({ error: "cap must be a number." })
          .int({ error: "cap must be a whole number of credits." })
          .min(0, { error: "cap must not be negative." })
          .max(1_000_000, { error: "cap must be at most 1,000,000." }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await setOverageCap(ctx.db, { workspaceId: ctx.workspace.id, cap: input.cap });
      return { cap: input.cap };
    }),
});

/** Where Checkout and the Portal send the customer back to: this workspace's billing page. */
function target<D>(appUrl: string, db: D, workspace: { id: string; slug: string }) {
  return { db, workspace, returnUrl: `${appUrl.replace(/\/$/, "")}${billingPath(workspace.slug)}` };
}
