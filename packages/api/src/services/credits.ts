import { AppError } from "@hyperposter/domain";
import { balanceOf, lockWorkspace } from "@hyperposter/jobs";
import type { ServiceContext } from "./generations";

/** Spendable credits of a workspace: the sum of its ledger (holds already subtracted). */
export async function getCreditBalance(ctx: ServiceContext, workspaceId: string): Promise<number> {
  return balanceOf(ctx.db, workspaceId);
}

/**
 * Add credits (seed, admin grants; Stripe purchases later). The idempotency
 * key makes a retried grant a no-op; returns whether this call granted.
 */
export async function grantCredits(
  ctx: Pick<ServiceContext, "db">,
  input: {
    workspaceId: string;
    amount: number;
    idempotencyKey: string;
    note?: string;
    kind?: "GRANT" | "PURCHASE" | "ADJUST";
  },
): Promise<boolean> {
  if (!Number.isInteger(input.amount) || input.amount <= 0)
    throw new AppError("BAD_REQUEST", "amount must be a positive whole number of credits.", {
      field: "amount",
    });
  return ctx.db.$transaction(async (tx) => {
    if (!(await lockWorkspace(tx, input.workspaceId)))
      throw new AppError("NOT_FOUND", "This workspace does not exist.", { field: "workspaceId" });
    const { count } = await tx.creditLedgerEntry.createMany({
      data: {
        workspaceId: input.workspaceId,
        kind: input.kind ?? "GRANT",
        amount: input.amount,
        idempotencyKey: input.idempotencyKey,
        note: input.note ?? null,
      },
      skipDuplicates: true,
    });
    return count === 1;
  });
}

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
  ctx: Pick<ServiceContext, "db">,
  workspaceId: string,
  generationId: string,
): Promise<GenerationCharges> {
  const entries = await ctx.db.creditLedgerEntry.findMany({
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
