/** Calls one batched /api/trpc request may carry: the server refuses more, the web client splits at it. */
export const MAX_TRPC_BATCH_SIZE = 10;

/** Seeds are unsigned 32-bit integers: the Philox generator takes 32 bits of key. */
export const MAX_SEED = 2 ** 32 - 1;
