import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { createStripe, METER_TOPIC, sendMeterEvent, stripeSettings } from "@hyperposter/billing";
import { envOrExit } from "@hyperposter/config";
import { createDb } from "@hyperposter/db";
import {
  AssetStorage,
  createS3Client,
  createSqsClient,
  dispatchTopicOnce,
  handleDeadLetter,
  QueueConsumer,
  startOutboxDispatcher,
  startWebhookDispatcher,
  sweepOnce,
} from "@hyperposter/jobs";
import { createImageBackend, textEncoderKindOf, type RephraseOptions } from "@hyperposter/pipeline";
import { targetPolicy } from "@hyperposter/webhooks";
import pino from "pino";
import { startHealthServer } from "./health-server";
import { startHeartbeat } from "./heartbeat";
import { createJobHandler } from "./job-handler";
import { jobConcurrency } from "./concurrency";
import { createMetrics } from "./metrics";
import { syncModelFolder } from "./model-sync";
import { createTaskProtection, protectWhileRunning } from "./task-protection";

const env = envOrExit();
const log = pino({ level: env.LOG_LEVEL, base: { service: "worker", pid: process.pid } });
const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
const concurrency = jobConcurrency(env);
const db = createDb(env.DATABASE_URL, { max: concurrency + 4 });
const endpoints = {
  region: env.AWS_REGION,
  sqsEndpoint: env.SQS_ENDPOINT,
  s3Endpoint: env.S3_ENDPOINT,
  s3ForcePathStyle: env.S3_FORCE_PATH_STYLE,
};
const sqs = createSqsClient(endpoints);
const storage = new AssetStorage(createS3Client(endpoints), env.S3_BUCKET);
// The model folder from S3 first (ECS tasks on fresh instances), then the backend.
if (env.HYPERPOSTER_MODEL_S3_URI && env.HYPERPOSTER_MODEL_DIR) {
  const t0 = performance.now();
  const synced = await syncModelFolder(
    createS3Client(endpoints),
    env.HYPERPOSTER_MODEL_S3_URI,
    env.HYPERPOSTER_MODEL_DIR,
  );
  log.info({ ...synced, ms: Math.round(performance.now() - t0) }, "model folder synced from S3");
}
// The metrics and the heartbeat report the consumer's jobs; it is created after them.
const jobs: { consumer?: QueueConsumer } = {};
const metrics = createMetrics(() => jobs.consumer?.inFlightCount ?? 0);
// A missing model folder or provider is a start-up failure, not a per-job one.
const backend = await createImageBackend({
  backend: env.IMAGE_BACKEND,
  ...(env.HYPERPOSTER_MODEL_DIR ? { modelDir: env.HYPERPOSTER_MODEL_DIR } : {}),
  provider: env.HYPERPOSTER_ORT_PROVIDER,
  ...(env.HYPERPOSTER_TRT_CACHE_DIR ? { trtCacheDir: env.HYPERPOSTER_TRT_CACHE_DIR } : {}),
  steps: env.HYPERPOSTER_DIFFUSION_STEPS,
  sequentialEncoders: env.HYPERPOSTER_SEQUENTIAL_ENCODERS,
  ...(env.HYPERPOSTER_CONTROLNET ? { controlnet: env.HYPERPOSTER_CONTROLNET } : {}),
  ...(env.HYPERPOSTER_DEPTH_MODEL ? { depthModel: env.HYPERPOSTER_DEPTH_MODEL } : {}),
  batching: {
    maxBatch: env.HYPERPOSTER_BATCH_MAX,
    maxWaitMs: env.HYPERPOSTER_BATCH_WAIT_MS,
    onBatch: (batch) => {
      metrics.batchRequests.observe({ outcome: batch.outcome }, batch.requests);
      log.debug(
        { ...batch, waitedMs: Math.round(batch.waitedMs), runMs: Math.round(batch.runMs) },
        "diffusion batch",
      );
    },
  },
});
const rephraser: RephraseOptions =
  env.REPHRASER_BACKEND === "llm" && env.LLM_BASE_URL && env.LLM_MODEL
    ? {
        backend: "llm",
        llm: {
          baseUrl: env.LLM_BASE_URL,
          model: env.LLM_MODEL,
          timeoutMs: env.LLM_TIMEOUT_MS,
          ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}),
        },
      }
    : { backend: "rules" };
// A model whose text encoder is a bilingual LLM reads the brief's Chinese as written.
if (env.IMAGE_BACKEND === "diffusion" && env.HYPERPOSTER_MODEL_DIR)
  if (textEncoderKindOf(env.HYPERPOSTER_MODEL_DIR) === "llm")
    rephraser.promptLanguage = "keep-chinese";

const handle = createJobHandler(
  { db, storage, backend, rephraser, ocr: env.WORKER_OCR, metrics, log },
  {
    visibilityTimeoutSeconds: env.SQS_VISIBILITY_TIMEOUT_SECONDS,
    heartbeatSeconds: env.JOB_HEARTBEAT_SECONDS,
    retryBaseSeconds: env.JOB_RETRY_BASE_SECONDS,
    retryMaxSeconds: env.JOB_RETRY_MAX_SECONDS,
  },
);
// Inside an ECS task: protected from scale-in while a job runs.
const protection = env.ECS_AGENT_URI
  ? createTaskProtection({ agentUri: env.ECS_AGENT_URI, log })
  : undefined;
