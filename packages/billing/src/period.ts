import type { Plan } from "@hyperposter/db";
import { planLimits } from "@hyperposter/domain";
import { grantCredits } from "./grants";
import { ledgerKey } from "./keys";
import { type DbTx, inTransaction, lockWorkspace } from "./tx";

/** One calendar month later, in UTC (Jan 31 → Feb 28/29, as Stripe's monthly anchor does). */
export function addMonth(date: Date): Date {
  const next = new Date(date);
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, last));
  return next;
}

const BILLING_FIELDS = {
  id: true,
  slug: true,
  plan: true,
  planStatus: true,
  periodStart: true,
  periodEnd: true,
  graceEndsAt: true,
  overageCap: true,
  stripeCustomerId: true,
  stripeSubscriptionId: true,
} as const;

export type BillingState = Awaited<ReturnType<typeof readBillingState>>;

async function readBillingState(tx: DbTx, workspaceId: string) {
  return tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: BILLING_FIELDS });
}

/**
 * Bring a workspace's period up to date, under the caller's workspace lock:
 * a past-due plan whose grace has run out drops to Free; a period without a
 * Stripe subscription (local mode, Free) that has ended starts the next one
 * with the plan's monthly grant (Stripe plans get theirs from invoice.paid).
 */
export async function rollPeriodIfDue(
  tx: DbTx,
  workspaceId: string,
  now: Date = new Date(),
): Promise<BillingState> {
  let state = await readBillingState(tx, workspaceId);
  if (state.planStatus === "PAST_DUE" && state.graceEndsAt && state.graceEndsAt <= now) {
    state = await tx.workspace.update({
      where: { id: workspaceId },
      data: {
        plan: "FREE",
        planStatus: "ACTIVE",
        graceEndsAt: null,
        stripeSubscriptionId: null,
        periodStart: now,
        periodEnd: addMonth(now),
      },
      select: BILLING_FIELDS,
    });
    await grantMonthly(tx, state, now);
    return state;
  }
  if (state.stripeSubscriptionId || !state.periodEnd || state.periodEnd > now) return state;
  let start = state.periodEnd;
  while (addMonth(start) <= now) start = addMonth(start);
  state = await tx.workspace.update({
    where: { id: workspaceId },
    data: { periodStart: start, periodEnd: addMonth(start) },
    select: BILLING_FIELDS,
  });
  await grantMonthly(tx, state, start);
  return state;
}

async function grantMonthly(tx: DbTx, state: BillingState, periodStart: Date): Promise<void> {
  const credits = planLimits(state.plan).monthlyCredits;
  if (credits > 0 && state.periodEnd)
    await grantCredits(tx, {
      workspaceId: state.id,
      amount: credits,
      bucket: "MONTHLY",
      expiresAt: state.periodEnd,
      cause: { type: "period", periodStart },
      note: `${planLimits(state.plan).label} plan: credits for the period`,
    });
}

/**
 * A new workspace starts a Free period now; its sign-up credits stand in for
 * the first month's grant, the monthly grant starts with the next period.
 */
export async function startFirstPeriod(
  tx: DbTx,
  workspaceId: string,
  now: Date = new Date(),
): Promise<void> {
  await tx.workspace.update({
    where: { id: workspaceId },
    data: { periodStart: now, periodEnd: addMonth(now) },
  });
}

/**
 * Local mode (no Stripe) and the operator command: put a workspace on a plan
 * now, starting a fresh period with that plan's monthly grant. The old
 * period's unspent monthly credits expire at the change (one entry per expiry
 * date, keyed on the action), so a downgrade does not keep the old plan's
 * grant; packs are untouched. The action id is the idempotency cause of every
 * entry, and a re-run command changes nothing.
 */
export async function setPlanLocally(
  db: DbTx,
  input: { workspaceId: string; plan: Plan; actionId: string; now?: Date },
): Promise<{ granted: boolean; expired: number; periodEnd: Date }> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    if (!(await lockWorkspace(tx, input.workspaceId)))
      throw new RangeError("This workspace does not exist.");
    const periodEnd = addMonth(now);
    // A replayed action leaves the workspace as the first run left it.
    const replay = await tx.creditLedgerEntry.findFirst({
      where: {
        OR: [
          { idempotencyKey: ledgerKey.admin(input.actionId) },
          { idempotencyKey: { startsWith: `${ledgerKey.admin(input.actionId)}:expire-monthly:` } },
        ],
      },
      select: { id: true },
    });
    if (replay) return { granted: false, expired: 0, periodEnd };
    const expired = await expireMonthly(tx, input.workspaceId, input.actionId, now);
    const limits = planLimits(input.plan);
    const granted =
      limits.monthlyCredits > 0 &&
      (await grantCredits(tx, {
        workspaceId: input.workspaceId,
        amount: limits.monthlyCredits,
        bucket: "MONTHLY",
        expiresAt: periodEnd,
        cause: { type: "admin", actionId: input.actionId },
        note: `${limits.label} plan set by an operator`,
      }));
    await tx.workspace.update({
      where: { id: input.workspaceId },
      data: {
        plan: input.plan,
        planStatus: "ACTIVE",
        graceEndsAt: null,
        periodStart: now,
        periodEnd,
      },
    });
    return { granted, expired, periodEnd };
  });
}

/**
 * Zero the live monthly credits: per expiry date, one negative entry with the
 * same expiry, so the bucket's sum stays right before and after that date.
 */
async function expireMonthly(
  tx: DbTx,
  workspaceId: string,
  actionId: string,
  now: Date,
): Promise<number> {
  const groups = await tx.creditLedgerEntry.groupBy({
    by: ["expiresAt"],
    where: {
      workspaceId,
      bucket: "MONTHLY",
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    _sum: { amount: true },
  });
  let expired = 0;
  for (const group of groups) {
    const unspent = group._sum.amount ?? 0;
    if (unspent <= 0) continue;
    await tx.creditLedgerEntry.createMany({
      data: {
        workspaceId,
        kind: "ADJUST",
        bucket: "MONTHLY",
        amount: -unspent,
        expiresAt: group.expiresAt,
        idempotencyKey: ledgerKey.planChangeExpiry(actionId, group.expiresAt),
        note: "Plan changed: the previous period's unspent monthly credits expire",
      },
      skipDuplicates: true,
    });
    expired += unspent;
  }
  return expired;
}

/** Agency: the most overage credits per period the workspace accepts. */
export async function setOverageCap(
  db: DbTx,
  input: { workspaceId: string; cap: number },
): Promise<void> {
  if (!Number.isInteger(input.cap) || input.cap < 0 || input.cap > 1_000_000)
    throw new RangeError("The overage cap must be a whole number from 0 to 1,000,000.");
  await db.workspace.update({ where: { id: input.workspaceId }, data: { overageCap: input.cap } });
}

export { readBillingState };
