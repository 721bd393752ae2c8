// `npm run jobs:redrive [-- --id <generationId> ... --since <ISO date>]`: re-queue
// dead-lettered generations (each gets a new attempt round and a new hold).
import { parseArgs } from "node:util";
import { envOrExit } from "@hyperposter/config";
import { createDb } from "@hyperposter/db";
import { createSqsClient, redriveDeadLetters } from "@hyperposter/jobs";

const { values } = parseArgs({
  options: {
    id: { type: "string", multiple: true },
    since: { type: "string" },
  },
});
const since = values.since ? new Date(values.since) : undefined;
if (since && Number.isNaN(since.getTime())) {
  console.error(`--since must be a date such as 2026-11-25T00:00:00Z, not "${values.since}".`);
  process.exit(2);
}
const env = envOrExit();
const db = createDb(env.DATABASE_URL, { max: 2 });
const sqs = createSqsClient({ region: env.AWS_REGION, sqsEndpoint: env.SQS_ENDPOINT });
try {
  const report = await redriveDeadLetters({
    db,
    sqs,
    deadLetterQueueUrl: env.SQS_DLQ_URL,
    ...(values.id ? { generationIds: values.id } : {}),
    ...(since ? { since } : {}),
  });
  const entries = Object.entries(report.results);
  const requeued = entries.filter(([, result]) => result === "requeued").length;
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `Drained ${report.drained} dead-letter message(s); re-queued ${requeued} of ${entries.length} generation(s).`,
  );
  process.exitCode = entries.some(([, result]) => result === "insufficient-credits") ? 1 : 0;
} finally {
  await db.$disconnect();
}
