import type { CreditBucket, LedgerKind } from "@hyperposter/db";
import { planLimits } from "@hyperposter/domain";
import { ledgerKey, roundOfKey } from "./keys";
import { balancesOf, SPEND_ORDER } from "./balances";
import type { DbTx } from "./tx";
import { rollPeriodIfDue } from "./period";
import { enqueueMeterEvent } from "./stripe/meter-outbox";

export class InsufficientCredits extends Error {
  constructor(
    /** Spendable credits (monthly + packs, plus overage room for Agency). */
    readonly balance: number,
    readonly needed: number,
  ) {
    super(`The workspace has ${balance} credits; this needs ${needed}.`);
    this.name = "InsufficientCredits";
  }
}

/** Hold rounds taken for a generation: 1 after submit, +1 per operator redrive. */
export async function holdRound(tx: DbTx, generationId: string): Promise<number> {
  const holds = await tx.creditLedgerEntry.findMany({
    where: { generationId, kind: "HOLD" },
    select: { idempotencyKey: true },
  });
  return holds.reduce((max, h) => Math.max(max, roundOfKey(h.idempotencyKey)), 0);
}

interface RoundEntry {
  idempotencyKey: string;
  kind: LedgerKind;
  bucket: CreditBucket;
  amount: number;
  expiresAt: Date | null;
}

async function roundEntries(tx: DbTx, generationId: string, round: number): Promise<RoundEntry[]> {
  return tx.creditLedgerEntry.findMany({
    where: {
      generationId,
      idempotencyKey: { startsWith: ledgerKey.roundPrefix(generationId, round) },
    },
    select: { idempotencyKey: true, kind: true, bucket: true, amount: true, expiresAt: true },
  });
}

interface BucketState {
  /** Held and not yet settled or released. */
  outstanding: number;
  /** Expiry of the credits this bucket held (a released monthly credit keeps its period). */
  expiresAt: Date | null;
}

/**
 * What a round still holds, per bucket. Settled assets consume held credits
 * in spend order; releases give back in reverse order (overage first, so a
 * failed asset is never billed as overage).
 */
function roundState(entries: RoundEntry[]): Map<CreditBucket, BucketState> {
  const state = new Map<CreditBucket, BucketState>();
  for (const bucket of SPEND_ORDER) {
    const hold = entries.filter((e) => e.kind === "HOLD" && e.bucket === bucket);
    const released = entries
      .filter((e) => e.kind === "RELEASE" && e.bucket === bucket)
      .reduce((n, e) => n + e.amount, 0);
    const settled = entries.filter((e) => e.kind === "SETTLE" && e.bucket === bucket).length;
    state.set(bucket, {
      outstanding: -hold.reduce((n, e) => n + e.amount, 0) - released - settled,
      expiresAt: hold[0]?.expiresAt ?? null,
    });
  }
  return state;
}

function total(state: Map<CreditBucket, BucketState>): number {
  return [...state.values()].reduce((n, s) => n + s.outstanding, 0);
}

/**
 * Take a new hold round for a generation, in the submit (or redrive)
 * transaction. The caller holds lockWorkspace. Throws InsufficientCredits
 * rather than letting the balance go negative (past the overage cap).
 */
export async function holdCredits(
  tx: DbTx,
  input: { workspaceId: string; generationId: string; amount: number },
): Promise<number> {
  const workspace = await rollPeriodIfDue(tx, input.workspaceId);
  const balances = await balancesOf(tx, input.workspaceId);
  const plan = planLimits(workspace.plan);
  const overageRoom = plan.meteredOverage
    ? Math.max(0, workspace.overageCap + balances.overage)
    : 0;
  const parts = new Map<CreditBucket, number>();
  let rest = input.amount;
  for (const [bucket, available] of [
    ["MONTHLY", Math.max(0, balances.monthly)],
    ["PACK", Math.max(0, balances.packs)],
    ["OVERAGE", overageRoom],
  ] as const) {
    const take = Math.min(rest, available);
    if (take > 0) parts.set(bucket, take);
    rest -= take;
  }
  if (rest > 0)
    throw new InsufficientCredits(
      Math.max(0, balances.monthly) + Math.max(0, balances.packs) + overageRoom,
      input.amount,
    );
  const round = (await holdRound(tx, input.generationId)) + 1;
  await tx.creditLedgerEntry.createMany({
    data: [...parts].map(([bucket, amount]) => ({
      workspaceId: input.workspaceId,
      generationId: input.generationId,
      kind: "HOLD" as const,
      bucket,
      amount: -amount,
      // Monthly and overage credits count against this period only.
      expiresAt: bucket === "PACK" ? null : workspace.periodEnd,
      idempotencyKey: ledgerKey.hold(input.generationId, round, bucket),
      note: `Hold for ${amount} assets (${bucket.toLowerCase()})`,
    })),
  });
  return round;
}

export interface AssetOutcome {
  variant: number;
  format: string;
  delivered: boolean;
}

