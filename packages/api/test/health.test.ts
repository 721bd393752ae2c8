import { createDb, type Db } from "@hyperposter/db";
import {
  createTestDatabase,
  queueUrlAtEndpoint,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import {
  AssetStorage,
  createS3Client,
  createSqsClient,
  provisionBucket,
  provisionQueues,
} from "@hyperposter/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkHealth, hasOpsAccess, healthResponse, type HealthDeps } from "../src/services/health";

describe("checkHealth", () => {
  let queue: RunningQueueServer;
  let database: TestDatabase;
  let db: Db;
  let deps: HealthDeps;

  beforeAll(async () => {
    queue = await startTestQueueServer();
    database = await createTestDatabase(inject("pgAdminUrl"), "health");
    db = createDb(database.url, { max: 2 });
    const endpoints = {
      region: "us-east-1",
      sqsEndpoint: queue.endpoint,
      s3Endpoint: queue.endpoint,
    };
    const sqs = createSqsClient(endpoints);
    const queues = await provisionQueues(sqs, {
      jobQueue: "jobs",
      deadLetterQueue: "jobs-dlq",
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 30,
    });
    const s3 = createS3Client(endpoints);
    await provisionBucket(s3, "assets");
    deps = {
      db,
      sqs,
      queueUrl: queueUrlAtEndpoint(queues.jobQueueUrl, queue.endpoint),
      storage: new AssetStorage(s3, "assets"),
      workerStaleAfterMs: 15_000,
      timeoutMs: 2000,
    };
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
    await queue.stop().catch(() => {});
  });

  it("reports the worker down until a heartbeat arrives, then everything up", async () => {
    const before = await checkHealth(deps);
    expect(before.status).toBe("down");
    expect(before.checks.worker).toMatchObject({
      status: "down",
      heartbeatAgeMs: null,
      workers: 0,
    });
    expect(before.checks.database.status).toBe("up");
    expect(before.checks.queue.status).toBe("up");
    expect(before.checks.storage.status).toBe("up");

    await db.workerHeartbeat.create({ data: { id: "w1", hostname: "h", pid: 1, version: "t" } });
    const after = await checkHealth(deps);
    expect(after.status).toBe("up");
    expect(after.checks.worker.workers).toBe(1);
    expect(after.checks.worker.heartbeatAgeMs).toBeLessThan(15_000);
    for (const check of Object.values(after.checks))
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("calls a stale heartbeat down", async () => {
    await db.workerHeartbeat.update({
      where: { id: "w1" },
      data: { lastSeenAt: new Date(Date.now() - 60_000) },
    });
    const report = await checkHealth(deps);
    expect(report.checks.worker.status).toBe("down");
    expect(report.checks.worker.detail).toMatch(/last heartbeat 60 s ago/);
  });

  it("/api/health tells anyone only up or degraded; details need OPS_TOKEN or loopback", async () => {
    const opsToken = "ops-token-for-the-test-0123456789";
    const get = (headers: Record<string, string> = {}, trustedProxyHops = 0) =>
      healthResponse(deps, new Request("http://app.test/api/health", { headers }), {
        opsToken,
        trustedProxyHops,
      });
    const anyone = await get();
    expect(anyone.status).toBe(503);
    const plain = (await anyone.json()) as Record<string, unknown>;
    expect(plain.status).toBe("degraded");
    expect(JSON.stringify(plain)).not.toMatch(/heartbeat|latencyMs|detail|messages waiting/);
    expect(plain.checks).toMatchObject({ worker: { status: "down" }, database: { status: "up" } });

    const wrong = await get({ authorization: "Bearer not-the-token-at-all-000000" });
    expect(JSON.stringify(await wrong.json())).not.toMatch(/detail/);

    const operator = await get({ authorization: `Bearer ${opsToken}` });
    const full = (await operator.json()) as { checks: { worker: { detail: string } } };
    expect(full.checks.worker.detail).toMatch(/last heartbeat/);

    // A loopback client (as the trusted proxy saw it) needs no token; a spoofed one does.
    const local = await get({ "x-forwarded-for": "127.0.0.1" }, 1);
    expect(JSON.stringify(await local.json())).toMatch(/detail/);
    const spoofed = await get({ "x-forwarded-for": "127.0.0.1, 203.0.113.7" }, 1);
    expect(JSON.stringify(await spoofed.json())).not.toMatch(/detail/);
    const ignored = await get({ "x-forwarded-for": "127.0.0.1" }, 0);
    expect(JSON.stringify(await ignored.json())).not.toMatch(/detail/);
  });

  it("compares the operator token exactly", () => {
    expect(hasOpsAccess("Bearer abc", undefined)).toBe(false);
    expect(hasOpsAccess(null, "secret-token-0123456789")).toBe(false);
    expect(hasOpsAccess("Bearer secret-token-012345678", "secret-token-0123456789")).toBe(false);
    expect(hasOpsAccess("Bearer secret-token-0123456789", "secret-token-0123456789")).toBe(true);
    expect(hasOpsAccess("bearer secret-token-0123456789", "secret-token-0123456789")).toBe(true);
  });

  it("reports queue and storage down when their server is really stopped", async () => {
    await queue.stop();
    const report = await checkHealth(deps);
    expect(report.checks.queue.status).toBe("down");
    expect(report.checks.storage.status).toBe("down");
    expect(report.checks.database.status).toBe("up");
    expect(report.status).toBe("down");
  });
});
