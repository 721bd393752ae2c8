import { planLimits, type PlanLimits } from "@hyperposter/domain";
import { type Balances, balancesOf } from "./balances";
import type { DbTx } from "./tx";

export interface GenerationCharges {
  held: number;
  /** Assets delivered and charged. */
  settled: number;
  released: number;
  /** What the generation cost the workspace in the end (held − released). */
  charged: number;
}

/** The ledger of one generation, summed (for receipts, support and tests). */
export async function generationCharges(
  db: DbTx,
  workspaceId: string,
  generationId: string,
): Promise<GenerationCharges> {
  const entries = await db.creditLedgerEntry.findMany({
    where: { workspaceId, generationId },
    select: { kind: true, amount: true },
  });
  const sum = (kind: string) =>
    entries.filter((e) => e.kind === kind).reduce((total, e) => total + e.amount, 0);
  const held = -sum("HOLD");
  const released = sum("RELEASE");
  return {
    held,
    settled: entries.filter((e) => e.kind === "SETTLE").length,
    released,
    charged: held - released,
  };
}

export interface LedgerRow {
  id: string;
  kind: string;
  bucket: string;
  amount: number;
  generationId: string | null;
  idempotencyKey: string;
  expiresAt: Date | null;
  createdAt: Date;
}

/** Every entry of a workspace, oldest first (support, audits and tests). */
export async function ledgerEntries(db: DbTx, workspaceId?: string): Promise<LedgerRow[]> {
  return db.creditLedgerEntry.findMany({
    where: workspaceId ? { workspaceId } : {},
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      bucket: true,
      amount: true,
      generationId: true,
      idempotencyKey: true,
      expiresAt: true,
      createdAt: true,
    },
  });
}

/** Ledger rows of one generation (tests and support). */
export async function generationLedger(db: DbTx, generationId: string): Promise<LedgerRow[]> {
  return db.creditLedgerEntry.findMany({
    where: { generationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      bucket: true,
      amount: true,
      generationId: true,
      idempotencyKey: true,
      expiresAt: true,
      createdAt: true,
    },
  });
}

/** Credits spent per UTC day over the last `days` days (holds net of releases), oldest first. */
export async function usageByDay(
  db: DbTx,
  workspaceId: string,
  days = 30,
  now: Date = new Date(),
): Promise<{ day: string; credits: number }[]> {
  const start = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)),
  );
  const entries = await db.creditLedgerEntry.findMany({
    where: { workspaceId, kind: { in: ["HOLD", "RELEASE"] }, createdAt: { gte: start } },
    select: { amount: true, createdAt: true },
  });
  const byDay = new Map<string, number>();
  for (let i = 0; i < days; i += 1)
    byDay.set(new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10), 0);
  for (const e of entries) {
    const day = e.createdAt.toISOString().slice(0, 10);
    if (byDay.has(day)) byDay.set(day, (byDay.get(day) ?? 0) - e.amount);
  }
  return [...byDay].map(([day, credits]) => ({ day, credits: Math.max(0, credits) }));
}

export interface BillingSummary {
  plan: PlanLimits;
  planStatus: "ACTIVE" | "PAST_DUE";
  periodStart: Date | null;
  periodEnd: Date | null;
  graceEndsAt: Date | null;
  overageCap: number;
  balances: Balances;
  /** Members plus pending invitations, against plan.seats. */
  seatsUsed: number;
  hasStripeCustomer: boolean;
  hasSubscription: boolean;
}

export async function billingSummary(db: DbTx, workspaceId: string): Promise<BillingSummary> {
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  const [balances, seatsUsed] = await Promise.all([
    balancesOf(db, workspaceId),
    seatsInUse(db, workspaceId),
  ]);
  return {
    plan: planLimits(ws.plan),
    planStatus: ws.planStatus,
    periodStart: ws.periodStart,
    periodEnd: ws.periodEnd,
    graceEndsAt: ws.graceEndsAt,
    overageCap: ws.overageCap,
    balances,
    seatsUsed,
    hasStripeCustomer: ws.stripeCustomerId !== null,
    hasSubscription: ws.stripeSubscriptionId !== null,
  };
}

export async function seatsInUse(db: DbTx, workspaceId: string): Promise<number> {
  const [members, pending] = await Promise.all([
    db.membership.count({ where: { workspaceId } }),
    db.invitation.count({
      where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    }),
  ]);
  return members + pending;
}
