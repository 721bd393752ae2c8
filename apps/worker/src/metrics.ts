import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type JobOutcome =
  | "succeeded"
  | "failed"
  | "canceled"
  | "retried"
  | "released"
  | "duplicate"
  | "deferred"
  | "lost-claim"
  | "dead-lettered"
  | "poison";

export interface WorkerMetrics {
  registry: Registry;
  queueWait: Histogram<"lane">;
  stage: Histogram<"stage">;
  outcomes: Counter<"outcome">;
  inFlight: Gauge;
  /** Diffusion renders merged into one UNet batch (1 when nothing joined). */
  batchRequests: Histogram<"outcome">;
}

/** Prometheus metrics served on /metrics: queue wait, time per stage, outcomes, jobs in flight. */
export function createMetrics(inFlight: () => number): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
  return {
    registry,
    queueWait: new Histogram({
      name: "hyperposter_job_queue_wait_seconds",
      help: "From the message's first send to its claim by a worker.",
      labelNames: ["lane"],
      buckets,
      registers: [registry],
    }),
    stage: new Histogram({
      name: "hyperposter_job_stage_seconds",
      help: "Time per job stage (claim, rephrase, render, upload, finish).",
      labelNames: ["stage"],
      buckets,
      registers: [registry],
    }),
    outcomes: new Counter({
      name: "hyperposter_jobs_total",
      help: "Job deliveries by outcome.",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    batchRequests: new Histogram({
      name: "hyperposter_diffusion_batch_requests",
      help: "Renders (one per job and format) merged into one diffusion UNet batch, by outcome (ok, failed, split).",
      labelNames: ["outcome"],
      buckets: [1, 2, 3, 4, 6, 8, 12, 16],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: "hyperposter_jobs_in_flight",
      help: "Jobs this worker is running now.",
      registers: [registry],
      collect() {
        this.set(inFlight());
      },
    }),
  };
}
