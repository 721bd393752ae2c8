import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Db } from "@hyperposter/db";
import { parseJobMessage } from "@hyperposter/domain";
import { DEAD_LETTERED } from "./dead-letter";
import { type RequeueResult, requeueGeneration } from "./generation-state";

export interface RedriveOptions {
  db: Db;
  sqs: SQSClient;
  deadLetterQueueUrl: string;
  /** Only these generations; default: every dead-lettered one. */
  generationIds?: string[];
  /** Dead-lettered generations that failed after this time (default: 14 days, the DLQ retention). */
  since?: Date;
}

export interface RedriveReport {
  drained: number;
  results: Record<string, RequeueResult>;
}

/**
 * Re-drive the dead-letter queue. Messages still in the DLQ are drained
 * (their generations re-queued); generations the worker's dead-letter handler
 * already failed are found by their error code. Each is re-queued explicitly:
 * a new attempt round, a new hold, a new message.
 */
export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveReport> {
  const { db, sqs } = options;
  const wanted = options.generationIds ? new Set(options.generationIds) : undefined;
  const ids = new Set<string>();
  let drained = 0;
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 30,
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) break;
    for (const message of messages) {
      const job = parseJobMessage(message.Body);
      if (wanted && (!job || !wanted.has(job.generationId))) continue;
      if (job) ids.add(job.generationId);
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: options.deadLetterQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
      drained += 1;
    }
  }
  const since = options.since ?? new Date(Date.now() - 14 * 24 * 3600 * 1000);
  const failed = await db.generation.findMany({
    where: {
      status: "FAILED",
      errorCode: DEAD_LETTERED,
      finishedAt: { gte: since },
      ...(wanted ? { id: { in: [...wanted] } } : {}),
    },
    select: { id: true },
  });
  for (const row of failed) ids.add(row.id);
  for (const id of wanted ?? []) ids.add(id);
  const results: Record<string, RequeueResult> = {};
  for (const id of ids) results[id] = await requeueGeneration(db, id);
  return { drained, results };
}
