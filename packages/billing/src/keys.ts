import type { CreditBucket } from "@hyperposter/db";

/**
 * Idempotency keys of ledger entries, each derived from what caused the
 * entry, so replaying the cause (a retried job, a redelivered webhook, a
 * re-run command) writes nothing new. The unique index on the column is what
 * enforces it.
 */
export const ledgerKey = {
  roundPrefix: (generationId: string, round: number) => `gen:${generationId}:r${round}:`,
  hold: (generationId: string, round: number, bucket: CreditBucket) =>
    `gen:${generationId}:r${round}:hold:${bucket.toLowerCase()}`,
  /** One key per asset per round for both outcomes: a retry cannot settle and release the same asset. */
  asset: (generationId: string, round: number, variant: number, format: string) =>
    `gen:${generationId}:r${round}:asset:${variant}:${format}`,
  releaseRest: (generationId: string, round: number, bucket: CreditBucket) =>
    `gen:${generationId}:r${round}:release-rest:${bucket.toLowerCase()}`,
  overage: (generationId: string, round: number) => `gen:${generationId}:r${round}:overage`,
  signup: (workspaceId: string) => `signup:${workspaceId}:grant`,
  seed: (name: string) => `seed:${name}:grant`,
  admin: (actionId: string) => `admin:${actionId}`,
  /** The old period's monthly credits expiring at a plan change (same action; one per expiry date). */
  planChangeExpiry: (actionId: string, expiresAt: Date | null) =>
    `admin:${actionId}:expire-monthly:${expiresAt ? expiresAt.toISOString() : "never"}`,
  invoice: (invoiceId: string) => `stripe:invoice:${invoiceId}`,
  checkout: (sessionId: string) => `stripe:checkout:${sessionId}`,
  refund: (refundId: string) => `stripe:refund:${refundId}`,
  period: (workspaceId: string, periodStart: Date) =>
    `period:${workspaceId}:${periodStart.toISOString()}`,
};

/** The round encoded in a generation entry's key (`gen:<id>:r<n>:…`), or 0. */
export function roundOfKey(key: string): number {
  const match = /^gen:[^:]+:r(\d+):/.exec(key);
  return match ? Number(match[1]) : 0;
}
