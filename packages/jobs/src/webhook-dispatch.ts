// Generation events → webhook deliveries → signed POSTs, with the database as
// the outbox: a terminal generation is turned into one PENDING row per
// subscribed endpoint (in one transaction with marking it queued), and rows
// are claimed with a lease so a worker that dies mid-attempt leaves the row
// to be tried again with the same webhook-id.

import type { Db } from "@hyperposter/db";
import {
  attemptDelivery,
  type AttemptResult,
  nextAttemptDelayMs,
  newMessageId,
  newWebhookSecret,
  type TargetPolicy,
} from "@hyperposter/webhooks";

export const GENERATION_EVENTS = [
  "generation.succeeded",
  "generation.failed",
  "generation.canceled",
] as const;
export type GenerationEvent = (typeof GENERATION_EVENTS)[number];

const EVENT_OF = {
  SUCCEEDED: "generation.succeeded",
  FAILED: "generation.failed",
  CANCELED: "generation.canceled",
} as const satisfies Record<string, GenerationEvent>;

/** The event body: small on purpose; receivers fetch the generation for assets (URLs expire). */
export function generationEventBody(
  event: GenerationEvent,
  generation: {
    id: string;
    status: string;
    errorCode: string | null;
    errorMessage: string | null;
    finishedAt: Date | null;
    passthrough: string | null;
  },
  at: Date,
): string {
  return JSON.stringify({
    type: event,
    timestamp: at.toISOString(),
    data: {
      object: "generation",
      id: generation.id,
      status: generation.status.toLowerCase(),
      finished_at: generation.finishedAt?.toISOString() ?? null,
      error: generation.errorCode
        ? { code: generation.errorCode, message: generation.errorMessage }
        : null,
      passthrough: generation.passthrough,
    },
  });
}

/**
 * Turn generations that reached SUCCEEDED, FAILED or CANCELED into deliveries
 * for every enabled endpoint subscribed to the event. Every terminal path
 * (worker, cancel, sweeper, dead letters) is covered because this reads the
 * state instead of being called from each of them. Returns the deliveries made.
 */
