/**
 * `npm run bench:diffusion -- [--provider cpu|cuda|tensorrt] [--model <dir>] [--no-full] [--runs N] [--ip-adapter-full] [--controlnet-full] [--controlnet-only] [--no-flow] [--flux-few-blocks]`
 *
 * 1. Per-stage times of the whole pipeline on the tiny CI model (tokenize,
 *    text encoder, each UNet step, scheduler + tensor plumbing, VAE, and the
 *    crop/extend to a poster format).
 * 2. The scheduler + plumbing overhead at SD-Turbo's real latent size
 *    (4×64×64, tiny UNet run at 512²), as a share of ONE full-size SD-Turbo
 *    UNet step measured on this machine (target ≤ 2 %).
 * 3. With --provider cuda|tensorrt and the full folder: ms per 512² image
 *    for 1 and 4 steps (on CPU, --full-pipeline times one 1-step image).
 *
 * 4. The per-step cost of an IP-Adapter UNet relative to the plain UNet
 *    (tiny; full-size SD 1.5 random weights with --ip-adapter-full).
 * 5. The per-step cost of one and two ControlNets, split and fused layouts,
 *    relative to the plain UNet (tiny; full-size SD 1.5 random weights with
 *    --controlnet-full, ~25 GB fp32 in .models/).
 *
 * 5. Flux and SD3 (tiny folders): per-step transformer cost at the native
 *    size and 512²; with --flux-few-blocks, FLUX.1-schnell at full width with
 *    1 double + 2 single blocks (.models/flux-schnell-few-blocks, ~2.6 GB).
 *    Full FLUX.1 (12 B parameters, 24 GB fp16) is not built here.
 *
 * The full-size random-weight SD-Turbo folder (~5 GB fp32) is built into
 * .models/sd-turbo (git-ignored) when missing.
 */
import { statfsSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fitToSize } from "../src/diffusion/aspect";
import { SD_TURBO, TINY_SD, writeModelFolder } from "@hyperposter/pipeline/diffusion/builder";
import { loadModelFolder } from "../src/diffusion/model-folder";
import { createSession, type ExecutionProviderName } from "../src/diffusion/onnx/session";
import { inputSpecs, makeFeed } from "../src/diffusion/onnx/tensors";
import { DiffusionPipeline, type StageTimings } from "../src/diffusion/pipeline";
import { GaussianStream } from "../src/diffusion/random";
import { ipAdapterCost } from "./ip-adapter";
import { controlNetCost } from "./controlnet";
import { flowCost } from "./flow";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    provider: { type: "string", default: "cpu" },
    model: { type: "string", default: ".models/sd-turbo" },
    "no-full": { type: "boolean", default: false },
    runs: { type: "string", default: "5" },
    "full-pipeline": { type: "boolean", default: false },
    "ip-adapter-full": { type: "boolean", default: false },
    "controlnet-full": { type: "boolean", default: false },
    /** Only the ControlNet section (skips the stage, IP-Adapter and SD-Turbo parts). */
    "controlnet-only": { type: "boolean", default: false },
    "flux-few-blocks": { type: "boolean", default: false },
    "no-flow": { type: "boolean", default: false },
  },
});
const provider = values.provider as ExecutionProviderName;
if (!["cpu", "cuda", "tensorrt"].includes(provider))
  throw new Error(`unknown provider ${values.provider}`);
const runs = Math.max(1, Number(values.runs));
const fullDir = resolve(values.model);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};
const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const line = (label: string, value: string): void =>
  void process.stdout.write(`  ${label.padEnd(34)} ${value}\n`);
const prompt = "a cup of coffee on a marble counter, morning light, product photo";

