import { billingSummary, setOverageCap, usageByDay } from "@hyperposter/billing";
import { z } from "zod";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/** Read by every member (others see the plan read-only); changed by owners and admins. */
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
    };
  }),
  usage: workspaceProcedure("VIEWER").query(({ ctx }) => usageByDay(ctx.db, ctx.workspace.id, 30)),
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
