import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createDb } from "@hyperposter/db";
import {
  createTestDatabase,
  queueUrlAtEndpoint,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import {
  createS3Client,
  createSqsClient,
  provisionBucket,
  provisionQueues,
} from "@hyperposter/jobs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/**
 * The OpenNext server function as Lambda runs it: import the built handler,
 * hand it API Gateway v2 (HTTP API / function URL) events, read its answers.
 * Production settings, the embedded PostgreSQL and queue/storage server as its
 * backends. Needs `npm run build:aws` first.
 */
const bundle = fileURLToPath(
  new URL("../../apps/web/.open-next/server-functions/default/index.mjs", import.meta.url),
);

interface ApiGatewayV2Result {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * Invoke the handler in a fresh Node process (as Lambda does; Vite's module
 * runner cannot load a bundle this size), one process per batch of events.
 */
function invoke(env: Record<string, string>, events: unknown[]): Promise<ApiGatewayV2Result[]> {
  const runner = fileURLToPath(new URL("./invoke.mjs", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [runner, bundle, JSON.stringify(events)],
      {
        env: { PATH: process.env.PATH ?? "", ...env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        const marker = stdout.lastIndexOf("@@RESULTS@@");
        if (marker < 0) {
          reject(
            new Error(
              `The handler did not answer: ${error?.message ?? ""}\n${stderr.slice(-2000)}`,
            ),
          );
          return;
        }
        const results = JSON.parse(
          stdout.slice(marker + "@@RESULTS@@".length),
        ) as ApiGatewayV2Result[];
        // A 5xx is a failure to explain: show what the function logged.
        if (results.some((r) => r.statusCode === 500))
          console.error(stdout.slice(0, marker).slice(-4000), stderr.slice(-4000));
        resolve(results);
      },
    );
  });
}

function event(method: string, path: string, headers: Record<string, string> = {}) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    cookies: [],
    headers: { host: "posters.example.com", "x-forwarded-proto": "https", ...headers },
    requestContext: {
      accountId: "123456789012",
      apiId: "smoke",
      domainName: "posters.example.com",
      domainPrefix: "posters",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "smoke" },
      requestId: `req-${Math.random().toString(16).slice(2)}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

function bodyOf(result: ApiGatewayV2Result): string {
  const raw = result.body ?? "";
  return result.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
}

describe.runIf(existsSync(bundle))("the OpenNext server function (built bundle)", () => {
  let database: TestDatabase;
  let queue: RunningQueueServer;
  let env: Record<string, string>;
  let db: ReturnType<typeof createDb>;

  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), "bundle");
    queue = await startTestQueueServer();
    const endpoints = {
      region: "us-east-1",
      sqsEndpoint: queue.endpoint,
      s3Endpoint: queue.endpoint,
      s3ForcePathStyle: true,
    };
    const queues = await provisionQueues(createSqsClient(endpoints), {
      jobQueue: "bundle-jobs",
      deadLetterQueue: "bundle-jobs-dlq",
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 60,
    });
    await provisionBucket(createS3Client(endpoints), "bundle-assets");
    // What the stack sets on the function (see infra/src/environment.ts), pointed at the embedded stack.
    env = {
      NODE_ENV: "production",
      APP_URL: "https://posters.example.com",
      DATABASE_URL: database.url,
      AWS_REGION: "us-east-1",
      SQS_ENDPOINT: queue.endpoint,
      SQS_QUEUE_URL: queueUrlAtEndpoint(queues.jobQueueUrl, queue.endpoint),
      SQS_DLQ_URL: queueUrlAtEndpoint(queues.deadLetterQueueUrl, queue.endpoint),
      S3_ENDPOINT: queue.endpoint,
      S3_BUCKET: "bundle-assets",
      S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    };
    db = createDb(database.url);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await queue?.stop();
    await database?.drop();
  });

  it("answers /api/health from the real database, queue and storage", async () => {
    const [before] = await invoke(env, [event("GET", "/api/health")]);
    expect(before!.statusCode).toBe(503);
    const degraded = JSON.parse(bodyOf(before!)) as {
      status: string;
      checks: Record<string, { status: string }>;
    };
    expect(degraded.status).toBe("degraded");
    expect(degraded.checks.database?.status).toBe("up");
    expect(degraded.checks.queue?.status).toBe("up");
    expect(degraded.checks.storage?.status).toBe("up");
    expect(degraded.checks.worker?.status).toBe("down");

    await db.workerHeartbeat.create({
      data: { id: "smoke-worker", hostname: "smoke", pid: 1, version: "0.0.0" },
    });
    const [after] = await invoke(env, [event("GET", "/api/health")]);
    expect(after!.statusCode).toBe(200);
    expect(JSON.parse(bodyOf(after!))).toMatchObject({ status: "up" });
  });

  it("renders a page", async () => {
    const [result] = await invoke(env, [event("GET", "/sign-in", { accept: "text/html" })]);
    expect(result!.statusCode).toBe(200);
    expect(result!.headers?.["content-type"] ?? "").toMatch(/text\/html/);
    const html = bodyOf(result!);
    expect(html).toMatch(/<html/i);
    expect(html).toMatch(/Hyperposter/);
  });

  it("answers bad API input with a 4xx, not a 500", async () => {
    const [result] = await invoke(env, [event("GET", "/api/v1/generations/not-an-id")]);
    expect(result!.statusCode).toBeGreaterThanOrEqual(400);
    expect(result!.statusCode).toBeLessThan(500);
  });
});

it("finds the built bundle (run `npm run build:aws` first)", () => {
  expect(existsSync(bundle), `No OpenNext bundle at ${bundle}`).toBe(true);
});
