import { generationLedger, grantCredits } from "@hyperposter/billing";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createGeneration, type ServiceContext } from "@hyperposter/api";
import { createDb, type Db } from "@hyperposter/db";
import {
  createTestDatabase,
  queueUrlAtEndpoint,
  repoRoot,
  startQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import { AppError, BrandPreset } from "@hyperposter/domain";
import {
  AssetStorage,
  createS3Client,
  createSqsClient,
  createOutboxNudge,
  provisionBucket,
  provisionQueues,
} from "@hyperposter/jobs";
import type { SQSClient } from "@aws-sdk/client-sqs";

export const TINY_BRIEF = {
  language: "en",
  product: "cold brew coffee",
  offer: "20% off this week",
  formats: ["banner-medium-rectangle"],
};

export interface StackOptions {
  label: string;
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  /** Persist the queue server here (so it can be stopped and restarted on its port). */
  queueDataDir?: string;
  credits?: number;
}

/**
 * A real stack for worker tests: a fresh database, a fauxqs server with the
 * job queue, DLQ and bucket, one workspace with credits and a preset, and
 * worker child processes started with the env the product reads.
 */
export class TestStack {
  database!: TestDatabase;
  db!: Db;
  queue!: RunningQueueServer;
  sqs!: SQSClient;
  storage!: AssetStorage;
  queueUrl!: string;
  dlqUrl!: string;
  workspaceId!: string;
  presetId!: string;
  ctx!: ServiceContext;
  private workers: Worker[] = [];
  private port = 0;

  constructor(readonly options: StackOptions) {}

  async start(adminUrl: string): Promise<this> {
    this.database = await createTestDatabase(adminUrl, this.options.label);
    this.db = createDb(this.database.url, { max: 8 });
    await this.startQueue();
    const endpoints = this.endpoints();
    this.sqs = createSqsClient(endpoints);
    const queues = await provisionQueues(this.sqs, {
      jobQueue: "jobs",
      deadLetterQueue: "jobs-dlq",
      maxReceiveCount: this.options.maxReceiveCount ?? 5,
      visibilityTimeoutSeconds: this.options.visibilityTimeoutSeconds ?? 4,
    });
    this.queueUrl = queueUrlAtEndpoint(queues.jobQueueUrl, this.queue.endpoint);
    this.dlqUrl = queueUrlAtEndpoint(queues.deadLetterQueueUrl, this.queue.endpoint);
    const s3 = createS3Client(endpoints);
    await provisionBucket(s3, "assets");
    this.storage = new AssetStorage(s3, "assets");
    await this.seed();
    this.ctx = {
      db: this.db,
      storage: this.storage,
      assetUrlTtlSeconds: 600,
      nudge: createOutboxNudge(this.db, this.sqs, this.queueUrl),
    };
    return this;
  }

  async startQueue(): Promise<void> {
    this.queue = await startQueueServer({
      port: this.port,
      ...(this.options.queueDataDir ? { dataDir: this.options.queueDataDir } : {}),
    });
    this.port = this.queue.port;
  }

  endpoints() {
    return {
      region: "us-east-1",
      sqsEndpoint: this.queue.endpoint,
      s3Endpoint: this.queue.endpoint,
      s3ForcePathStyle: true,
    };
  }

  private async seed(): Promise<void> {
    const workspace = await this.db.workspace.create({
      data: { slug: `ws-${this.options.label}`, name: "Test workspace", plan: "AGENCY" },
    });
    this.workspaceId = workspace.id;
    await grantCredits(this.db, {
      workspaceId: workspace.id,
      amount: this.options.credits ?? 1000,
      cause: { type: "admin", actionId: `test:${workspace.id}:grant` },
    });
    const presets = BrandPreset.array().parse(
      JSON.parse(readFileSync(join(repoRoot, "examples/presets.json"), "utf8")),
    );
    const { slug, name, logo: _logo, ...data } = presets[0] as BrandPreset;
    const preset = await this.db.brandPreset.create({
      data: {
        workspaceId: workspace.id,
        slug,
        name,
        versions: { create: { workspaceId: workspace.id, version: 1, data } },
      },
    });
    this.presetId = preset.id;
  }

  submit(extra: Partial<Parameters<typeof createGeneration>[1]> = {}) {
    return createGeneration(this.ctx, {
      workspaceId: this.workspaceId,
      userId: null,
      brief: TINY_BRIEF,
      presetId: this.presetId,
      variants: 1,
      ...extra,
    });
  }

  /**
   * Submits as a well-behaved API client would: a refusal for the plan's
   * concurrency limit (429) is retried after a short wait. Counts refusals.
   */
  async submitWithBackoff(): Promise<{ generationId: string; refusals: number }> {
    for (let refusals = 0; ; refusals++) {
      try {
        const created = await this.submit();
        return { generationId: created.generationId, refusals };
      } catch (err) {
        if (!(err instanceof AppError && err.code === "TOO_MANY_REQUESTS")) throw err;
        await sleep(50);
      }
    }
  }

  workerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      LOG_LEVEL: "info",
      DATABASE_URL: this.database.url,
      AWS_REGION: "us-east-1",
      SQS_ENDPOINT: this.queue.endpoint,
      SQS_QUEUE_URL: this.queueUrl,
      SQS_DLQ_URL: this.dlqUrl,
      S3_ENDPOINT: this.queue.endpoint,
      S3_BUCKET: "assets",
      S3_FORCE_PATH_STYLE: "true",
      WORKER_HEALTH_PORT: "0",
      WORKER_HEARTBEAT_MS: "1000",
      WORKER_OCR: "false",
      SQS_WAIT_TIME_SECONDS: "1",
      SQS_VISIBILITY_TIMEOUT_SECONDS: String(this.options.visibilityTimeoutSeconds ?? 4),
      JOB_HEARTBEAT_SECONDS: "1",
      JOB_RETRY_BASE_SECONDS: "0",
      JOB_RETRY_MAX_SECONDS: "1",
      OUTBOX_DISPATCH_INTERVAL_MS: "200",
      SWEEPER_INTERVAL_MS: "1000",
      SWEEPER_STALE_AFTER_SECONDS: "30",
      WORKER_DRAIN_SECONDS: "10",
      ...extra,
    };
  }

  /** Start a worker process and wait until it logs "worker started". */
  async startWorker(extra: Record<string, string> = {}): Promise<Worker> {
    const worker = new Worker(this.workerEnv(extra));
    this.workers.push(worker);
    await worker.waitForLog(/"msg":"worker started"/, 60_000);
    return worker;
  }

  async stop(): Promise<void> {
    for (const worker of this.workers) worker.kill("SIGKILL");
    await Promise.all(this.workers.map((w) => w.exited));
    await this.db?.$disconnect();
    await this.queue?.stop().catch(() => {});
    await this.database?.drop();
  }

  async waitForStatus(ids: string[], statuses: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = await this.db.generation.count({
        where: { id: { in: ids }, status: { in: statuses as never } },
      });
      if (done === ids.length) return;
      if (Date.now() > deadline) {
        const rows = await this.db.generation.groupBy({
          by: ["status"],
          where: { id: { in: ids } },
          _count: true,
        });
        throw new Error(`timed out: ${JSON.stringify(rows)}`);
      }
      await sleep(100);
    }
  }
}

