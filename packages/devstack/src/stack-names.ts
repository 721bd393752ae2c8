import { EnvSchema } from "@hyperposter/config";

/** Names the embedded stack gives its resources (production names come from config). */
export const EMBEDDED = {
  database: "hyperposter",
  jobQueue: "hyperposter-jobs",
  deadLetterQueue: "hyperposter-jobs-dlq",
  bucket: "hyperposter-assets",
  region: "us-east-1",
  // The same defaults the worker reads and infra/ builds the production queue from.
  maxReceiveCount: EnvSchema.shape.SQS_MAX_RECEIVE_COUNT.parse(undefined),
  visibilityTimeoutSeconds: EnvSchema.shape.SQS_VISIBILITY_TIMEOUT_SECONDS.parse(undefined),
} as const;