const onError = (error: unknown, context: string) =>
  log.warn({ err: error, context }, "queue call failed; retrying");
const consumer = new QueueConsumer({
  sqs,
  queueUrl: env.SQS_QUEUE_URL,
  handleMessage: protectWhileRunning(protection, handle),
  concurrency,
  waitTimeSeconds: env.SQS_WAIT_TIME_SECONDS,
  visibilityTimeoutSeconds: env.SQS_VISIBILITY_TIMEOUT_SECONDS,
  heartbeatSeconds: env.JOB_HEARTBEAT_SECONDS,
  onError,
});
jobs.consumer = consumer;
const deadLetters = new QueueConsumer({
  sqs,
  queueUrl: env.SQS_DLQ_URL,
  handleMessage: async (job) => {
    const result = await handleDeadLetter(db, job);
    if (result.failed) {
      metrics.outcomes.inc({ outcome: "dead-lettered" });
      log.warn({ generationId: result.generationId }, "dead-lettered: generation failed");
    }
    return result.outcome;
  },
  concurrency: 1,
  waitTimeSeconds: env.SQS_WAIT_TIME_SECONDS,
  visibilityTimeoutSeconds: 30,
  heartbeatSeconds: 10,
  onError,
});
const dispatcher = startOutboxDispatcher({
  db,
  sqs,
  queueUrl: env.SQS_QUEUE_URL,
  intervalMs: env.OUTBOX_DISPATCH_INTERVAL_MS,
  onError: (error) => log.warn({ err: error }, "outbox dispatch failed; will retry"),
  onSent: (result) => log.debug(result, "outbox dispatched"),
});
// Agency overage → Stripe Billing Meter, from the outbox (never inside a request); local mode sends nothing.
const stripe = stripeSettings(env);
const meter = stripe
  ? (() => {
      const client = createStripe(stripe);
      return setInterval(() => {
        dispatchTopicOnce(db, METER_TOPIC, (payload) =>
          sendMeterEvent(db, client, stripe.meterEventName, payload),
        ).then(
          (result) => {
            if (result.failed > 0) log.warn(result, "meter events failed; will retry");
          },
          (error: unknown) => log.warn({ err: error }, "meter dispatch failed; will retry"),
        );
      }, env.OUTBOX_DISPATCH_INTERVAL_MS);
    })()
  : undefined;
const webhooks = startWebhookDispatcher({
  db,
  policy: targetPolicy(env.WEBHOOK_ALLOW_LOCAL_TARGETS),
  intervalMs: env.WEBHOOK_DISPATCH_INTERVAL_MS,
  onError: (error) => log.warn({ err: error }, "webhook dispatch failed; will retry"),
  onRound: (result) => log.info(result, "webhooks"),
});
const sweeper = setInterval(() => {
  sweepOnce(db, {
    staleAfterSeconds: env.SWEEPER_STALE_AFTER_SECONDS,
    maxResends: env.SWEEPER_MAX_RESENDS,
  }).then(
    (result) => {
      if (result.resent.length + result.failed.length > 0) log.warn(result, "sweeper acted");
    },
    (error: unknown) => log.warn({ err: error }, "sweep failed; will retry"),
  );
}, env.SWEEPER_INTERVAL_MS);

let draining = false;
const heartbeat = startHeartbeat({
  db,
  workerId,
  version: process.env.npm_package_version ?? "0.0.0",
  intervalMs: env.WORKER_HEARTBEAT_MS,
  inFlight: () => consumer.inFlightCount,
  log,
});
const server = await startHealthServer({
  port: env.WORKER_HEALTH_PORT,
  host: env.WORKER_HEALTH_HOST,
  ...(env.OPS_TOKEN ? { metricsToken: env.OPS_TOKEN } : {}),
  registry: metrics.registry,
  live: () => Date.now() - heartbeat.lastBeatAt() < env.WORKER_STALE_AFTER_MS,
  ready: async () => {
    if (draining) return false;
    await db.$queryRaw`SELECT 1`;
    return true;
  },
});
consumer.start();
deadLetters.start();
log.info(
  {
    workerId,
    port: (server.address() as AddressInfo).port,
    backend: backend.name,
    concurrency,
    ...(env.IMAGE_BACKEND === "diffusion" && env.HYPERPOSTER_BATCH_MAX > 1
      ? { batchMax: env.HYPERPOSTER_BATCH_MAX, batchWaitMs: env.HYPERPOSTER_BATCH_WAIT_MS }
      : {}),
  },
  "worker started",
);

/**
 * SIGTERM (ECS scale-in, Spot interruption): stop receiving, let jobs in
 * flight finish within WORKER_DRAIN_SECONDS, release the rest to the queue.
 */
const stop = async (signal: string) => {
  if (draining) return;
  draining = true;
  log.info({ signal, inFlight: consumer.inFlightCount }, "draining");
  clearInterval(sweeper);
  if (meter) clearInterval(meter);
  const [drained] = await Promise.all([
    consumer.stop(env.WORKER_DRAIN_SECONDS * 1000),
    deadLetters.stop(env.WORKER_DRAIN_SECONDS * 1000),
  ]);
  await Promise.all([dispatcher.stop(), webhooks.stop(), protection?.stop()]);
  server.close();
  await heartbeat.stop();
  await db.$disconnect();
  log.info({ released: drained.released }, "stopped");
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
