import {
  balanceOf,
  type GenerationCharges,
  generationCharges as chargesOf,
  grantCredits as grant,
} from "@hyperposter/billing";
import type { ServiceContext } from "./generations";

export type { GenerationCharges };

/** Spendable credits of a workspace: the sum of its live ledger entries (holds already subtracted). */
export async function getCreditBalance(
  ctx: Pick<ServiceContext, "db">,
  workspaceId: string,
): Promise<number> {
  return balanceOf(ctx.db, workspaceId);
}

/**
 * An operator's grant (support, the billing CLI): a pack that does not
 * expire. The action id is the entry's idempotency cause, so a retried grant
 * is a no-op; returns whether this call granted.
 */
export async function grantCredits(
  ctx: Pick<ServiceContext, "db">,
  input: { workspaceId: string; amount: number; actionId: string; note?: string },
): Promise<boolean> {
  return grant(ctx.db, {
    workspaceId: input.workspaceId,
    amount: input.amount,
    cause: { type: "admin", actionId: input.actionId },
    kind: "ADJUST",
    ...(input.note ? { note: input.note } : {}),
  });
}

/** The ledger of one generation, summed (for receipts, support and tests). */
export async function generationCharges(
  ctx: Pick<ServiceContext, "db">,
  workspaceId: string,
  generationId: string,
): Promise<GenerationCharges> {
  return chargesOf(ctx.db, workspaceId, generationId);
}
