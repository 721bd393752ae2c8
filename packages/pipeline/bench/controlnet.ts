/**
 * bench:diffusion's ControlNet section: the per-step cost of one and of two
 * ControlNets relative to the plain UNet with the same base weights, at 512²
 * (latents 4×64×64), batch 1, no CFG. Split layout: the UNet step plus the
 * separate controlnet_<name>/ runs and the host-side residual sum (one
 * folder with two ControlNets; an inactive ControlNet is not run, so one
 * control runs one). Fused layout: ONNX Runtime's UNet+ControlNet graph, one
 * folder per ControlNet count (the graph runs every ControlNet it holds).
 * Tiny models always; with `fullDir`, full-size SD 1.5 random weights
 * (external data, built into fullDir when missing, never into git), loaded
 * a pair at a time to keep memory bounded.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  SD15,
  TINY_SD15,
  writeModelFolder,
  type BuildOptions,
  type ModelPreset,
} from "@hyperposter/pipeline/diffusion/builder";
import type { ExecutionProviderName } from "../src/diffusion/onnx/session";
import { DiffusionPipeline } from "../src/diffusion/pipeline";
import type { ControlInput } from "../src/diffusion/control/controlnet-runner";
import type { RgbImage } from "../src/image-backend/types";

const SIZE = 512;
const NAMES = ["controlnet_canny", "controlnet_layout"];

/** A control image with structure (rings and bars), so the ControlNet input is not constant. */
function controlImage(variant: number): RgbImage {
  const data = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
      const on = Math.abs((r + variant * 17) % 64) < 3 || (y + variant * 40) % 128 < 4;
      data.fill(on ? 255 : 0, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
    }
  }
  return { width: SIZE, height: SIZE, data };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};

interface Variant {
  label: string;
  dir: string;
  control: ControlInput[];
}

/** Builds (or reuses) each folder of one size. */
function folders(
  root: string,
  preset: ModelPreset,
  full: boolean,
): {
  plain: string;
  split: string;
  fused1: string;
  fused2: string;
} {
  const base: BuildOptions = full
    ? { externalData: true, tiledWeights: true, tinyVae: true }
    : { tinyVae: true };
  const build = (name: string, extra: BuildOptions = {}): string => {
    const dir = join(root, name);
    if (!existsSync(join(dir, "model_index.json")))
      writeModelFolder(dir, preset, { ...base, ...extra });
    return dir;
  };
  const prefix = full ? "sd15" : "tiny-sd15";
  return {
    plain: build(`${prefix}-tinyvae`),
    split: build(`${prefix}-controlnet-split`, { controlnet: { layout: "split", names: NAMES } }),
    fused1: build(`${prefix}-controlnet-fused1`, {
      controlnet: { layout: "fused", names: NAMES.slice(0, 1) },
    }),
    fused2: build(`${prefix}-controlnet-fused2`, { controlnet: { layout: "fused", names: NAMES } }),
  };
}

