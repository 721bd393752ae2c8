// `npm run bench:jobs`: the job system on the embedded stack with the procedural
// backend (one small format, OCR off) and 2 worker processes.
//  1. throughput: 500 generations submitted in waves of 10 → jobs/s, and per worker
//     the share of wall time spent in the pipeline (rendering-bound ≈ 1 per core).
//  2. overhead: 2 closed-loop clients (one per worker) submit one job at a time →
//     submit → SUCCEEDED minus the pipeline's own time, p50/p95, and its parts.
import { setTimeout as sleep } from "node:timers/promises";
import { acquireTestPostgres } from "@hyperposter/devstack";
import { TestStack, type Worker } from "../test/harness";

const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const LATENCY_JOBS = Number(process.env.BENCH_LATENCY_JOBS ?? 100);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

interface Finished {
  id: string;
  submitToDone: number;
  submitToClaim: number;
  pipeline: number;
  afterPipeline: number;
}

async function finishedRows(stack: TestStack, ids: string[]): Promise<Finished[]> {
  const rows = await stack.db.generation.findMany({ where: { id: { in: ids } } });
  return rows.map((row) => {
    const timings = row.timings as Record<string, number>;
    const pipeline = timings.pipeline ?? 0;
    const submitToDone = (row.finishedAt?.getTime() ?? NaN) - row.createdAt.getTime();
    const submitToClaim = (row.startedAt?.getTime() ?? NaN) - row.createdAt.getTime();
    return {
      id: row.id,
      submitToDone,
      submitToClaim,
      pipeline,
      afterPipeline: submitToDone - submitToClaim - pipeline,
    };
  });
}

function pipelineMsOf(worker: Worker, ids: Set<string>): number {
  let total = 0;
  for (const line of worker.output.split("\n")) {
    if (!line.includes('"msg":"generation succeeded"')) continue;
    const entry = JSON.parse(line) as { generationId: string; pipelineMs: number };
    if (ids.has(entry.generationId)) total += entry.pipelineMs;
  }
  return total;
}

const server = await acquireTestPostgres();
const stack = new TestStack({
  label: "bench",
  visibilityTimeoutSeconds: 60,
  credits: JOBS + LATENCY_JOBS + 100,
});
try {
  await stack.start(server.adminUrl);
  const workerEnv = { SQS_WAIT_TIME_SECONDS: "20", OUTBOX_DISPATCH_INTERVAL_MS: "1000" };
  const workers = await Promise.all([stack.startWorker(workerEnv), stack.startWorker(workerEnv)]);
  // Warm-up: fonts and code paths load on each worker's first jobs.
  const warm = await Promise.all(Array.from({ length: 6 }, () => stack.submit()));
  await stack.waitForStatus(
    warm.map((w) => w.generationId),
    ["SUCCEEDED"],
    120_000,
  );

  console.log(
    `throughput: ${JOBS} generations (banner-medium-rectangle, procedural, OCR off), 2 workers`,
  );
  const ids: string[] = [];
  const t0 = Date.now();
  for (let i = 0; i < JOBS; i += 10) {
    const wave = await Promise.all(
      Array.from({ length: Math.min(10, JOBS - i) }, () => stack.submit()),
    );
    ids.push(...wave.map((w) => w.generationId));
  }
  const submitted = Date.now() - t0;
  await stack.waitForStatus(ids, ["SUCCEEDED"], 600_000);
  const rows = await finishedRows(stack, ids);
  const wall = Math.max(...rows.map((r) => r.submitToDone + 0)) + 0;
  const firstSubmit = await stack.db.generation.aggregate({
    where: { id: { in: ids } },
    _min: { createdAt: true },
    _max: { finishedAt: true },
  });
  const wallMs =
    (firstSubmit._max.finishedAt?.getTime() ?? 0) - (firstSubmit._min.createdAt?.getTime() ?? 0);
  console.log(
    `  submitted in ${(submitted / 1000).toFixed(1)} s; all SUCCEEDED after ${(wallMs / 1000).toFixed(1)} s`,
  );
  console.log(`  throughput: ${(JOBS / (wallMs / 1000)).toFixed(2)} jobs/s`);
  const idSet = new Set(ids);
  workers.forEach((worker, i) => {
    const pipeline = pipelineMsOf(worker, idSet);
    const jobs = worker.count(/"msg":"generation succeeded"/);
    console.log(
      `  worker ${i + 1}: ${jobs} jobs, pipeline ${(pipeline / 1000).toFixed(1)} s of ${(wallMs / 1000).toFixed(1)} s wall → pipeline/wall ${(pipeline / wallMs).toFixed(2)}`,
    );
  });
  void wall;

  console.log(`overhead: ${LATENCY_JOBS} generations, 2 clients submitting one at a time`);
  const latencyIds: string[] = [];
  await Promise.all(
    [0, 1].map(async () => {
      for (let i = 0; i < LATENCY_JOBS / 2; i++) {
        const { generationId } = await stack.submit();
        latencyIds.push(generationId);
        for (;;) {
          const row = await stack.db.generation.findUnique({
            where: { id: generationId },
            select: { status: true },
          });
          if (row?.status === "SUCCEEDED") break;
          await sleep(5);
        }
      }
    }),
  );
  const latency = await finishedRows(stack, latencyIds);
  const overhead = latency.map((r) => r.submitToDone - r.pipeline);
  const print = (label: string, values: number[]) =>
    console.log(`  ${label}: p50 ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}`);
  print(
    "submit → SUCCEEDED",
    latency.map((r) => r.submitToDone),
  );
  print(
    "pipeline (rephrase + render/compose/gate/encode)",
    latency.map((r) => r.pipeline),
  );
  print("queue + bookkeeping overhead (submit → SUCCEEDED − pipeline)", overhead);
  print(
    "  of which submit → claimed (outbox, SQS, claim)",
    latency.map((r) => r.submitToClaim),
  );
  print(
    "  of which after claim, outside the pipeline (load, upload, record, finish)",
    latency.map((r) => r.afterPipeline),
  );
  const rowsTimings = await stack.db.generation.findMany({
    where: { id: { in: latencyIds } },
    select: { timings: true },
  });
  for (const stage of ["load", "rephrase", "render", "upload", "record"]) {
    print(
      `    stage ${stage}`,
      rowsTimings.map((r) => (r.timings as Record<string, number>)[stage] ?? 0),
    );
  }
  const p50 = quantile(overhead, 0.5);
  console.log(`  target overhead p50 ≤ 100 ms: ${p50 <= 100 ? "met" : "NOT met"} (${ms(p50)})`);
} finally {
  await stack.stop();
  await server.release();
}
