// Timestamps are `timestamp without time zone` holding UTC (as Prisma writes them): SQL here
// compares and writes now() AT TIME ZONE 'UTC' so a non-UTC session time zone cannot skew leases.

import type { Db, Generation } from "@hyperposter/db";
import { type GenerationProgress, TERMINAL_STATUSES } from "@hyperposter/domain";
import {
  type DbTx,
  generationCost,
  holdCredits,
  lockWorkspace,
  releaseOutstanding,
} from "@hyperposter/billing";
import { enqueueJob } from "./outbox";

/** Who holds a generation: its id and the attempt number the claim produced. */
export interface Fence {
  generationId: string;
  attempt: number;
}

export type ClaimResult =
  { claimed: true; generation: Generation } | { claimed: false; generation: Generation | null };

/**
 * Claim a generation for this attempt: QUEUED, or RUNNING with an expired
 * lease (its worker died), becomes RUNNING with attempts + 1. Conditional, so
 * of two workers holding copies of one message exactly one wins.
 */
export async function claimGeneration(
  db: Db,
  generationId: string,
  leaseSeconds: number,
  progress: object = { stage: "rephrasing" },
): Promise<ClaimResult> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Generation"
    SET status = 'RUNNING', attempts = attempts + 1,
        "leaseExpiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds}),
        "startedAt" = COALESCE("startedAt", (now() AT TIME ZONE 'UTC')), "updatedAt" = (now() AT TIME ZONE 'UTC'),
        "errorCode" = NULL, "errorMessage" = NULL,
        progress = ${JSON.stringify(progress)}::jsonb || jsonb_build_object('attempt', attempts + 1)
    WHERE id = ${generationId}
      AND (status = 'QUEUED' OR (status = 'RUNNING' AND "leaseExpiresAt" < (now() AT TIME ZONE 'UTC')))
    RETURNING id`;
  const generation = await db.generation.findUnique({ where: { id: generationId } });
  return rows.length === 1 && generation
    ? { claimed: true, generation }
    : { claimed: false, generation };
}

/**
 * SUCCEEDED, only while this attempt owns it: one conditional UPDATE (the hot
 * path of every job). The caller has settled or released every asset.
 */
export async function succeedGeneration(
  db: Db,
  fence: Fence,
  timings: Record<string, number>,
): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "Generation"
    SET status = 'SUCCEEDED', "finishedAt" = (now() AT TIME ZONE 'UTC'), "updatedAt" = (now() AT TIME ZONE 'UTC'), "leaseExpiresAt" = NULL,
        timings = ${JSON.stringify(timings)}::jsonb,
        progress = progress || '{"stage":"done","message":"Done"}'::jsonb
    WHERE id = ${fence.generationId} AND status = 'RUNNING' AND attempts = ${fence.attempt}`;
  return count === 1;
}

export function isTerminal(status: Generation["status"]): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/**
 * Lock the generation's row if this attempt still owns it (RUNNING, same
 * attempt). Every write a worker makes goes through here first, so a worker
 * that lost its claim (lease taken over, generation canceled) writes nothing.
 */
export async function lockIfOwner(tx: DbTx, fence: Fence): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Generation"
    WHERE id = ${fence.generationId} AND status = 'RUNNING' AND attempts = ${fence.attempt}
    FOR UPDATE`;
  return rows.length === 1;
}

/** Renew the lease; false when the claim was lost (canceled, or taken over). */
export async function renewLease(db: Db, fence: Fence, leaseSeconds: number): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "Generation" SET "leaseExpiresAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseSeconds})
    WHERE id = ${fence.generationId} AND status = 'RUNNING' AND attempts = ${fence.attempt}`;
  return count === 1;
}