export async function controlNetCost(options: {
  provider: ExecutionProviderName;
  runs: number;
  tmpDir: string;
  fullDir?: string;
  write: (label: string, value: string) => void;
  heading: (text: string) => void;
}): Promise<void> {
  const one: ControlInput[] = [{ controlnet: NAMES[0] as string, image: controlImage(0) }];
  const two: ControlInput[] = [
    ...one,
    { controlnet: NAMES[1] as string, image: controlImage(1), scale: 0.5 },
  ];
  const sizes: { name: string; dirs: ReturnType<typeof folders>; runs: number; steps: number }[] = [
    {
      name: "tiny SD 1.5",
      dirs: folders(options.tmpDir, TINY_SD15, false),
      runs: options.runs,
      steps: 4,
    },
  ];
  if (options.fullDir)
    sizes.push({
      name: "full SD 1.5 (random weights)",
      dirs: folders(options.fullDir, SD15, true),
      runs: Math.min(options.runs, 3),
      steps: 2,
    });
  for (const size of sizes) {
    if (size.name.startsWith("full")) {
      await sequential(size, one, two, options);
      continue;
    }
    const { plain, split, fused1, fused2 } = size.dirs;
    // Each group shares one loaded plain pipeline and alternates with it, so
    // load on a shared machine hits both alike; a group holds at most two
    // full-size UNets in memory.
    const groups: Variant[][] = [
      [
        { label: "split, 1 ControlNet", dir: split, control: one },
        { label: "split, 2 ControlNets", dir: split, control: two },
      ],
      [{ label: "fused, 1 ControlNet", dir: fused1, control: one }],
      [{ label: "fused, 2 ControlNets", dir: fused2, control: two }],
    ];
    options.heading(
      `ControlNet step vs plain UNet step, ${size.name}, ${SIZE}² batch 1, ${options.provider}, ` +
        `median over ${size.runs} alternated runs × ${size.steps} steps:`,
    );
    const p = await DiffusionPipeline.load(plain, { provider: options.provider });
    const gen = {
      prompt: "a bottle on a beach",
      steps: size.steps,
      guidanceScale: 0,
      width: SIZE,
      height: SIZE,
      tinyVae: true,
    };
    const plainAll: number[] = [];
    for (const group of groups) {
      const q = await DiffusionPipeline.load(group[0]?.dir as string, {
        provider: options.provider,
      });
      // Allocation and kernel selection, not measured.
      await p.generate({ ...gen, steps: 1, seed: 0 });
      for (const v of group) await q.generate({ ...gen, steps: 1, seed: 0, control: v.control });
      const a: number[] = [];
      const b = group.map((): number[] => []);
      for (let i = 0; i < size.runs; i++) {
        a.push(...(await p.generate({ ...gen, seed: i })).timings.unetMs);
        for (const [k, v] of group.entries()) {
          const t = (await q.generate({ ...gen, seed: i, control: v.control })).timings;
          // Split: the ControlNet runs and the residual sum are part of the step.
          b[k]?.push(...t.unetMs.map((u, s) => u + (t.controlnetMs[s] ?? 0)));
        }
      }
      await q.release();
      plainAll.push(...a);
      for (const [k, v] of group.entries()) {
        const step = median(b[k] ?? []);
        options.write(
          v.label,
          `${step.toFixed(1)} ms/step, ${(step / median(a)).toFixed(3)}× plain (${median(a).toFixed(1)} ms)`,
        );
      }
    }
    await p.release();
    options.write("plain UNet step (all groups)", `${median(plainAll).toFixed(1)} ms`);
  }
}

/**
 * Full size: one pipeline in memory at a time (two full SD 1.5 pipelines
 * plus two ControlNets were killed for memory on a 23 GB machine), plain
 * measured first and last to show the drift the alternation would cancel.
 */
async function sequential(
  size: { name: string; dirs: ReturnType<typeof folders>; runs: number; steps: number },
  one: ControlInput[],
  two: ControlInput[],
  options: {
    provider: ExecutionProviderName;
    write: (label: string, value: string) => void;
    heading: (text: string) => void;
  },
): Promise<void> {
  const { plain, split, fused1, fused2 } = size.dirs;
  const gen = {
    prompt: "a bottle on a beach",
    steps: size.steps,
    guidanceScale: 0,
    width: SIZE,
    height: SIZE,
    tinyVae: true,
  };
  options.heading(
    `ControlNet step vs plain UNet step, ${size.name}, ${SIZE}² batch 1, ${options.provider}, ` +
      `one pipeline loaded at a time (not alternated), median over ${size.runs} runs × ${size.steps} steps:`,
  );
  const measure = async (dir: string, control?: ControlInput[][]): Promise<number[]> => {
    const p = await DiffusionPipeline.load(dir, { provider: options.provider });
    const out: number[] = [];
    for (const c of control ?? [[]]) {
      await p.generate({ ...gen, steps: 1, seed: 0, control: c });
      const steps: number[] = [];
      for (let i = 0; i < size.runs; i++) {
        const t = (await p.generate({ ...gen, seed: i, control: c })).timings;
        steps.push(...t.unetMs.map((u, k) => u + (t.controlnetMs[k] ?? 0)));
      }
      out.push(median(steps));
    }
    await p.release();
    return out;
  };
  const [before = NaN] = await measure(plain);
  const [s1 = NaN, s2 = NaN] = await measure(split, [one, two]);
  const [f1 = NaN] = await measure(fused1, [one]);
  const [f2 = NaN] = await measure(fused2, [two]);
  const [after = NaN] = await measure(plain);
  const base = (before + after) / 2;
  options.write(
    "plain UNet step (before, after)",
    `${before.toFixed(0)} ms, ${after.toFixed(0)} ms`,
  );
  for (const [label, v] of [
    ["split, 1 ControlNet", s1],
    ["split, 2 ControlNets", s2],
    ["fused, 1 ControlNet", f1],
    ["fused, 2 ControlNets", f2],
  ] as const)
    options.write(label, `${v.toFixed(0)} ms/step, ${(v / base).toFixed(3)}× plain`);
}
