import { existsSync, mkdirSync, statfsSync } from "node:fs";
import { join } from "node:path";
import {
  FLUX_SCHNELL_FEW_BLOCKS,
  TINY_FLUX,
  TINY_SD3,
  writeFlowFolder,
} from "@hyperposter/pipeline/diffusion/builder";
import { FlowPipeline } from "../src/diffusion/flow/flow-pipeline";
import type { ExecutionProviderName } from "../src/diffusion/onnx/session";

export interface FlowCostOptions {
  provider: ExecutionProviderName;
  runs: number;
  tmpDir: string;
  /** Where to build (once) and time the full-width FLUX.1-schnell folder with 1 + 2 of its 19 + 38 blocks. */
  fewBlocksDir?: string;
  write: (label: string, value: string) => void;
  heading: (text: string) => void;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};
const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const prompt = "a cup of coffee on a marble counter, morning light, product photo";

async function perStep(
  p: FlowPipeline,
  size: number,
  runs: number,
  guidanceScale: number,
): Promise<{ step: number; text: number; vae: number; overhead: number }> {
  const steps: number[] = [];
  const text: number[] = [];
  const vae: number[] = [];
  const overhead: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await p.generate({
      prompt: `${prompt} ${size} ${i}`,
      steps: 2,
      guidanceScale,
      seed: i,
      width: size,
      height: size,
    });
    steps.push(...r.timings.unetMs);
    text.push(r.timings.textEncoderMs);
    vae.push(r.timings.vaeMs);
    overhead.push(...r.timings.overheadMs);
  }
  return { step: median(steps), text: median(text), vae: median(vae), overhead: median(overhead) };
}

/** Per-step transformer cost of the tiny Flux and SD3 folders (and the few-blocks FLUX when asked). */
export async function flowCost(o: FlowCostOptions): Promise<void> {
  for (const [name, preset, guidance] of [
    ["tiny-flux", TINY_FLUX, 0],
    ["tiny-sd3 (CFG 4)", TINY_SD3, 4],
  ] as const) {
    const dir = writeFlowFolder(join(o.tmpDir, name.split(" ")[0] ?? name), preset).dir;
    const p = await FlowPipeline.load(dir, { provider: o.provider });
    await p.warmup();
    o.heading(`${name} (${o.provider}), 2 steps, median of ${o.runs} runs:`);
    for (const size of [p.folder.nativeSize, 512]) {
      const r = await perStep(p, size, o.runs, guidance);
      o.write(`${size}²: transformer / step`, ms(r.step));
      o.write(`${size}²: scheduler + plumbing / step`, ms(r.overhead));
      o.write(`${size}²: text encoders (new prompt)`, ms(r.text));
      o.write(`${size}²: vae decode`, ms(r.vae));
    }
    await p.release();
  }
  if (!o.fewBlocksDir) return;
  const dir = o.fewBlocksDir;
  if (!existsSync(join(dir, "model_index.json"))) {
    mkdirSync(dir, { recursive: true });
    const fs = statfsSync(dir);
    const freeGb = (fs.bavail * fs.bsize) / 1e9;
    if (freeGb < 6)
      throw new Error(`the few-blocks FLUX folder needs ~3 GB; ${freeGb.toFixed(1)} GB free`);
    const t0 = performance.now();
    writeFlowFolder(dir, FLUX_SCHNELL_FEW_BLOCKS, { externalData: true, tiledWeights: true });
    o.heading(`built ${dir} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const p = await FlowPipeline.load(dir, { provider: o.provider });
  o.heading(
    `FLUX.1-schnell full width, 1 double + 2 single blocks of 19 + 38 (${o.provider}, ${JSON.stringify(p.providers)}):`,
  );
  for (const size of o.provider === "cpu" ? [512] : [512, 1024]) {
    const r = await perStep(p, size, Math.min(o.runs, o.provider === "cpu" ? 1 : o.runs), 0);
    o.write(`${size}²: transformer / step (3 blocks)`, ms(r.step));
  }
  await p.release();
}
