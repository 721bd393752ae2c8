import type { Db, Prisma } from "@hyperposter/db";

/** A client or an open transaction: ledger writes share the caller's transaction. */
export type DbTx = Db | Prisma.TransactionClient;

/** Run `fn` in the caller's transaction, or open one when given the bare client. */
export async function inTransaction<T>(
  db: DbTx,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return "$transaction" in db ? db.$transaction(fn) : fn(db);
}

/**
 * Serialises every balance-changing write of a workspace: the balance read
 * and the insert happen under this row lock, so parallel submits cannot both
 * spend the same credits (READ COMMITTED alone would let them).
 */
export async function lockWorkspace(tx: DbTx, workspaceId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
  return rows.length === 1;
}
