import { z } from "zod";

/**
 * One rule for text that crosses the edge. Refused, not stripped: silently
 * changing what a person typed (a product name, a file name) is worse than
 * telling them, and no keyboard types these characters.
 * - U+0000: PostgreSQL refuses it in text and jsonb columns.
 * - a lone UTF-16 surrogate: it has no UTF-8 encoding, so it cannot be stored.
 * - other C0 controls except tab, line feed and carriage return: never typed,
 *   and they corrupt logs, CSV exports and the poster's line breaking.
 */
export type TextProblem = "nul" | "control" | "surrogate";

const PROBLEM_SENTENCE: Record<TextProblem, { en: string; zh: string }> = {
  nul: {
    en: "contains a NUL character (U+0000); remove it and try again.",
    zh: "包含空字符（U+0000），请删除后重试。",
  },
  control: {
    en: "contains an invisible control character; retype the text and try again.",
    zh: "包含不可见的控制字符，请重新输入后重试。",
  },
  surrogate: {
    en: "contains a broken character (a lone UTF-16 surrogate); retype the text and try again.",
    zh: "包含损坏的字符（孤立的 UTF-16 代理项），请重新输入后重试。",
  },
};

export function textProblem(value: string): TextProblem | null {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit === 0) return "nul";
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return "control";
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return "surrogate";
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return "surrogate";
  }
  return null;
}

/** "name contains a NUL character …" — the sentence for a field, in English and Chinese. */
export function textProblemSentence(field: string, problem: TextProblem) {
  const sentence = PROBLEM_SENTENCE[problem];
  return { en: `${field} ${sentence.en}`, zh: `${field} ${sentence.zh}` };
}

/** How deep a request body may nest; no form or API body of ours goes past 8. */
export const MAX_INPUT_DEPTH = 32;

export type UnsafeInput =
  { field: string; problem: TextProblem } | { field: string; problem: "too-deep" };

/**
 * The first string (value or object key) anywhere in a parsed JSON body that
 * breaks the rule, or a body nested deeper than MAX_INPUT_DEPTH. Iterative,
 * so a hostile body cannot overflow the stack.
 */
export function findUnsafeInput(input: unknown): UnsafeInput | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: input, path: "", depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    const field = path || "input";
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) return { field, problem };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    // The top-level field: a 32-segment path helps no one.
    if (depth >= MAX_INPUT_DEPTH) return { field: field.split(".")[0]!, problem: "too-deep" };
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const keyProblem = textProblem(key);
      if (keyProblem) return { field: path ? `${path}.…` : "input", problem: keyProblem };
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The refinement every text field of the domain schemas carries (the API also
 * applies `findUnsafeInput` to every raw request body, so plain `z.string()`
 * fields of a router are covered too).
 */
export function safeText<S extends z.ZodType<string>>(schema: S, field: string) {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem)
      ctx.addIssue({
        code: "custom",
        message: textProblemSentence(field, problem).en,
        params: { code: problem },
      });
  });
}

/**
 * An uploaded file's name as the browser reports it: NFC (macOS sends NFD),
 * no folders, at most 200 characters. Only ever shown back, never a path.
 */
export const FileName = safeText(
  z
    .string({ error: "fileName must be text." })
    .trim()
    .min(1, { error: "fileName must not be empty." })
    .max(200, { error: "fileName must be at most 200 characters." })
    .transform((name) => name.normalize("NFC")),
  "fileName",
).refine((name) => !/[/\\]/.test(name), {
  error: "fileName must be a file name without folders (no / or \\).",
  params: { code: "file_name" },
});
