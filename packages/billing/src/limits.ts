import { AppError, billingPath, planLimits, type PlanLimits } from "@hyperposter/domain";
import { rollPeriodIfDue } from "./period";
import { seatsInUse } from "./queries";
import type { DbTx } from "./tx";

/**
 * The plan's limits on a new generation: variants per generation and work
 * in flight. The caller holds lockWorkspace, so two submits cannot both pass
 * the concurrency check with the last free slot.
 */
export async function assertCanSubmit(
  tx: DbTx,
  workspaceId: string,
  input: { variants: number },
): Promise<PlanLimits> {
  const state = await rollPeriodIfDue(tx, workspaceId);
  const plan = planLimits(state.plan);
  const link = billingPath(state.slug);
  if (input.variants > plan.maxVariants)
    throw new AppError(
      "PAYMENT_REQUIRED",
      `The ${plan.label} plan allows ${plan.maxVariants} variants per generation; ask for fewer or upgrade at ${link}.`,
      {
        field: "variants",
        messageZh: `${plan.labelZh}每次生成最多 ${plan.maxVariants} 个变体；请减少变体数量，或在 ${link} 升级套餐。`,
      },
    );
  const inFlight = await tx.generation.count({
    where: { workspaceId, status: { in: ["QUEUED", "RUNNING"] } },
  });
  if (inFlight >= plan.concurrentGenerations)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `The ${plan.label} plan runs ${plan.concurrentGenerations} generations at once; wait for one to finish or upgrade at ${link}.`,
      {
        field: "workspaceId",
        messageZh: `${plan.labelZh}最多同时运行 ${plan.concurrentGenerations} 个生成任务；请等待其中一个完成，或在 ${link} 升级套餐。`,
      },
    );
  return plan;
}

/** Members plus pending invitations may not pass the plan's seats. */
export async function assertSeatAvailable(tx: DbTx, workspaceId: string): Promise<void> {
  const state = await rollPeriodIfDue(tx, workspaceId);
  const plan = planLimits(state.plan);
  const used = await seatsInUse(tx, workspaceId);
  if (used >= plan.seats)
    throw new AppError(
      "PAYMENT_REQUIRED",
      `The ${plan.label} plan has ${plan.seats} ${plan.seats === 1 ? "seat" : "seats"} and all are taken (members and pending invitations); revoke an invitation or upgrade at ${billingPath(state.slug)}.`,
      {
        field: "email",
        messageZh: `${plan.labelZh}共 ${plan.seats} 个席位，已全部占用（含待接受的邀请）；请撤销一个邀请，或在 ${billingPath(state.slug)} 升级套餐。`,
      },
    );
}

/** REST API keys are an Agency feature. */
export async function hasApiAccess(db: DbTx, workspaceId: string): Promise<boolean> {
  const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { plan: true } });
  return ws ? planLimits(ws.plan).apiAccess : false;
}

/** The out-of-credits error: the amount, the balance, and where to get more. */
export function outOfCredits(workspaceSlug: string, needed: number, balance: number): AppError {
  const link = billingPath(workspaceSlug);
  return new AppError(
    "PAYMENT_REQUIRED",
    `Out of credits: this needs ${needed} credits (one per format per variant) and the workspace has ${balance}. Buy a pack or upgrade at ${link}.`,
    {
      field: "variants",
      messageZh: `点数不足：需要 ${needed} 点（每个尺寸每个变体一点），工作区只有 ${balance} 点。请在 ${link} 购买点数包或升级套餐。`,
    },
  );
}
