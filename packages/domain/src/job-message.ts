import { z } from "zod";

export const PriorityLane = z.enum(["INTERACTIVE", "BATCH"]);
export type PriorityLane = z.infer<typeof PriorityLane>;

/**
 * What travels on the job queue. The database row is the source of truth: the
 * message only points at it, so a stale or duplicated message can never carry
 * stale work. `v` lets a newer worker read (or refuse) older messages.
 */
export const JobMessage = z.object({
  v: z.literal(1),
  generationId: z.string().min(1).max(64),
  workspaceId: z.string().min(1).max(64),
  lane: PriorityLane,
  traceId: z.string().min(1).max(128),
});
export type JobMessage = z.infer<typeof JobMessage>;

/** Parse a queue message body; undefined when it is not a JobMessage (a poison message). */
export function parseJobMessage(body: string | undefined): JobMessage | undefined {
  if (!body) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = JobMessage.safeParse(json);
  return result.success ? result.data : undefined;
}
