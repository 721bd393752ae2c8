import type { Db } from "@hyperposter/db";
import { failGeneration } from "./generation-state";
import { enqueueJob } from "./outbox";

const SWEEP_LOCK = 480_612;

export interface SweepOptions {
  /** A QUEUED generation untouched this long (or a RUNNING one whose lease expired this long ago) is stuck. */
  staleAfterSeconds: number;
  /** Re-sends per round before the generation is failed instead. */
  maxResends: number;
  limit?: number;
}

export interface SweepResult {
  resent: string[];
  failed: string[];
}

/**
 * Find generations whose message never arrived (lost between outbox and
 * queue, or deleted while the row says otherwise) and send them again, at most
 * maxResends times per round; past that, fail them with their credits
 * released, so a job that keeps vanishing cannot loop forever. One sweeper
 * at a time (advisory lock); rows another transaction holds are skipped.
 */
export async function sweepOnce(db: Db, options: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { resent: [], failed: [] };
  const exhausted = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS locked`;
      if (!lock?.locked) return [];
      const stuck = await tx.$queryRaw<
        {
          id: string;
          workspaceId: string;
          lane: "INTERACTIVE" | "BATCH";
          traceId: string;
          resends: number;
        }[]
      >`
        SELECT g.id, g."workspaceId", g.lane::text AS lane, g."traceId", g.resends
        FROM "Generation" g
        WHERE ((g.status = 'QUEUED'
                AND g."queuedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${options.staleAfterSeconds}))
            OR (g.status = 'RUNNING'
                AND g."leaseExpiresAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${options.staleAfterSeconds})))
          AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" o
                          WHERE o."sentAt" IS NULL AND o.payload->>'generationId' = g.id)
        ORDER BY g."queuedAt" LIMIT ${options.limit ?? 100}
        FOR UPDATE OF g SKIP LOCKED`;
      const over: string[] = [];
      for (const g of stuck) {
        if (g.resends >= options.maxResends) {
          over.push(g.id);
          continue;
        }
        await tx.generation.update({
          where: { id: g.id },
          data: { resends: { increment: 1 }, queuedAt: new Date() },
        });
        await enqueueJob(tx, {
          v: 1,
          generationId: g.id,
          workspaceId: g.workspaceId,
          lane: g.lane,
          traceId: g.traceId,
        });
        result.resent.push(g.id);
      }
      return over;
    },
    { timeout: 20_000 },
  );
  // Sent rows only matter while their message may be in flight; a week is plenty.
  await db.outboxMessage.deleteMany({
    where: { sentAt: { lt: new Date(Date.now() - 7 * 24 * 3600 * 1000) } },
  });
  for (const id of exhausted) {
    const failed = await failGeneration(db, id, {
      code: "NOT_STARTED",
      message:
        "This generation could not be started after several tries; your credits were returned. Please submit it again.",
    });
    if (failed) result.failed.push(id);
  }
  return result;
}
