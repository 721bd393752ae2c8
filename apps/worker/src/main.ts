import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { envOrExit } from "@hyperposter/config";
import { createDb } from "@hyperposter/db";
import pino from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { startHealthServer } from "./health-server";
import { startHeartbeat } from "./heartbeat";

const env = envOrExit();
const log = pino({ level: env.LOG_LEVEL, base: { service: "worker", pid: process.pid } });
const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
const db = createDb(env.DATABASE_URL, { max: 5 });
const registry = new Registry();
collectDefaultMetrics({ register: registry });

let draining = false;
const heartbeat = startHeartbeat({
  db,
  workerId,
  version: process.env.npm_package_version ?? "0.0.0",
  intervalMs: env.WORKER_HEARTBEAT_MS,
  inFlight: () => 0,
  log,
});
const server = await startHealthServer({
  port: env.WORKER_HEALTH_PORT,
  registry,
  live: () => Date.now() - heartbeat.lastBeatAt() < env.WORKER_STALE_AFTER_MS,
  ready: async () => {
    if (draining) return false;
    await db.$queryRaw`SELECT 1`;
    return true;
  },
});
log.info({ workerId, port: env.WORKER_HEALTH_PORT, backend: env.IMAGE_BACKEND }, "worker started");

const stop = async (signal: string) => {
  if (draining) return;
  draining = true;
  log.info({ signal }, "stopping");
  server.close();
  await heartbeat.stop();
  await db.$disconnect();
  log.info("stopped");
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
