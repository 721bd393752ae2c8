import type { FieldIssue } from "./issues";

/**
 * Errors users see: a code, the field at fault and a sentence in English and
 * Chinese. Mapped to HTTP / tRPC codes in one place (`httpStatusOf`).
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYMENT_REQUIRED"
  | "TOO_MANY_REQUESTS"
  | "UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;
  readonly messageZh: string | undefined;
  /** Validation problems as codes, for readers that render them in their own language. */
  readonly issues: FieldIssue[] | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { field?: string; messageZh?: string; issues?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.messageZh = options.messageZh;
    this.issues = options.issues;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }

  toJSON() {
    return {
      code: this.code,
      field: this.field,
      message: this.message,
      messageZh: this.messageZh,
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}

export function httpStatusOf(code: AppErrorCode): number {
  return STATUS[code];
}

export function badRequest(field: string, message: string, messageZh?: string): AppError {
  return new AppError("BAD_REQUEST", message, { field, ...(messageZh ? { messageZh } : {}) });
}
