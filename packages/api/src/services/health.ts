import { createHash, timingSafeEqual } from "node:crypto";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Db } from "@hyperposter/db";
import type { AssetStorage } from "@hyperposter/jobs";
import { clientIp } from "../context";

export type PartStatus = "up" | "down";

export interface PartCheck {
  status: PartStatus;
  latencyMs: number;
  detail?: string;
}

export interface WorkerCheck extends PartCheck {
  /** Age of the freshest heartbeat, or null when no worker ever reported. */
  heartbeatAgeMs: number | null;
  workers: number;
}

export interface HealthReport {
  status: PartStatus;
  checkedAt: string;
  checks: { database: PartCheck; queue: PartCheck; storage: PartCheck; worker: WorkerCheck };
}

export interface HealthDeps {
  db: Db;
  sqs: SQSClient;
  queueUrl: string;
  storage: AssetStorage;
  workerStaleAfterMs: number;
  timeoutMs?: number;
}

async function timed(probe: () => Promise<string | void>, timeoutMs: number): Promise<PartCheck> {
  const started = performance.now();
  try {
    const detail = await Promise.race([
      probe(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return {
      status: "up",
      latencyMs: Math.round(performance.now() - started),
      ...(detail ? { detail } : {}),
    };
  } catch (error) {
    return {
      status: "down",
      latencyMs: Math.round(performance.now() - started),
      detail: error instanceof Error ? error.message.split("\n")[0] : String(error),
    };
  }
}

/** Database, queue, storage and the worker fleet's heartbeat, checked in parallel. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 3000;
  let heartbeatAgeMs: number | null = null;
  let workers = 0;
  const [database, queue, storage, workerProbe] = await Promise.all([
    timed(async () => {
      await deps.db.$queryRaw`SELECT 1`;
    }, timeoutMs),
    timed(async () => {
      const result = await deps.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: deps.queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages"],
        }),
      );
      return `${result.Attributes?.ApproximateNumberOfMessages ?? "?"} messages waiting`;
    }, timeoutMs),
    timed(() => deps.storage.ping(), timeoutMs),
    timed(async () => {
      const since = new Date(Date.now() - deps.workerStaleAfterMs);
      const [newest, fresh] = await Promise.all([
        deps.db.workerHeartbeat.findFirst({ orderBy: { lastSeenAt: "desc" } }),
        deps.db.workerHeartbeat.count({ where: { lastSeenAt: { gte: since } } }),
      ]);
      workers = fresh;
      heartbeatAgeMs = newest ? Date.now() - newest.lastSeenAt.getTime() : null;
      if (heartbeatAgeMs === null) throw new Error("no worker has reported yet");
      if (heartbeatAgeMs > deps.workerStaleAfterMs) {
        throw new Error(`last heartbeat ${Math.round(heartbeatAgeMs / 1000)} s ago`);
      }
      return `${fresh} worker${fresh === 1 ? "" : "s"} alive`;
    }, timeoutMs),
  ]);
  const worker: WorkerCheck = { ...workerProbe, heartbeatAgeMs, workers };
  const checks = { database, queue, storage, worker };
  const allUp = Object.values(checks).every((check) => check.status === "up");
  return { status: allUp ? "up" : "down", checkedAt: new Date().toISOString(), checks };
}

/** What anyone may see: up or degraded, per part too, without latencies or error text. */
export interface PublicHealth {
  status: "up" | "degraded";
  checkedAt: string;
  checks: Record<keyof HealthReport["checks"], { status: PartStatus }>;
}

export function publicHealth(report: HealthReport): PublicHealth {
  const only = (check: PartCheck) => ({ status: check.status });
  return {
    status: report.status === "up" ? "up" : "degraded",
    checkedAt: report.checkedAt,
    checks: {
      database: only(report.checks.database),
      queue: only(report.checks.queue),
      storage: only(report.checks.storage),
      worker: only(report.checks.worker),
    },
  };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * Whether a request may see operational details (backend error text,
 * latencies, metrics): it carries `Authorization: Bearer <OPS_TOKEN>`
 * (compared in constant time), or it comes from this machine (loopback).
 */
export function hasOpsAccess(
  authorization: string | null,
  opsToken: string | undefined,
  clientIp: string | null = null,
): boolean {
  if (clientIp && LOOPBACK.has(clientIp)) return true;
  if (!opsToken) return false;
  const presented = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!presented) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(opsToken));
}

/**
 * GET /api/health: 200 when every part is up, else 503. Anyone sees
 * up/degraded per part; latencies and backend error text need operator access
 * (`hasOpsAccess`).
 */
export async function healthResponse(
  deps: HealthDeps,
  request: Request,
  options: { opsToken?: string | undefined; trustedProxyHops: number },
): Promise<Response> {
  const report = await checkHealth(deps);
  const details = hasOpsAccess(
    request.headers.get("authorization"),
    options.opsToken,
    clientIp(request.headers, options.trustedProxyHops),
  );
  return Response.json(details ? report : publicHealth(report), {
    status: report.status === "up" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