async function tinyStages(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), "hp-bench-"));
  try {
    const dir = writeModelFolder(join(tmp, "tiny"), TINY_SD).dir;
    const p = await DiffusionPipeline.load(dir, { provider });
    await p.warmup();
    const all: StageTimings[] = [];
    const composeMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await p.generate({ prompt, steps: 4, guidanceScale: 0, seed: i });
      all.push(r.timings);
      const image = r.images[0];
      if (!image) throw new Error("no image");
      const t0 = performance.now();
      await fitToSize(image, 1080, 1350);
      composeMs.push(performance.now() - t0);
    }
    process.stdout.write(
      `tiny SD-Turbo-shaped model (${p.folder.nativeSize}px native), ${provider}, median of ${runs} runs, 4 steps:\n`,
    );
    line("tokenize", ms(median(all.map((t) => t.tokenizeMs))));
    line("text encoder", ms(median(all.map((t) => t.textEncoderMs))));
    for (let s = 0; s < 4; s++)
      line(`unet step ${s + 1}`, ms(median(all.map((t) => t.unetMs[s] as number))));
    line("scheduler + plumbing / step", ms(median(all.flatMap((t) => t.overheadMs))));
    line("vae decode", ms(median(all.map((t) => t.vaeMs))));
    line("crop/extend to 1080×1350", ms(median(composeMs)));

    // Overhead at the full model's latent size (64×64): the plumbing does not depend on the UNet's width.
    const overhead: number[] = [];
    const overheadCfg: number[] = [];
    for (let i = 0; i < runs; i++) {
      overhead.push(
        ...(
          await p.generate({ prompt, steps: 4, guidanceScale: 0, seed: i, width: 512, height: 512 })
        ).timings.overheadMs,
      );
      overheadCfg.push(
        ...(
          await p.generate({ prompt, steps: 4, guidanceScale: 5, seed: i, width: 512, height: 512 })
        ).timings.overheadMs,
      );
    }
    await p.release();
    const perStep = median(overhead);
    process.stdout.write("overhead at 512² (latents 4×64×64), per step:\n");
    line("no CFG (distilled)", ms(perStep));
    line("CFG (batch 2)", ms(median(overheadCfg)));
    return perStep;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function ensureFullFolder(): void {
  if (existsSync(join(fullDir, "model_index.json"))) return;
  const fs = statfsSync(resolve("."));
  const freeGb = (fs.bavail * fs.bsize) / 1e9;
  if (freeGb < 12)
    throw new Error(
      `building the full SD-Turbo folder needs ~6 GB; only ${freeGb.toFixed(1)} GB free`,
    );
  process.stdout.write(
    `building full-size SD-Turbo folder in ${fullDir} (${freeGb.toFixed(0)} GB free)…\n`,
  );
  const t0 = performance.now();
  writeModelFolder(fullDir, SD_TURBO, { externalData: true });
  process.stdout.write(`  built in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

async function fullUNetStep(): Promise<number> {
  const folder = loadModelFolder(fullDir);
  const { session, provider: used } = await createSession(folder.unet.modelPath, { provider });
  const specs = inputSpecs(session);
  const spec = (n: string) => {
    const s = specs.get(n);
    if (!s) throw new Error(`unet has no ${n}`);
    return s;
  };
  const latent = folder.unet.config.sample_size;
  const dim = folder.unet.config.cross_attention_dim;
  const rnd = new GaussianStream(1);
  const feeds = {
    sample: makeFeed(spec("sample"), rnd.fill(4 * latent * latent), [1, 4, latent, latent]),
    timestep: makeFeed(spec("timestep"), [999], [1]),
    encoder_hidden_states: makeFeed(spec("encoder_hidden_states"), rnd.fill(77 * dim), [
      1,
      77,
      dim,
    ]),
  };
  const times: number[] = [];
  const n = provider === "cpu" ? 2 : runs + 1;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  // The first run pays for allocations (and kernel selection): report the rest.
  const step = median(times.slice(1));
  process.stdout.write(
    `full SD-Turbo UNet (${(latent * folder.vaeScaleFactor).toString()}², batch 1) on ${used}:\n`,
  );
  line("first run", ms(times[0] as number));
  line("warm step", ms(step));
  return step;
}

async function controlNetSection(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), "hp-bench-cn-"));
  try {
    await controlNetCost({
      provider,
      runs,
      tmpDir: tmp,
      ...(values["controlnet-full"] ? { fullDir: resolve(".models") } : {}),
      write: line,
      heading: (text) => void process.stdout.write(`${text}\n`),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The whole pipeline of the --model folder at its native size (512² for SD-Turbo): ms per image for 1 and 4 steps, with stage medians. */
async function fullImages(stepCounts: number[], n: number): Promise<void> {
  const p = await DiffusionPipeline.load(fullDir, {
    provider,
    ...(provider === "tensorrt" ? { trtCacheDir: join(fullDir, ".trt-cache"), trtFp16: true } : {}),
  });
  await p.warmup();
  const size = p.folder.nativeSize;
  process.stdout.write(
    `pipeline ${fullDir} (${size}×${size}, batch 1), providers ${JSON.stringify(p.providers)}, median of ${n}:\n`,
  );
  for (const steps of stepCounts) {
    const total: number[] = [];
    const stages: StageTimings[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      stages.push((await p.generate({ prompt, steps, guidanceScale: 0, seed: i })).timings);
      total.push(performance.now() - t0);
    }
    line(`${steps} step${steps > 1 ? "s" : ""}: ms per image`, ms(median(total)));
    line("  text encoder", ms(median(stages.map((t) => t.textEncoderMs))));
    line("  unet / step", ms(median(stages.flatMap((t) => t.unetMs))));
    line("  scheduler + plumbing / step", ms(median(stages.flatMap((t) => t.overheadMs))));
    line("  vae decode", ms(median(stages.map((t) => t.vaeMs))));
  }
  await p.release();
}

if (values["controlnet-only"]) {
  await controlNetSection();
  process.exit(0);
}
const overheadPerStep = await tinyStages();
{
  const tmp = mkdtempSync(join(tmpdir(), "hp-bench-ip-"));
  try {
    await ipAdapterCost({
      provider,
      runs,
      tmpDir: tmp,
      ...(values["ip-adapter-full"] ? { fullDir: resolve(".models") } : {}),
      write: line,
      heading: (text) => void process.stdout.write(`${text}\n`),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
await controlNetSection();
if (!values["no-flow"]) {
  const tmp = mkdtempSync(join(tmpdir(), "hp-bench-flow-"));
  try {
    await flowCost({
      provider,
      runs,
      tmpDir: tmp,
      ...(values["flux-few-blocks"]
        ? { fewBlocksDir: resolve(".models/flux-schnell-few-blocks") }
        : {}),
      write: line,
      heading: (text) => void process.stdout.write(`${text}\n`),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
if (!values["no-full"]) {
  ensureFullFolder();
  const step = await fullUNetStep();
  line(
    "overhead share of one UNet step",
    `${((100 * overheadPerStep) / step).toFixed(3)} % (target ≤ 2 %)`,
  );
  if (provider !== "cpu") await fullImages([1, 4], runs);
  else if (values["full-pipeline"]) await fullImages([1], 1);
}
