import type { Env } from "@hyperposter/config";

/**
 * Jobs the worker runs at once. With the diffusion backend and cross-job
 * batching on, it takes up to HYPERPOSTER_BATCH_MAX jobs so that their
 * renders can meet in the backend's batcher; otherwise WORKER_CONCURRENCY.
 */
export function jobConcurrency(
  env: Pick<Env, "IMAGE_BACKEND" | "WORKER_CONCURRENCY" | "HYPERPOSTER_BATCH_MAX">,
): number {
  return env.IMAGE_BACKEND === "diffusion"
    ? Math.max(env.WORKER_CONCURRENCY, env.HYPERPOSTER_BATCH_MAX)
    : env.WORKER_CONCURRENCY;
}
