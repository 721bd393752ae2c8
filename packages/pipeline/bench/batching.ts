/**
 * `npm run bench:batching -- [--size 256] [--steps 4] [--requests 8] [--rounds 3] [--provider cpu] [--dir .models/batching-sd]`
 *
 * The images/s gain of cross-job batching: the same R concurrent requests
 * (different prompts and seeds, one size and step count, as the worker's
 * queue hands them over) go through GenerateCoalescer with maxBatch 1, 2
 * and 4. The configurations alternate within each round so load on a
 * shared machine hits all of them alike; the table pools every round.
 *
 * The model is the tiny CI SD with a wider UNet (128/256 channels instead
 * of 32/64; text encoder and VAE as in CI), built into --dir (git-ignored
 * .models/) when missing: with the CI UNet the tiny VAE at full resolution
 * costs more than every UNet step together, so the table would measure VAE
 * batching. Here the UNet is most of the time, as with real SD weights.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  TINY_SD,
  writeModelFolder,
  type ModelPreset,
} from "@hyperposter/pipeline/diffusion/builder";
import { GenerateCoalescer, type BatchInfo } from "../src/diffusion/batching";
import { type ExecutionProviderName } from "../src/diffusion/onnx/session";
import { DiffusionPipeline } from "../src/diffusion/pipeline";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    size: { type: "string", default: "256" },
    steps: { type: "string", default: "4" },
    requests: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
    provider: { type: "string", default: "cpu" },
    dir: { type: "string", default: ".models/batching-sd-unet128x256" },
  },
});
const size = Number(values.size);
const steps = Number(values.steps);
const requests = Number(values.requests);
const rounds = Number(values.rounds);
for (const [name, v] of Object.entries({ size, steps, requests, rounds }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
const provider = values.provider as ExecutionProviderName;
const dir = resolve(values.dir);
const MAX_BATCHES = [1, 2, 4] as const;
/** Long enough for R requests submitted together to meet; the queue is full at once anyway. */
const MAX_WAIT_MS = 50;

const PROMPTS = [
  "a cup of coffee on a marble counter, morning light, product photo",
  "running shoes on wet asphalt at dusk, neon reflections, sports poster",
  "a bottle of olive oil among lemons on a wooden table, summer sale",
  "wireless headphones floating over a pastel gradient, minimal tech ad",
  "a scented candle beside dried flowers, soft window light, cozy",
  "a red bicycle leaning on a yellow wall, city summer campaign",
  "a stack of pancakes with berries and syrup, brunch menu poster",
  "a smartwatch on a granite rock by the sea, outdoor adventure",
];

/** The CI tiny SD with a UNet wide enough to dominate the run (see the header). */
const BENCH_SD: ModelPreset = {
  ...TINY_SD,
  unet: { ...TINY_SD.unet, block_out_channels: [128, 256], attention_head_dim: [4, 8] },
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] as number;
}
const out = (s: string): void => void process.stdout.write(`${s}\n`);

interface Tally {
  images: number;
  wallMs: number;
  latencies: number[];
  rowsPerCall: number[];
}

/** R concurrent requests through a fresh coalescer; resolves when every one has its image. */
async function pushRequests(p: DiffusionPipeline, maxBatch: number, seedBase: number, t: Tally) {
  const batches: BatchInfo[] = [];
  const coalescer = new GenerateCoalescer(p, {
    maxBatch,
    maxWaitMs: MAX_WAIT_MS,
    onBatch: (info) => batches.push(info),
  });
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const result = await coalescer.generate({
        prompt: PROMPTS[i % PROMPTS.length] as string,
        seed: seedBase + i,
        steps,
        guidanceScale: 0,
        width: size,
        height: size,
      });
      return { result, latency: performance.now() - t0 };
    }),
  );
  const wall = performance.now() - t0;
  coalescer.close();
  for (const { result, latency } of results) {
    if (result.images.length !== 1) throw new Error(`a request got ${result.images.length} images`);
    t.images += 1;
    t.latencies.push(latency);
  }
  if (batches.some((b) => b.outcome !== "ok")) throw new Error("a batch failed");
  t.wallMs += wall;
  t.rowsPerCall.push(...batches.map((b) => b.rows));
}

async function main(): Promise<void> {
  if (!existsSync(join(dir, "model_index.json"))) {
    out(`building the bench SD folder in ${dir}…`);
    writeModelFolder(dir, BENCH_SD);
  }
  // No embedding cache: the rounds repeat prompts, queued jobs in the worker do not.
  const p = await DiffusionPipeline.load(dir, { provider }, { embeddingCache: false });
  try {
    out(
      `bench:batching — ${requests} concurrent requests, ${size}², ${steps} steps, guidance 0, ` +
        `provider ${JSON.stringify(p.providers)}, maxWaitMs ${MAX_WAIT_MS}, ${rounds} alternated rounds; node ${process.version}`,
    );
    // Untimed: first runs of each batch shape allocate and pick kernels.
    for (const maxBatch of MAX_BATCHES)
      await pushRequests(p, maxBatch, 9_000, {
        images: 0,
        wallMs: 0,
        latencies: [],
        rowsPerCall: [],
      });
    const tallies = new Map<number, Tally>(
      MAX_BATCHES.map((b) => [b, { images: 0, wallMs: 0, latencies: [], rowsPerCall: [] }]),
    );
    for (let round = 0; round < rounds; round++) {
      // Rotate the order each round so no configuration always runs first.
      const order = MAX_BATCHES.map((_, i) => MAX_BATCHES[(i + round) % MAX_BATCHES.length]);
      for (const maxBatch of order) {
        if (maxBatch === undefined) continue;
        await pushRequests(p, maxBatch, round * 100, tallies.get(maxBatch) as Tally);
      }
      out(`  round ${round + 1}/${rounds} done`);
    }
    const base = tallies.get(1) as Tally;
    const rate = (t: Tally): number => (1000 * t.images) / t.wallMs;
    out("");
    out(
      "| maxBatch | images | wall ms | images/s | gain vs maxBatch 1 | mean latency ms | p95 latency ms | rows per UNet call |",
    );
    out("|---|---|---|---|---|---|---|---|");
    for (const [maxBatch, t] of tallies)
      out(
        `| ${maxBatch} | ${t.images} | ${t.wallMs.toFixed(0)} | ${rate(t).toFixed(2)} | ${(rate(t) / rate(base)).toFixed(2)}× | ${mean(t.latencies).toFixed(0)} | ${p95(t.latencies).toFixed(0)} | ${mean(t.rowsPerCall).toFixed(2)} |`,
      );
  } finally {
    await p.release();
  }
}

await main();
