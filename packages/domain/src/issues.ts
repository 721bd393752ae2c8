import type { z } from "zod";

/**
 * Validation problems as codes + fields, never as prose: the schemas say WHAT
 * is wrong (a code and its numbers), each reader renders it in its language
 * with its own name for the field (the web UI with the field's label, the REST
 * API with the dotted field path). This table is the one mapping from code to
 * sentence; `issues.test.ts` fails if a code lacks an English or Chinese one.
 */
export const ISSUE_CODES = [
  "required",
  "not_text",
  "not_number",
  "not_integer",
  "not_list",
  "not_object",
  "not_choice",
  "empty",
  "too_short",
  "too_long",
  "too_small",
  "too_large",
  "empty_list",
  "too_few",
  "too_many",
  "repeated",
  "hex_color",
  "slug",
  "email",
  "url",
  "file_name",
  "date",
  "date_order",
  "unknown_field",
  "nul",
  "control",
  "surrogate",
  "invalid",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface IssueParams {
  min?: number;
  max?: number;
  /** The allowed values, for `not_choice`. */
  choices?: string[];
}

/** One field at fault: a dotted path, a code and the numbers its sentence needs. */
export interface FieldIssue {
  field: string;
  code: IssueCode;
  params?: IssueParams;
}

export type IssueLocale = "en" | "zh";
type Sentence = (label: string, p: IssueParams) => string;

const n = (value: number | undefined) => (value === undefined ? "?" : value.toLocaleString("en"));
const list = (values: string[] | undefined, sep: string) => (values ?? []).join(sep);

export const ISSUE_SENTENCES: Record<IssueCode, Record<IssueLocale, Sentence>> = {
  required: { en: (f) => `${f} is required.`, zh: (f) => `请填写${f}。` },
  not_text: { en: (f) => `${f} must be text.`, zh: (f) => `${f}必须是文字。` },
  not_number: { en: (f) => `${f} must be a number.`, zh: (f) => `${f}必须是数字。` },
  not_integer: {
    en: (f, p) =>
      p.max !== undefined
        ? `${f} must be a whole number from ${n(p.min ?? 0)} to ${n(p.max)}, digits only.`
        : `${f} must be a whole number.`,
    zh: (f, p) =>
      p.max !== undefined
        ? `${f}必须是 ${n(p.min ?? 0)} 到 ${n(p.max)} 之间的整数，只能包含数字。`
        : `${f}必须是整数。`,
  },
  not_list: { en: (f) => `${f} must be a list.`, zh: (f) => `${f}必须是列表。` },
  not_object: { en: (f) => `${f} must be an object.`, zh: (f) => `${f}格式不正确。` },
  not_choice: {
    en: (f, p) => `${f} must be one of: ${list(p.choices, ", ")}.`,
    zh: (f, p) => `${f}只能是以下之一：${list(p.choices, "、")}。`,
  },
  empty: { en: (f) => `${f} must not be empty.`, zh: (f) => `${f}不能为空。` },
  too_short: {
    en: (f, p) => `${f} must be at least ${n(p.min)} characters.`,
    zh: (f, p) => `${f}至少需要 ${n(p.min)} 个字符。`,
  },
  too_long: {
    en: (f, p) => `${f} must be at most ${n(p.max)} characters.`,
    zh: (f, p) => `${f}最多 ${n(p.max)} 个字符。`,
  },
  too_small: {
    en: (f, p) => `${f} must be at least ${n(p.min)}.`,
    zh: (f, p) => `${f}不能小于 ${n(p.min)}。`,
  },
  too_large: {
    en: (f, p) => `${f} must be at most ${n(p.max)}.`,
    zh: (f, p) => `${f}不能大于 ${n(p.max)}。`,
  },
  empty_list: {
    en: (f) => `${f} must have at least one item.`,
    zh: (f) => `${f}至少需要选择一项。`,
  },
  too_few: {
    en: (f, p) => `${f} needs at least ${n(p.min)} items.`,
    zh: (f, p) => `${f}至少需要 ${n(p.min)} 项。`,
  },
  too_many: {
    en: (f, p) => `${f} can have at most ${n(p.max)} items.`,
    zh: (f, p) => `${f}最多 ${n(p.max)} 项。`,
  },
  repeated: { en: (f) => `${f} must not repeat an item.`, zh: (f) => `${f}中有重复项。` },
  hex_color: {
    en: (f) => `${f} must be a hex color such as #1A2B3C.`,
    zh: (f) => `${f}必须是十六进制颜色，例如 #1A2B3C。`,
  },
  slug: {
    en: (f) => `${f} must be lower-case letters, digits and single dashes.`,
    zh: (f) => `${f}只能包含小写字母、数字和单个短横线。`,
  },
  email: {
    en: (f) => `${f} must be an email address such as name@example.com.`,
    zh: (f) => `${f}必须是邮箱地址，例如 name@example.com。`,
  },
  url: {
    en: (f) => `${f} must be a web address starting with https://.`,
    zh: (f) => `${f}必须是以 https:// 开头的网址。`,
  },
  file_name: {
    en: (f) => `${f} must be a file name without folders (no / or \\).`,
    zh: (f) => `${f}必须是文件名，不能包含文件夹（/ 或 \\）。`,
  },
  date: {
    en: (f) => `${f} must be a date such as 2026-11-25.`,
    zh: (f) => `${f}必须是日期，例如 2026-11-25。`,
  },
  date_order: {
    en: (f) => `${f} must be on or after the start date; swap the two dates.`,
    zh: (f) => `${f}不能早于开始日期，请对调两个日期。`,
  },
  unknown_field: {
    en: (f) => `${f} is not a field this request takes; check its spelling.`,
    zh: (f) => `${f} 不是此请求接受的字段；请检查拼写。`,
  },
  nul: {
    en: (f) => `${f} contains a NUL character (U+0000); remove it and try again.`,
    zh: (f) => `${f}包含空字符（U+0000），请删除后重试。`,
  },
  control: {
    en: (f) => `${f} contains an invisible control character; retype the text and try again.`,
    zh: (f) => `${f}包含不可见的控制字符，请重新输入后重试。`,
  },
  surrogate: {
    en: (f) =>
      `${f} contains a broken character (a lone UTF-16 surrogate); retype the text and try again.`,
    zh: (f) => `${f}包含损坏的字符（孤立的 UTF-16 代理项），请重新输入后重试。`,
  },
  invalid: { en: (f) => `${f} is not valid.`, zh: (f) => `${f}无效，请检查后重试。` },
};

/** The sentence for one issue; `label` is what the reader calls the field (default: its path). */
export function issueSentence(issue: FieldIssue, locale: IssueLocale, label?: string): string {
  return ISSUE_SENTENCES[issue.code][locale](label ?? issue.field, issue.params ?? {});
}

/** `params` for a refinement: which code a custom check means, and the numbers it names. */
export function issueParams(code: IssueCode, extra: Pick<IssueParams, "min" | "max"> = {}) {
  return { params: { code, ...extra } };
}

const isIssueCode = (value: unknown): value is IssueCode =>
  typeof value === "string" && (ISSUE_CODES as readonly string[]).includes(value);

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const num = (value: unknown) =>
  typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : undefined;

/** The code of one zod issue; `input` (the raw input, when known) tells "required" from "not text". */
function codeOf(
  issue: z.core.$ZodIssue,
  input: unknown,
): { code: IssueCode; params?: IssueParams } {
  switch (issue.code) {
    case "invalid_type": {
      if (input !== undefined && valueAt(input, issue.path) === undefined)
        return { code: "required" };
      if (issue.expected === "string") return { code: "not_text" };
      if (issue.expected === "int") return { code: "not_integer" };
      if (issue.expected === "number" || issue.expected === "bigint") return { code: "not_number" };
      if (issue.expected === "array") return { code: "not_list" };
      if (issue.expected === "object") return { code: "not_object" };
      return { code: "invalid" };
    }
    case "too_small": {
      const min = num(issue.minimum);
      if (issue.origin === "string")
        return min !== undefined && min <= 1
          ? { code: "empty" }
          : { code: "too_short", params: { min: min ?? 0 } };
      if (issue.origin === "array" || issue.origin === "set")
        return min !== undefined && min <= 1
          ? { code: "empty_list" }
          : { code: "too_few", params: { min: min ?? 0 } };
      return { code: "too_small", params: { min: min ?? 0 } };
    }
    case "too_big": {
      const max = num(issue.maximum);
      if (issue.origin === "string") return { code: "too_long", params: { max: max ?? 0 } };
      if (issue.origin === "array" || issue.origin === "set")
        return { code: "too_many", params: { max: max ?? 0 } };
      return { code: "too_large", params: { max: max ?? 0 } };
    }
    case "invalid_format":
      if (issue.format === "email") return { code: "email" };
      if (issue.format === "url") return { code: "url" };
      if (issue.format === "date") return { code: "date" };
      return { code: "invalid" };
    case "invalid_value":
      return { code: "not_choice", params: { choices: issue.values.map(String) } };
    case "unrecognized_keys":
      return { code: "unknown_field" };
    case "custom": {
      const code: unknown = issue.params?.code;
      if (!isIssueCode(code)) return { code: "invalid" };
      const min = num(issue.params?.min);
      const max = num(issue.params?.max);
      const params: IssueParams = {
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
      return Object.keys(params).length ? { code, params } : { code };
    }
    default:
      return { code: "invalid" };
  }
}

/**
 * Zod's issues as FieldIssues, one per field (the first wins), paths joined
 * with dots under `root`. Pass the raw input so a missing field reads
 * "is required" rather than "must be text".
 */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  options: { root?: string; input?: unknown } = {},
): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const segments = issue.path.map((p) => String(p));
    if (issue.code === "unrecognized_keys") segments.push(issue.keys[0] ?? "");
    const field = [options.root ?? "", ...segments].filter(Boolean).join(".") || "input";
    if (seen.has(field)) continue;
    seen.add(field);
    const { code, params } = codeOf(issue, options.input);
    out.push(params ? { field, code, params } : { field, code });
  }
  return out;
}
