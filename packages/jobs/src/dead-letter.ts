import type { Db } from "@hyperposter/db";
import { parseJobMessage } from "@hyperposter/domain";
import type { HandlerOutcome, ReceivedJob } from "./consumer";
import { failGeneration } from "./generation-state";

export const DEAD_LETTERED = "DEAD_LETTERED";

/**
 * A message SQS moved to the dead-letter queue after maxReceiveCount: the job
 * failed every time. The generation becomes FAILED with a sentence a user can
 * read and its credits are released; an operator can still re-drive it
 * (`npm run jobs:redrive`), which re-queues dead-lettered generations.
 */
export async function handleDeadLetter(
  db: Db,
  job: ReceivedJob,
): Promise<{ outcome: HandlerOutcome; generationId?: string; failed: boolean }> {
  const message = parseJobMessage(job.body);
  if (!message) return { outcome: { action: "delete" }, failed: false };
  const failed = await failGeneration(db, message.generationId, {
    code: DEAD_LETTERED,
    message:
      "This generation failed several times in a row and was stopped; your credits were returned.",
  });
  return { outcome: { action: "delete" }, generationId: message.generationId, failed };
}
