import { AppError, httpStatusOf as statusOfCode } from "@hyperposter/domain";

/**
 * The one error shape of the REST API:
 * `{ "error": { type, code, message, message_zh, field, doc_url } }`.
 * `type` groups errors the way a client handles them; `code` is specific.
 */
export const ERROR_TYPES = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  405: "invalid_request_error",
  409: "conflict_error",
  413: "invalid_request_error",
  415: "invalid_request_error",
  422: "idempotency_error",
  429: "rate_limit_error",
  500: "api_error",
  503: "api_error",
} as const satisfies Record<number, string>;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];

export interface RestErrorBody {
  error: {
    type: ErrorType;
    code: string;
    message: string;
    message_zh: string | null;
    field: string | null;
    doc_url: string;
  };
}

export class RestError extends Error {
  constructor(
    readonly status: keyof typeof ERROR_TYPES,
    readonly code: string,
    message: string,
    readonly options: { field?: string; messageZh?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "RestError";
  }
}

export function errorResponse(
  error: RestError,
  docsUrl: string,
  extraHeaders: Record<string, string> = {},
): Response {
  const body: RestErrorBody = {
    error: {
      type: ERROR_TYPES[error.status],
      code: error.code,
      message: error.message,
      message_zh: error.options.messageZh ?? null,
      field: error.options.field ?? null,
      doc_url: `${docsUrl}#error-${error.code}`,
    },
  };
  return Response.json(body, {
    status: error.status,
    headers: { "cache-control": "no-store", ...extraHeaders, ...error.options.headers },
  });
}

/** AppErrors from the shared services keep their sentence and field; anything else is a 500. */
export function toRestError(error: unknown): RestError | null {
  if (error instanceof RestError) return error;
  if (error instanceof AppError) {
    const status = statusOfCode(error.code);
    const known = status in ERROR_TYPES ? (status as keyof typeof ERROR_TYPES) : 400;
    return new RestError(known, error.code.toLowerCase(), error.message, {
      ...(error.field ? { field: error.field } : {}),
      ...(error.messageZh ? { messageZh: error.messageZh } : {}),
    });
  }
  return null;
}
