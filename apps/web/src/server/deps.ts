import { env } from "@hyperposter/config";
import { createDb, type Db } from "@hyperposter/db";
import { AssetStorage, createS3Client, createSqsClient } from "@hyperposter/jobs";
import type { SQSClient } from "@aws-sdk/client-sqs";

export interface ServerDeps {
  db: Db;
  sqs: SQSClient;
  storage: AssetStorage;
  queueUrl: string;
  workerStaleAfterMs: number;
}

// One set of clients per server process; next dev re-evaluates modules on
// every change, so keep them on globalThis instead of leaking pools.
const globalForDeps = globalThis as unknown as { hyperposterDeps?: ServerDeps };

export function serverDeps(): ServerDeps {
  if (globalForDeps.hyperposterDeps) return globalForDeps.hyperposterDeps;
  const config = env();
  const endpoints = {
    region: config.AWS_REGION,
    sqsEndpoint: config.SQS_ENDPOINT,
    s3Endpoint: config.S3_ENDPOINT,
    s3ForcePathStyle: config.S3_FORCE_PATH_STYLE,
  };
  globalForDeps.hyperposterDeps = {
    db: createDb(config.DATABASE_URL),
    sqs: createSqsClient(endpoints),
    storage: new AssetStorage(createS3Client(endpoints), config.S3_BUCKET),
    queueUrl: config.SQS_QUEUE_URL,
    workerStaleAfterMs: config.WORKER_STALE_AFTER_MS,
  };
  return globalForDeps.hyperposterDeps;
}
