import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

export interface QueueNames {
  jobQueue: string;
  deadLetterQueue: string;
  /** Receives after which a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

export interface ProvisionedQueues {
  jobQueueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * Create the job queue, its dead-letter queue and the redrive policy between
 * them. Safe to run at every start: CreateQueue returns the existing queue and
 * the attributes are set to the same values again.
 */
export async function provisionQueues(
  sqs: SQSClient,
  names: QueueNames,
): Promise<ProvisionedQueues> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: names.deadLetterQueue,
      // Keep dead letters for the maximum SQS allows (14 days) so an operator can re-drive them.
      Attributes: { MessageRetentionPeriod: "1209600" },
    }),
  );
  const deadLetterQueueUrl = required(dlq.QueueUrl, "dead-letter queue URL");
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const dlqArn = required(attrs.Attributes?.QueueArn, "dead-letter queue ARN");
  const redrive = JSON.stringify({
    deadLetterTargetArn: dlqArn,
    maxReceiveCount: String(names.maxReceiveCount),
  });
  const main = await sqs.send(new CreateQueueCommand({ QueueName: names.jobQueue }));
  const jobQueueUrl = required(main.QueueUrl, "job queue URL");
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: jobQueueUrl,
      Attributes: {
        RedrivePolicy: redrive,
        VisibilityTimeout: String(names.visibilityTimeoutSeconds),
      },
    }),
  );
  return { jobQueueUrl, deadLetterQueueUrl };
}

export async function provisionBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists) return;
    throw error;
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The queue server returned no ${what}.`);
  return value;
}
