import type { CreditBucket } from "@hyperposter/db";
import type { DbTx } from "./tx";

export interface Balances {
  /** This period's plan grant still unspent; expires at the period's end. */
  monthly: number;
  /** Bought and granted packs; never expire. */
  packs: number;
  /** Overage spent this period, as a negative number (Agency only). */
  overage: number;
  /** monthly + packs + overage: the sum of the live ledger entries. */
  total: number;
}

/** Spend order: the monthly grant first, then packs, then (Agency) metered overage. */
export const SPEND_ORDER: readonly CreditBucket[] = ["MONTHLY", "PACK", "OVERAGE"];

/** Live entries: no expiry, or one still ahead (a period's grant and what was held from it). */
function live(now: Date) {
  return { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

export async function balancesOf(
  tx: DbTx,
  workspaceId: string,
  now: Date = new Date(),
): Promise<Balances> {
  const groups = await tx.creditLedgerEntry.groupBy({
    by: ["bucket"],
    where: { workspaceId, ...live(now) },
    _sum: { amount: true },
  });
  const of = (bucket: CreditBucket) => groups.find((g) => g.bucket === bucket)?._sum.amount ?? 0;
  const monthly = of("MONTHLY");
  const packs = of("PACK");
  const overage = of("OVERAGE");
  return { monthly, packs, overage, total: monthly + packs + overage };
}

/** The balance: the sum of the workspace's live ledger entries. */
export async function balanceOf(tx: DbTx, workspaceId: string): Promise<number> {
  return (await balancesOf(tx, workspaceId)).total;
}
