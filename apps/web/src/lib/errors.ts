import { type FieldIssue, issueSentence } from "@hyperposter/domain";
import { TRPCClientError } from "@trpc/client";
import { DICTIONARIES, type Locale } from "@/i18n/dictionary";

export interface UiError {
  message: string;
  field: string | null;
  fieldErrors: Record<string, string>;
  code: string | null;
}

interface ErrorData {
  code?: string;
  field?: string | null;
  messageZh?: string | null;
  fieldErrors?: Record<string, string>;
  issues?: FieldIssue[];
}

/**
 * What the UI calls a field in a sentence: the most specific dotted path the
 * dictionary names ("preset.colors.primary" → "colors.primary" → "primary"),
 * else a neutral word — never the code name.
 */
export function fieldLabel(
  field: string,
  locale: Locale,
  overrides: Record<string, string> = {},
): string {
  const labels = { ...DICTIONARIES[locale].fields, ...overrides };
  const parts = field.split(".");
  for (let i = 0; i < parts.length; i++) {
    const label = labels[parts.slice(i).join(".")];
    if (label) return label;
  }
  return locale === "zh" ? "此项" : "This field";
}

/** One issue as a sentence in the UI's language, naming the field by its label. */
export function issueMessage(
  issue: FieldIssue,
  locale: Locale,
  labels: Record<string, string> = {},
): string {
  return issueSentence(issue, locale, fieldLabel(issue.field, locale, labels));
}

/**
 * The sentence and fields of a failed call in the UI's language: validation
 * issues arrive as codes and are said here with each field's label; a
 * service's own sentence comes in both languages and the UI's one is shown.
 */
export function uiError(
  error: unknown,
  locale: Locale,
  /** What this form calls a field whose name is generic ("name": "Workspace name"). */
  labels: Record<string, string> = {},
): UiError | null {
  if (!error) return null;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as ErrorData;
    const issues = data.issues ?? [];
    const fieldErrors: Record<string, string> = {};
    for (const issue of issues) fieldErrors[issue.field] ??= issueMessage(issue, locale, labels);
    const serverSentence = locale === "zh" && data.messageZh ? data.messageZh : error.message;
    if (data.field && !issues.length) fieldErrors[data.field] = serverSentence;
    for (const [field, message] of Object.entries(data.fieldErrors ?? {}))
      fieldErrors[field] ??= locale === "zh" ? (data.messageZh ?? message) : message;
    const first = issues[0];
    return {
      message: first ? issueMessage(first, locale, labels) : serverSentence,
      field: data.field ?? first?.field ?? null,
      fieldErrors,
      code: data.code ?? null,
    };
  }
  return {
    message:
      locale === "zh"
        ? "无法连接服务器，请检查网络后重试。"
        : "Could not reach the server. Check your connection and try again.",
    field: null,
    fieldErrors: {},
    code: null,
  };
}

/** A UiError for problems found before sending (the same sentences the server's codes get). */
export function localError(issues: FieldIssue[], locale: Locale): UiError | null {
  const first = issues[0];
  if (!first) return null;
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) fieldErrors[issue.field] ??= issueMessage(issue, locale);
  return {
    message: issueMessage(first, locale),
    field: first.field,
    fieldErrors,
    code: "BAD_REQUEST",
  };
}

/** The message for one field, matching the field itself or any sub-path of it. */
export function fieldError(error: UiError | null, ...fields: string[]): string | undefined {
  if (!error) return undefined;
  for (const [path, message] of Object.entries(error.fieldErrors))
    if (fields.some((f) => path === f || path.endsWith(`.${f}`) || path.startsWith(`${f}.`)))
      return message;
  return undefined;
}

/** Upload errors name the field ("file is empty…"); beside a file picker "This file" reads better. */
export function fileSentence(message: string): string {
  return message
    .replace(/^file (?=(is|must|has) )/, "This file ")
    .replace(/^file's /, "This file's ");
}
