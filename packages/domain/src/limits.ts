/** Calls one batched /api/trpc request may carry: the server refuses more, the web client splits at it. */
export const MAX_TRPC_BATCH_SIZE = 10;
