import { hostname } from "node:os";
import type { Db } from "@hyperposter/db";
import type { Logger } from "pino";

export interface HeartbeatOptions {
  db: Db;
  workerId: string;
  version: string;
  intervalMs: number;
  inFlight: () => number;
  log: Logger;
}

/**
 * Writes this worker's row in WorkerHeartbeat every interval. The web app's
 * health check calls the worker fleet up while the newest row is fresh.
 */
export function startHeartbeat(options: HeartbeatOptions): {
  stop(): Promise<void>;
  lastBeatAt(): number;
} {
  const { db, workerId } = options;
  let last = 0;
  let failing = false;
  const beat = async () => {
    try {
      await db.workerHeartbeat.upsert({
        where: { id: workerId },
        update: { lastSeenAt: new Date(), inFlight: options.inFlight() },
        create: {
          id: workerId,
          hostname: hostname(),
          pid: process.pid,
          version: options.version,
          inFlight: options.inFlight(),
        },
      });
      last = Date.now();
      if (failing) options.log.info("heartbeat restored");
      failing = false;
    } catch (error) {
      if (!failing) options.log.warn({ err: error }, "heartbeat failed; retrying");
      failing = true;
    }
  };
  const first = beat();
  const timer = setInterval(() => void beat(), options.intervalMs);
  return {
    lastBeatAt: () => last,
    async stop() {
      clearInterval(timer);
      await first;
      // Leave the fleet cleanly: a stopped worker should not look alive for 15 s.
      await db.workerHeartbeat.delete({ where: { id: workerId } }).catch(() => {});
    },
  };
}
