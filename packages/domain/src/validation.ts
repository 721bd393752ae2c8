import type { z } from "zod";
import { AppError } from "./errors";
import { issueSentence, issuesFromZod } from "./issues";

/**
 * Parse untrusted input with a schema; on failure throw one BAD_REQUEST
 * AppError whose sentences (en and zh, from the one issue mapping) name the
 * first field at fault by its path, and whose `issues` carry every field's
 * code for readers that render them with their own labels.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error.issues, { root, input });
  const first = issues[0] ?? { field: root || "input", code: "invalid" as const };
  throw new AppError("BAD_REQUEST", issueSentence(first, "en"), {
    field: first.field,
    messageZh: issueSentence(first, "zh"),
    issues,
  });
}