/** One worker child process: `node --import tsx src/main.ts`, killed with real signals. */
export class Worker {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  output = "";

  constructor(env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: join(repoRoot, "apps/worker"),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.process.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.process.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.on("exit", (code) => resolve(code)));
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.process.exitCode === null && this.process.signalCode === null)
      this.process.kill(signal);
  }

  async waitForLog(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.process.exitCode !== null)
        throw new Error(`worker exited (${this.process.exitCode}):\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`no ${pattern} in worker output:\n${this.output.slice(-3000)}`);
      await sleep(50);
    }
  }

  /** The health/metrics port it logged (WORKER_HEALTH_PORT=0 picks a free one). */
  get healthPort(): number {
    return Number(/"port":(\d+)[^\n]*"msg":"worker started"/.exec(this.output)?.[1] ?? NaN);
  }

  count(pattern: RegExp): number {
    return this.output.split("\n").filter((line) => pattern.test(line)).length;
  }
}

/** Every object stored under a generation's prefix (workspace/generation/...). */
export async function storedKeys(stack: TestStack, generationId: string): Promise<string[]> {
  const { ListObjectsV2Command, S3Client } = await import("@aws-sdk/client-s3");
  const s3 = new S3Client({
    region: "us-east-1",
    endpoint: stack.queue.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const listed = await s3.send(
    new ListObjectsV2Command({
      Bucket: "assets",
      Prefix: `${stack.workspaceId}/${generationId}/`,
    }),
  );
  s3.destroy();
  return (listed.Contents ?? []).map((o) => o.Key ?? "").sort();
}

/** Outputs, files and ledger of one generation, for "exactly one result" checks. */
export async function resultOf(stack: TestStack, generationId: string) {
  const outputs = await stack.db.generationOutput.findMany({
    where: { generationId },
    include: { files: true },
  });
  const ledger = await generationLedger(stack.db, generationId);
  const sum = (kind: string) =>
    ledger.filter((e) => e.kind === kind).reduce((total, e) => total + e.amount, 0);
  return {
    outputs: outputs.length,
    files: outputs.reduce((n, o) => n + o.files.length, 0),
    passed: outputs.filter((o) => o.passed).length,
    holds: ledger.filter((e) => e.kind === "HOLD").length,
    settles: ledger.filter((e) => e.kind === "SETTLE").length,
    charged: -sum("HOLD") - sum("RELEASE"),
    keys: await storedKeys(stack, generationId),
  };
}
