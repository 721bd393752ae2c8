import type { Db, Prisma } from "@hyperposter/db";

/** A client or an open transaction: ledger writes must share the caller's transaction. */
export type DbTx = Db | Prisma.TransactionClient;

export class InsufficientCredits extends Error {
  constructor(
    readonly balance: number,
    readonly needed: number,
  ) {
    super(`The workspace has ${balance} credits; this needs ${needed}.`);
    this.name = "InsufficientCredits";
  }
}

/**
 * Serialises every hold of a workspace: the balance read and the hold insert
 * happen under this row lock, so parallel submits cannot both spend the same
 * credits (READ COMMITTED alone would let them).
 */
export async function lockWorkspace(tx: DbTx, workspaceId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Workspace" WHERE id = ${workspaceId} FOR UPDATE`;
  return rows.length === 1;
}

export async function balanceOf(tx: DbTx, workspaceId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ balance: bigint | null }[]>`
    SELECT SUM(amount)::bigint AS balance FROM "CreditLedgerEntry" WHERE "workspaceId" = ${workspaceId}`;
  return Number(rows[0]?.balance ?? 0);
}

/** Hold rounds taken for a generation: 1 after submit, +1 per operator redrive. */
export async function holdRound(tx: DbTx, generationId: string): Promise<number> {
  return tx.creditLedgerEntry.count({ where: { generationId, kind: "HOLD" } });
}

/**
 * Take a new hold for a generation. The caller holds lockWorkspace. Throws
 * InsufficientCredits rather than letting the balance go negative.
 */
export async function holdCredits(
  tx: DbTx,
  input: { workspaceId: string; generationId: string; amount: number },
): Promise<number> {
  const balance = await balanceOf(tx, input.workspaceId);
  if (balance < input.amount) throw new InsufficientCredits(balance, input.amount);
  const round = (await holdRound(tx, input.generationId)) + 1;
  await tx.creditLedgerEntry.create({
    data: {
      workspaceId: input.workspaceId,
      generationId: input.generationId,
      kind: "HOLD",
      amount: -input.amount,
      idempotencyKey: `gen:${input.generationId}:r${round}:hold`,
      note: `Hold for ${input.amount} assets`,
    },
  });
  return round;
}

export interface AssetRef {
  workspaceId: string;
  generationId: string;
  variant: number;
  format: string;
}

/**
 * Record one delivered asset as charged. The hold already took the credit, so
 * the entry moves nothing (amount 0); its idempotency key makes a retried or
 * duplicated job charge an asset at most once.
 */
export async function settleAsset(tx: DbTx, asset: AssetRef): Promise<void> {
  const round = await holdRound(tx, asset.generationId);
  await tx.creditLedgerEntry.createMany({
    data: {
      workspaceId: asset.workspaceId,
      generationId: asset.generationId,
      kind: "SETTLE",
      amount: 0,
      idempotencyKey: `gen:${asset.generationId}:r${round}:settle:${asset.variant}:${asset.format}`,
      note: `Delivered ${asset.format} variant ${asset.variant + 1}`,
    },
    skipDuplicates: true,
  });
}

/**
 * Settle delivered assets and release undelivered ones of one round in a
 * single insert (the worker's hot path); same keys as settleAsset/releaseAsset.
 */
export async function chargeAssets(
  tx: DbTx,
  input: {
    workspaceId: string;
    generationId: string;
    round: number;
    assets: { variant: number; format: string; delivered: boolean }[];
  },
): Promise<void> {
  const { workspaceId, generationId, round } = input;
  await tx.creditLedgerEntry.createMany({
    data: input.assets.map((a) =>
      a.delivered
        ? {
            workspaceId,
            generationId,
            kind: "SETTLE" as const,
            amount: 0,
            idempotencyKey: `gen:${generationId}:r${round}:settle:${a.variant}:${a.format}`,
            note: `Delivered ${a.format} variant ${a.variant + 1}`,
          }
        : {
            workspaceId,
            generationId,
            kind: "RELEASE" as const,
            amount: 1,
            idempotencyKey: `gen:${generationId}:r${round}:release:${a.variant}:${a.format}`,
            note: `Not delivered: ${a.format} variant ${a.variant + 1}`,
          },
    ),
    skipDuplicates: true,
  });
}

/** Give back the credit of an asset that was not delivered (failed the quality gate). */
export async function releaseAsset(tx: DbTx, asset: AssetRef): Promise<void> {
  const round = await holdRound(tx, asset.generationId);
  await tx.creditLedgerEntry.createMany({
    data: {
      workspaceId: asset.workspaceId,
      generationId: asset.generationId,
      kind: "RELEASE",
      amount: 1,
      idempotencyKey: `gen:${asset.generationId}:r${round}:release:${asset.variant}:${asset.format}`,
      note: `Not delivered: ${asset.format} variant ${asset.variant + 1}`,
    },
    skipDuplicates: true,
  });
}

/** Credits still held for a generation: held − settled assets − released. */
export async function outstandingHold(tx: DbTx, generationId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ outstanding: bigint | null }[]>`
    SELECT (-SUM(CASE WHEN kind = 'HOLD' THEN amount ELSE 0 END)
            - SUM(CASE WHEN kind = 'SETTLE' THEN 1 ELSE 0 END)
            - SUM(CASE WHEN kind = 'RELEASE' THEN amount ELSE 0 END))::bigint AS outstanding
    FROM "CreditLedgerEntry" WHERE "generationId" = ${generationId}`;
  return Number(rows[0]?.outstanding ?? 0);
}

/**
 * Release whatever the current round still holds (failed or canceled
 * generation). The caller holds the generation's row lock, so no settle can
 * slip in between the read and the insert.
 */
export async function releaseOutstanding(
  tx: DbTx,
  input: { workspaceId: string; generationId: string; reason: string },
): Promise<number> {
  const outstanding = await outstandingHold(tx, input.generationId);
  if (outstanding <= 0) return 0;
  const round = await holdRound(tx, input.generationId);
  const { count } = await tx.creditLedgerEntry.createMany({
    data: {
      workspaceId: input.workspaceId,
      generationId: input.generationId,
      kind: "RELEASE",
      amount: outstanding,
      idempotencyKey: `gen:${input.generationId}:r${round}:release-rest`,
      note: input.reason,
    },
    skipDuplicates: true,
  });
  return count === 1 ? outstanding : 0;
}
