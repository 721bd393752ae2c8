import { AppError } from "@hyperposter/domain";
import { FontFileError } from "@hyperposter/pipeline";

/** A failure retrying cannot fix (bad input, missing preset or model): fail the generation now. */
export class PermanentJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/** This attempt no longer owns the generation (canceled, or another worker took it over). */
export class LostClaimError extends Error {
  constructor() {
    super("This worker no longer owns the generation.");
    this.name = "LostClaimError";
  }
}

const PERMANENT_APP_CODES = new Set(["BAD_REQUEST", "NOT_FOUND", "FORBIDDEN", "PAYMENT_REQUIRED"]);

/** Permanent failures carry a code and a sentence for the user; anything else is retried. */
export function permanentFailure(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof PermanentJobError) return { code: error.code, message: error.message };
  if (error instanceof FontFileError)
    return {
      code: "FONT_UNREADABLE",
      message: `The brand preset's font cannot be drawn (${error.message}). Upload the font again, or pick another one in the preset.`,
    };
  if (error instanceof AppError && PERMANENT_APP_CODES.has(error.code))
    return {
      code: error.field ? `${error.code}:${error.field}` : error.code,
      message: error.message,
    };
  return undefined;
}

/** SQS backoff for a transient failure on the n-th receive. */
export function retryDelaySeconds(receiveCount: number, baseSeconds: number, maxSeconds: number) {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, receiveCount - 1));
}
