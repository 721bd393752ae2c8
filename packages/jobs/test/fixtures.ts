import { grantCredits } from "@hyperposter/billing";
import { createDb, type Db } from "@hyperposter/db";
import {
  createTestDatabase,
  queueUrlAtEndpoint,
  startTestQueueServer,
  type RunningQueueServer,
  type TestDatabase,
} from "@hyperposter/devstack";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createSqsClient, provisionQueues } from "../src";

export async function testDb(adminUrl: string, label: string) {
  const database: TestDatabase = await createTestDatabase(adminUrl, label);
  const db: Db = createDb(database.url, { max: 20 });
  return {
    database,
    db,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

export async function testQueue(visibilityTimeoutSeconds = 30) {
  const server: RunningQueueServer = await startTestQueueServer();
  const sqs: SQSClient = createSqsClient({ region: "us-east-1", sqsEndpoint: server.endpoint });
  const queues = await provisionQueues(sqs, {
    jobQueue: "jobs",
    deadLetterQueue: "jobs-dlq",
    maxReceiveCount: 3,
    visibilityTimeoutSeconds,
  });
  const queueUrl = queueUrlAtEndpoint(queues.jobQueueUrl, server.endpoint);
  const dlqUrl = queueUrlAtEndpoint(queues.deadLetterQueueUrl, server.endpoint);
  return {
    server,
    sqs,
    queueUrl,
    dlqUrl,
    async counts(url = queueUrl) {
      const result = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      return {
        visible: Number(result.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(result.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    async close() {
      sqs.destroy();
      await server.stop();
    },
  };
}

/** A workspace with `credits` and one QUEUED generation row per call to `generation`. */
export async function seedWorkspace(db: Db, credits: number) {
  const workspace = await db.workspace.create({
    data: { slug: `ws-${Math.random().toString(36).slice(2, 10)}`, name: "Test" },
  });
  if (credits > 0)
    await grantCredits(db, {
      workspaceId: workspace.id,
      amount: credits,
      cause: { type: "admin", actionId: `test-grant:${workspace.id}` },
    });
  return workspace;
}

export function generationRow(workspaceId: string, extra: object = {}) {
  return {
    workspaceId,
    brief: { product: "tea", formats: ["banner-medium-rectangle"] },
    seed: 1,
    variants: 1,
    formats: ["banner-medium-rectangle"],
    backend: "procedural",
    traceId: "trace",
    ...extra,
  };
}
