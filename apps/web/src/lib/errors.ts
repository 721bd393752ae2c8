import { TRPCClientError } from "@trpc/client";
import type { Locale } from "@/i18n/dictionary";

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
}

/** The sentence and field of a failed call, in the UI's language when the server gave one. */
export function uiError(error: unknown, locale: Locale): UiError | null {
  if (!error) return null;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as ErrorData;
    const zh = locale === "zh" && data.messageZh ? data.messageZh : null;
    return {
      message: zh ?? error.message,
      field: data.field ?? null,
      fieldErrors: data.fieldErrors ?? {},
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