export async function queueGenerationEvents(db: Db, limit = 100): Promise<number> {
  return db.$transaction(async (tx) => {
    const done = await tx.$queryRaw<
      {
        id: string;
        workspaceId: string;
        status: "SUCCEEDED" | "FAILED" | "CANCELED";
        errorCode: string | null;
        errorMessage: string | null;
        finishedAt: Date | null;
        webhookUrl: string | null;
        passthrough: string | null;
      }[]
    >`
      SELECT id, "workspaceId", status::text AS status, "errorCode", "errorMessage", "finishedAt",
             "webhookUrl", passthrough
      FROM "Generation"
      WHERE "webhooksQueuedAt" IS NULL AND status IN ('SUCCEEDED', 'FAILED', 'CANCELED')
      ORDER BY "finishedAt" NULLS FIRST LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (done.length === 0) return 0;
    const endpoints = await tx.webhookEndpoint.findMany({
      where: {
        workspaceId: { in: [...new Set(done.map((g) => g.workspaceId))] },
        disabledAt: null,
      },
      select: { id: true, workspaceId: true, url: true, events: true },
    });
    const now = new Date();
    const rows = done.flatMap((generation) => {
      const event = EVENT_OF[generation.status];
      const body = generationEventBody(event, generation, now);
      const delivery = (url: string, endpointId: string | null) => ({
        id: newMessageId(),
        workspaceId: generation.workspaceId,
        endpointId,
        url,
        event,
        generationId: generation.id,
        body,
      });
      return [
        ...endpoints
          .filter((e) => e.workspaceId === generation.workspaceId && e.events.includes(event))
          .map((endpoint) => delivery(endpoint.url, endpoint.id)),
        // A request's own webhook_url gets every terminal event, signed with the workspace's API secret.
        ...(generation.webhookUrl ? [delivery(generation.webhookUrl, null)] : []),
      ];
    });
    const needSecret = [...new Set(rows.filter((r) => !r.endpointId).map((r) => r.workspaceId))];
    for (const workspaceId of needSecret)
      await tx.workspace.updateMany({
        where: { id: workspaceId, apiWebhookSecret: null },
        data: { apiWebhookSecret: newWebhookSecret() },
      });
    if (rows.length > 0) await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
    await tx.generation.updateMany({
      where: { id: { in: done.map((g) => g.id) } },
      data: { webhooksQueuedAt: now },
    });
    return rows.length;
  });
}

export interface DeliverOptions {
  policy: TargetPolicy;
  /** How long a claimed row is left alone before another worker may take it. */
  leaseMs?: number;
  timeoutMs?: number;
  limit?: number;
  random?: () => number;
}

export interface DeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
}

interface Claimed {
  id: string;
  url: string;
  body: string;
  attempts: number;
  endpointId: string | null;
  secret: string | null;
}

/**
 * Claim due deliveries (a lease, not a held transaction: the HTTP calls run
 * outside any transaction), attempt each, then record the outcome: delivered;
 * retry later on the backoff schedule; failed after the last attempt or when
 * the target is refused; 410 disables the endpoint.
 */
export async function deliverDueWebhooks(db: Db, options: DeliverOptions): Promise<DeliverResult> {
  const leaseMs = options.leaseMs ?? 60_000;
  const claimed = await db.$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT id FROM "WebhookDelivery"
      WHERE status = 'PENDING' AND "nextAttemptAt" <= (now() AT TIME ZONE 'UTC')
      ORDER BY "nextAttemptAt" LIMIT ${options.limit ?? 20} FOR UPDATE SKIP LOCKED
    )
    UPDATE "WebhookDelivery" d
    SET attempts = d.attempts + 1,
        "nextAttemptAt" = (now() AT TIME ZONE 'UTC') + make_interval(secs => ${leaseMs / 1000})
    FROM due
    WHERE d.id = due.id
    RETURNING d.id, d.url, d.body, d.attempts, d."endpointId",
      CASE WHEN d."endpointId" IS NULL
        THEN (SELECT w."apiWebhookSecret" FROM "Workspace" w WHERE w.id = d."workspaceId")
        ELSE (SELECT e.secret FROM "WebhookEndpoint" e WHERE e.id = d."endpointId")
      END AS secret`;
  const result: DeliverResult = { delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (row) => {
      const attempt: AttemptResult = row.secret
        ? await attemptDelivery(
            { url: row.url, messageId: row.id, body: row.body, secret: row.secret },
            {
              policy: options.policy,
              ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
            },
          )
        : {
            outcome: "refused",
            status: null,
            latencyMs: 0,
            error: "no signing secret: the endpoint was deleted",
          };
      const state = await recordAttempt(db, row, attempt, options.random);
      result[state] += 1;
    }),
  );
  return result;
}

async function recordAttempt(
  db: Db,
  row: Claimed,
  attempt: AttemptResult,
  random?: () => number,
): Promise<keyof DeliverResult> {
  const error = "error" in attempt ? attempt.error : null;
  const delay = attempt.outcome === "retry" ? nextAttemptDelayMs(row.attempts, random) : null;
  const state: keyof DeliverResult =
    attempt.outcome === "delivered" ? "delivered" : delay === null ? "failed" : "retrying";
  await db.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: {
        deliveryId: row.id,
        attempt: row.attempts,
        outcome: attempt.outcome,
        httpStatus: attempt.status,
        latencyMs: attempt.latencyMs,
        error,
      },
    });
    await tx.webhookDelivery.update({
      where: { id: row.id },
      data: {
        status: state === "delivered" ? "DELIVERED" : state === "failed" ? "FAILED" : "PENDING",
        lastStatus: attempt.status,
        lastError: error,
        ...(state === "delivered" ? { deliveredAt: new Date() } : {}),
        ...(delay !== null ? { nextAttemptAt: new Date(Date.now() + delay) } : {}),
      },
    });
    if (attempt.outcome === "gone" && row.endpointId)
      await tx.webhookEndpoint.updateMany({
        where: { id: row.endpointId, disabledAt: null },
        data: { disabledAt: new Date(), disabledReason: "The endpoint answered 410 Gone." },
      });
  });
  return state;
}

/** Send a delivery again now (the "replay" action): a new row, a new webhook-id. */
export async function replayDelivery(
  db: Db,
  workspaceId: string,
  deliveryId: string,
): Promise<string | null> {
  const original = await db.webhookDelivery.findFirst({ where: { id: deliveryId, workspaceId } });
  if (!original) return null;
  const id = newMessageId();
  await db.webhookDelivery.create({
    data: {
      id,
      workspaceId,
      endpointId: original.endpointId,
      url: original.url,
      event: original.event,
      generationId: original.generationId,
      body: original.body,
    },
  });
  return id;
}

export interface WebhookDispatcher {
  stop(): Promise<void>;
}

/** Queue new generation events and deliver what is due, every intervalMs, never two rounds at once. */
export function startWebhookDispatcher(options: {
  db: Db;
  policy: TargetPolicy;
  intervalMs: number;
  onError?: (error: unknown) => void;
  onRound?: (result: DeliverResult & { queued: number }) => void;
}): WebhookDispatcher {
  let running: Promise<void> | undefined;
  let stopped = false;
  const round = async () => {
    const queued = await queueGenerationEvents(options.db);
    const result = await deliverDueWebhooks(options.db, { policy: options.policy });
    if (queued + result.delivered + result.retrying + result.failed > 0)
      options.onRound?.({ queued, ...result });
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = round()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
