import { AppError } from "@hyperposter/domain";
import { balancesOf } from "./balances";
import { ledgerKey } from "./keys";
import { type DbTx, inTransaction, lockWorkspace } from "./tx";

export type GrantCause =
  | { type: "admin"; actionId: string }
  | { type: "signup" }
  | { type: "seed"; name: string }
  | { type: "checkout"; sessionId: string }
  | { type: "invoice"; invoiceId: string }
  | { type: "period"; periodStart: Date };

function keyOf(workspaceId: string, cause: GrantCause): string {
  switch (cause.type) {
    case "admin":
      return ledgerKey.admin(cause.actionId);
    case "signup":
      return ledgerKey.signup(workspaceId);
    case "seed":
      return ledgerKey.seed(cause.name);
    case "checkout":
      return ledgerKey.checkout(cause.sessionId);
    case "invoice":
      return ledgerKey.invoice(cause.invoiceId);
    case "period":
      return ledgerKey.period(workspaceId, cause.periodStart);
  }
}

export interface GrantInput {
  workspaceId: string;
  amount: number;
  cause: GrantCause;
  /** MONTHLY grants expire at `expiresAt` (the period's end); PACK grants never do. */
  bucket?: "MONTHLY" | "PACK";
  expiresAt?: Date | null;
  kind?: "GRANT" | "PURCHASE" | "ADJUST";
  note?: string;
}

/**
 * Add credits. Writes nothing when the same cause was already applied;
 * returns whether this call granted. Opens its own transaction (with the
 * workspace lock) when given the bare client.
 */
export async function grantCredits(db: DbTx, input: GrantInput): Promise<boolean> {
  if (!Number.isInteger(input.amount) || input.amount <= 0)
    throw new AppError("BAD_REQUEST", "credits must be a positive whole number.", {
      field: "credits",
      messageZh: "点数必须是正整数。",
    });
  const bucket = input.bucket ?? "PACK";
  return inTransaction(db, async (tx) => {
    if (!(await lockWorkspace(tx, input.workspaceId)))
      throw new AppError("NOT_FOUND", "This workspace does not exist.", {
        field: "workspaceId",
        messageZh: "该工作区不存在。",
      });
    const { count } = await tx.creditLedgerEntry.createMany({
      data: {
        workspaceId: input.workspaceId,
        kind: input.kind ?? "GRANT",
        bucket,
        amount: input.amount,
        expiresAt: bucket === "MONTHLY" ? (input.expiresAt ?? null) : null,
        idempotencyKey: keyOf(input.workspaceId, input.cause),
        note: input.note ?? null,
      },
      skipDuplicates: true,
    });
    return count === 1;
  });
}

/**
 * Take back refunded pack credits (a Stripe refund), never below zero: what
 * was already spent stays spent. Idempotent on the refund id.
 */
export async function refundPackCredits(
  db: DbTx,
  input: { workspaceId: string; credits: number; refundId: string },
): Promise<number> {
  return inTransaction(db, async (tx) => {
    if (!(await lockWorkspace(tx, input.workspaceId))) return 0;
    const { packs } = await balancesOf(tx, input.workspaceId);
    const amount = Math.min(input.credits, Math.max(0, packs));
    // Written even when nothing is left to take back (amount 0): the refund id is then used,
    // so a redelivery after a later purchase cannot take those new credits.
    const { count } = await tx.creditLedgerEntry.createMany({
      data: {
        workspaceId: input.workspaceId,
        kind: "REFUND",
        bucket: "PACK",
        amount: amount === 0 ? 0 : -amount,
        idempotencyKey: ledgerKey.refund(input.refundId),
        note: `Refund of ${input.credits} pack credits`,
      },
      skipDuplicates: true,
    });
    return count === 1 ? amount : 0;
  });
}
