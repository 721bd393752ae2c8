/** Names the embedded stack gives its resources (production names come from config). */
export const EMBEDDED = {
  database: "hyperposter",
  jobQueue: "hyperposter-jobs",
  deadLetterQueue: "hyperposter-jobs-dlq",
  bucket: "hyperposter-assets",
  region: "us-east-1",
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
} as const;
