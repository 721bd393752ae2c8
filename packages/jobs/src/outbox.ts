import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Db } from "@hyperposter/db";
import type { JobMessage } from "@hyperposter/domain";
import type { DbTx } from "@hyperposter/billing";

export const JOBS_TOPIC = "jobs";
/** SQS takes at most 10 entries per batch. */
const BATCH = 10;
// One number for pg_try_advisory_xact_lock: only one dispatcher sends at a time,
// whether it runs in a worker or is nudged by the web app.
const DISPATCH_LOCK = 480_611;

/** Write the job's outbox row in the caller's transaction (with the generation row). */
export async function enqueueJob(tx: DbTx, message: JobMessage): Promise<void> {
  await tx.outboxMessage.create({ data: { topic: JOBS_TOPIC, payload: message } });
}

export interface DispatchResult {
  sent: number;
  failed: number;
  /** Another dispatcher held the lock; nothing was tried. */
  busy: boolean;
}

/** Retry delay after `attempts` failed sends: exponential from 250 ms, capped at a minute. */
export function dispatchBackoffMs(attempts: number): number {
  const base = Math.min(60_000, 250 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Send due outbox rows to SQS in batches of 10 and mark them sent; a failed
 * send is retried later with backoff (availableAt). Runs until nothing due is
 * left. Rows stay locked while their batch is in flight, and a second caller
 * finds the advisory lock taken and returns at once.
 */
export async function dispatchOutboxOnce(
  db: Db,
  sqs: SQSClient,
  queueUrl: string,
): Promise<DispatchResult> {
  const total: DispatchResult = { sent: 0, failed: 0, busy: false };
  for (;;) {
    const round = await db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${DISPATCH_LOCK}) AS locked`;
        if (!lock?.locked) return { sent: 0, failed: 0, busy: true, rows: 0 };
        const rows = await tx.$queryRaw<{ id: string; payload: unknown; attempts: number }[]>`
          SELECT id, payload, attempts FROM "OutboxMessage"
          WHERE "sentAt" IS NULL AND "availableAt" <= (now() AT TIME ZONE 'UTC') AND topic = ${JOBS_TOPIC}
          ORDER BY "availableAt", "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return { sent: 0, failed: 0, busy: false, rows: 0 };
        const failures = new Map<string, string>();
        try {
          const result = await sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: rows.map((row, index) => ({
                Id: String(index),
                MessageBody: JSON.stringify(row.payload),
              })),
            }),
            { abortSignal: AbortSignal.timeout(5_000) },
          );
          for (const failure of result.Failed ?? []) {
            const row = rows[Number(failure.Id)];
            if (row) failures.set(row.id, `${failure.Code}: ${failure.Message ?? ""}`);
          }
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          for (const row of rows) failures.set(row.id, reason);
        }
        const sentIds = rows.filter((row) => !failures.has(row.id)).map((row) => row.id);
        if (sentIds.length > 0)
          await tx.outboxMessage.updateMany({
            where: { id: { in: sentIds } },
            data: { sentAt: new Date() },
          });
        for (const row of rows) {
          const reason = failures.get(row.id);
          if (reason === undefined) continue;
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: {
              attempts: row.attempts + 1,
              lastError: reason.slice(0, 500),
              availableAt: new Date(Date.now() + dispatchBackoffMs(row.attempts + 1)),
            },
          });
        }
        return { sent: sentIds.length, failed: failures.size, busy: false, rows: rows.length };
      },
      { timeout: 20_000, maxWait: 10_000 },
    );
    total.sent += round.sent;
    total.failed += round.failed;
    total.busy ||= round.busy;
    // Stop on a short batch, on a busy lock, or when SQS is failing (backoff decides when next).
    if (round.busy || round.rows < BATCH || round.failed > 0) return total;
  }
}

/**
 * For the web app's ServiceContext.nudge: dispatch right after a commit,
 * fire-and-forget, coalescing nudges that arrive while one dispatch runs.
 * Failures only delay the message: the worker's dispatcher retries it.
 */
export function createOutboxNudge(
  db: Db,
  sqs: SQSClient,
  queueUrl: string,
  onError?: (error: unknown) => void,
): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    dispatchOutboxOnce(db, sqs, queueUrl)
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}

export interface OutboxDispatcher {
  /** Dispatch soon (coalesced): call right after a commit that wrote outbox rows. */
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * The dispatcher loop: every interval, and whenever nudged. Errors (database
 * or queue down) are logged and retried on the next tick.
 */
export function startOutboxDispatcher(options: {
  db: Db;
  sqs: SQSClient;
  queueUrl: string;
  intervalMs: number;
  onError?: (error: unknown) => void;
  onSent?: (result: DispatchResult) => void;
}): OutboxDispatcher {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = dispatchOutboxOnce(options.db, options.sqs, options.queueUrl)
      .then((result) => {
        if (result.sent > 0 || result.failed > 0) options.onSent?.(result);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, options.intervalMs);
  run();
  return {
    nudge: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Deliver due rows of another topic (e.g. Stripe meter events) one at a time
 * through `send`; a failed send is retried later with the same backoff. The
 * row stays locked while its send is in flight and is marked sent in the same
 * transaction, so a dispatcher that dies mid-send leaves the row to be sent
 * again: `send` must be safe to repeat (an idempotency key, an identifier).
 */
export async function dispatchTopicOnce(
  db: Db,
  topic: string,
  send: (payload: unknown) => Promise<void>,
  options: { lockId: number; batch?: number } = { lockId: DISPATCH_LOCK + 1 },
): Promise<DispatchResult> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${options.lockId}) AS locked`;
      if (!lock?.locked) return { sent: 0, failed: 0, busy: true };
      const rows = await tx.$queryRaw<{ id: string; payload: unknown; attempts: number }[]>`
        SELECT id, payload, attempts FROM "OutboxMessage"
        WHERE "sentAt" IS NULL AND "availableAt" <= (now() AT TIME ZONE 'UTC') AND topic = ${topic}
        ORDER BY "availableAt", "createdAt" LIMIT ${options.batch ?? BATCH} FOR UPDATE SKIP LOCKED`;
      const result: DispatchResult = { sent: 0, failed: 0, busy: false };
      for (const row of rows) {
        try {
          await send(row.payload);
          await tx.outboxMessage.update({ where: { id: row.id }, data: { sentAt: new Date() } });
          result.sent += 1;
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: {
              attempts: row.attempts + 1,
              lastError: reason.slice(0, 500),
              availableAt: new Date(Date.now() + dispatchBackoffMs(row.attempts + 1)),
            },
          });
          result.failed += 1;
        }
      }
      return result;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
