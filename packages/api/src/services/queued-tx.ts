/**
 * Options for a transaction that queues on a lock (a workspace row, an
 * advisory key): a burst of parallel calls (an agency's batch, 50 submits)
 * waits its turn for a pooled connection and the lock, so Prisma's 2 s
 * `maxWait` and 5 s `timeout` defaults would turn a queue into 500s.
 */
export const QUEUED_TX = { maxWait: 30_000, timeout: 30_000 } as const;