/**
 * Settle delivered assets (amount 0: the hold already took the credit) and
 * release undelivered ones of one round. Each asset has one key per round
 * whatever its outcome, so a retried job that passes an asset it failed
 * before (or the reverse) writes nothing: the first outcome stands. The
 * caller holds the generation's row lock.
 */
export async function chargeAssets(
  tx: DbTx,
  input: { workspaceId: string; generationId: string; round: number; assets: AssetOutcome[] },
): Promise<void> {
  const { workspaceId, generationId, round } = input;
  const entries = await roundEntries(tx, generationId, round);
  const seen = new Set(entries.map((e) => e.idempotencyKey));
  const state = roundState(entries);
  const rows: {
    workspaceId: string;
    generationId: string;
    idempotencyKey: string;
    kind: "SETTLE" | "RELEASE";
    amount: number;
    bucket: CreditBucket;
    expiresAt: Date | null;
    note: string;
  }[] = [];
  for (const asset of input.assets) {
    const key = ledgerKey.asset(generationId, round, asset.variant, asset.format);
    if (seen.has(key)) continue;
    seen.add(key);
    const order = asset.delivered ? SPEND_ORDER : [...SPEND_ORDER].reverse();
    const bucket = order.find((b) => (state.get(b)?.outstanding ?? 0) > 0);
    if (!bucket) continue; // nothing held for it (a round closed by cancel): nothing to move
    const from = state.get(bucket) as BucketState;
    from.outstanding -= 1;
    const label = `${asset.format} variant ${asset.variant + 1}`;
    const common = { workspaceId, generationId, idempotencyKey: key, bucket };
    rows.push(
      asset.delivered
        ? { ...common, kind: "SETTLE", amount: 0, expiresAt: null, note: `Delivered ${label}` }
        : {
            ...common,
            kind: "RELEASE",
            amount: 1,
            expiresAt: from.expiresAt,
            note: `Not delivered: ${label}`,
          },
    );
  }
  if (rows.length > 0) await tx.creditLedgerEntry.createMany({ data: rows, skipDuplicates: true });
  if (total(state) === 0) await closeRound(tx, workspaceId, generationId, round);
}

/** Credits still held by a generation's current round. */
export async function outstandingHold(tx: DbTx, generationId: string): Promise<number> {
  const round = await holdRound(tx, generationId);
  if (round === 0) return 0;
  return total(roundState(await roundEntries(tx, generationId, round)));
}

/**
 * Release whatever the current round still holds (failed, canceled or
 * redriven generation). The caller holds the generation's row lock, so no
 * settle can slip in between the read and the insert.
 */
export async function releaseOutstanding(
  tx: DbTx,
  input: { workspaceId: string; generationId: string; reason: string },
): Promise<number> {
  const round = await holdRound(tx, input.generationId);
  if (round === 0) return 0;
  const state = roundState(await roundEntries(tx, input.generationId, round));
  const data = [...state]
    .filter(([, s]) => s.outstanding > 0)
    .map(([bucket, s]) => ({
      workspaceId: input.workspaceId,
      generationId: input.generationId,
      kind: "RELEASE" as const,
      bucket,
      amount: s.outstanding,
      expiresAt: s.expiresAt,
      idempotencyKey: ledgerKey.releaseRest(input.generationId, round, bucket),
      note: input.reason,
    }));
  const { count } =
    data.length > 0
      ? await tx.creditLedgerEntry.createMany({ data, skipDuplicates: true })
      : { count: 0 };
  await closeRound(tx, input.workspaceId, input.generationId, round);
  return count > 0 ? data.reduce((n, d) => n + d.amount, 0) : 0;
}

/**
 * A round is resolved: if it spent overage credits, record them once (an
 * OVERAGE entry, amount 0) and queue one Stripe meter event whose identifier
 * is that entry's id, so a resent event is not billed twice.
 */
async function closeRound(
  tx: DbTx,
  workspaceId: string,
  generationId: string,
  round: number,
): Promise<void> {
  const entries = await roundEntries(tx, generationId, round);
  const charged = entries
    .filter((e) => e.bucket === "OVERAGE" && (e.kind === "HOLD" || e.kind === "RELEASE"))
    .reduce((n, e) => n - e.amount, 0);
  if (charged <= 0) return;
  const idempotencyKey = ledgerKey.overage(generationId, round);
  const { count } = await tx.creditLedgerEntry.createMany({
    data: {
      workspaceId,
      generationId,
      kind: "OVERAGE",
      bucket: "OVERAGE",
      amount: 0,
      idempotencyKey,
      note: `${charged} overage credits`,
    },
    skipDuplicates: true,
  });
  if (count === 0) return;
  const entry = await tx.creditLedgerEntry.findUniqueOrThrow({ where: { idempotencyKey } });
  await enqueueMeterEvent(tx, { identifier: entry.id, workspaceId, value: charged });
}
