import { createDb, type Db } from "@hyperposter/db";
import { createTestDatabase, type TestDatabase } from "@hyperposter/devstack";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startHeartbeat } from "../src/heartbeat";

describe("worker heartbeat", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), "heartbeat");
    db = createDb(database.url, { max: 2 });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("beats on its interval and leaves the fleet when stopped", async () => {
    const heartbeat = startHeartbeat({
      db,
      workerId: "test-worker",
      version: "test",
      intervalMs: 100,
      inFlight: () => 2,
      log: pino({ level: "silent" }),
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const first = await db.workerHeartbeat.findUniqueOrThrow({ where: { id: "test-worker" } });
    expect(first.inFlight).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const later = await db.workerHeartbeat.findUniqueOrThrow({ where: { id: "test-worker" } });
    // Beats keep coming: the row moves forward on every interval.
    expect(later.lastSeenAt.getTime()).toBeGreaterThan(first.lastSeenAt.getTime());
    expect(heartbeat.lastBeatAt()).toBeGreaterThan(0);
    await heartbeat.stop();
    expect(await db.workerHeartbeat.count()).toBe(0);
  });
});