export async function writeProgress(
  db: Db,
  fence: Fence,
  progress: GenerationProgress,
  extra: { rephrased?: object; timings?: Record<string, number> } = {},
): Promise<boolean> {
  const { count } = await db.generation.updateMany({
    where: { id: fence.generationId, status: "RUNNING", attempts: fence.attempt },
    data: {
      progress,
      ...(extra.rephrased ? { rephrased: extra.rephrased } : {}),
      ...(extra.timings ? { timings: extra.timings } : {}),
    },
  });
  return count === 1;
}

export interface Failure {
  code: string;
  /** A sentence a user can read. */
  message: string;
}

/**
 * End a generation as FAILED and release what it still holds. With a fence,
 * only while that attempt owns it; without one (dead-letter handler, sweeper),
 * only while no worker holds a live lease on it: a dead-lettered duplicate
 * must not fail a generation another worker is running.
 */
export async function failGeneration(
  db: Db,
  generationId: string,
  failure: Failure,
  fence?: Fence,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const owned = fence
      ? await lockIfOwner(tx, fence)
      : (
          await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM "Generation" WHERE id = ${generationId}
            AND (status = 'QUEUED' OR (status = 'RUNNING'
                 AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < (now() AT TIME ZONE 'UTC'))))
          FOR UPDATE`
        ).length === 1;
    if (!owned) return false;
    const generation = await tx.generation.update({
      where: { id: generationId },
      data: {
        status: "FAILED",
        errorCode: failure.code,
        errorMessage: failure.message,
        finishedAt: new Date(),
        leaseExpiresAt: null,
      },
    });
    await releaseOutstanding(tx, {
      workspaceId: generation.workspaceId,
      generationId,
      reason: `Failed: ${failure.code}`,
    });
    return true;
  });
}

/**
 * Hand a claimed generation back to the queue (transient failure or
 * shutdown): QUEUED again, lease cleared, so the redelivered message claims it
 * without waiting for the lease.
 */
export async function unclaimGeneration(
  db: Db,
  fence: Fence,
  progress: GenerationProgress,
): Promise<boolean> {
  const { count } = await db.generation.updateMany({
    where: { id: fence.generationId, status: "RUNNING", attempts: fence.attempt },
    data: { status: "QUEUED", leaseExpiresAt: null, queuedAt: new Date(), progress },
  });
  return count === 1;
}

export type RequeueResult = "requeued" | "not-found" | "already-done" | "insufficient-credits";

/**
 * The operator's redrive: put a FAILED (or stuck) generation back on the
 * queue as a new round, with a new hold and a new outbox message, rather than
 * letting the worker drop the message as already finished.
 */
export async function requeueGeneration(db: Db, generationId: string): Promise<RequeueResult> {
  return db.$transaction(async (tx) => {
    const generation = await tx.generation.findUnique({ where: { id: generationId } });
    if (!generation) return "not-found";
    await lockWorkspace(tx, generation.workspaceId);
    const [row] = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM "Generation" WHERE id = ${generationId} FOR UPDATE`;
    if (row?.status === "SUCCEEDED" || row?.status === "CANCELED") return "already-done";
    if (row?.status !== "FAILED") {
      // Still QUEUED or RUNNING: close the current round before opening a new one.
      await releaseOutstanding(tx, {
        workspaceId: generation.workspaceId,
        generationId,
        reason: "Redriven by an operator",
      });
    }
    const cost = generationCost(generation.formats.length, generation.variants);
    try {
      await holdCredits(tx, { workspaceId: generation.workspaceId, generationId, amount: cost });
    } catch {
      return "insufficient-credits";
    }
    await tx.generation.update({
      where: { id: generationId },
      data: {
        status: "QUEUED",
        errorCode: null,
        errorMessage: null,
        finishedAt: null,
        leaseExpiresAt: null,
        resends: 0,
        queuedAt: new Date(),
        progress: { stage: "queued", message: "Re-queued by an operator" },
      },
    });
    await enqueueJob(tx, {
      v: 1,
      generationId,
      workspaceId: generation.workspaceId,
      lane: generation.lane,
      traceId: generation.traceId,
    });
    return "requeued";
  });
}
