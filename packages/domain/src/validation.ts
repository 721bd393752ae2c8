import type { z } from "zod";
import { AppError } from "./errors";

/**
 * Parse untrusted input with a schema; on failure throw one BAD_REQUEST
 * AppError whose sentence names the first field at fault.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const path = [root, ...issue.path.map(String), issue.keys[0]].filter(Boolean).join(".");
    throw new AppError(
      "BAD_REQUEST",
      `${path} is not a field this request takes; check its spelling.`,
      {
        field: path,
        messageZh: `${path} 不是此请求接受的字段；请检查拼写。`,
      },
    );
  }
  const path = [root, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  const field = path || "input";
  const message = issue?.message ?? "is invalid.";
  // zod messages we write already start with the field name; others get it prefixed.
  const sentence = message.startsWith(field.split(".").pop() ?? "")
    ? message
    : `${field}: ${message}`;
  throw new AppError("BAD_REQUEST", sentence, { field });
}
