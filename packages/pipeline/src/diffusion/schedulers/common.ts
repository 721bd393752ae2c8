import { z } from "zod";

/**
 * Keys every diffusers scheduler config shares. Objects are parsed as is
 * (snake_case, like scheduler_config.json); zod drops the keys we do not use,
 * so a real model folder's config loads without edits.
 */
export const betaScheduleFields = {
  num_train_timesteps: z.number().int().positive().default(1000),
  beta_start: z.number().positive().default(0.0001),
  beta_end: z.number().positive().default(0.02),
  beta_schedule: z.enum(["linear", "scaled_linear", "squaredcos_cap_v2"]).default("linear"),
  trained_betas: z.array(z.number()).nullish(),
  rescale_betas_zero_snr: z.boolean().default(false),
  prediction_type: z.enum(["epsilon", "v_prediction", "sample"]).default("epsilon"),
  steps_offset: z.number().int().nonnegative().default(0),
};

export type PredictionType = "epsilon" | "v_prediction" | "sample";
export type TimestepSpacing = "linspace" | "leading" | "trailing";

export interface BetaScheduleConfig {
  num_train_timesteps: number;
  beta_start: number;
  beta_end: number;
  beta_schedule: "linear" | "scaled_linear" | "squaredcos_cap_v2";
  trained_betas?: number[] | null | undefined;
  rescale_betas_zero_snr: boolean;
}

function linspace(start: number, end: number, n: number): number[] {
  if (n === 1) return [start];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + ((end - start) * i) / (n - 1));
  return out;
}

/** numpy.linspace(start, end, n, endpoint=False) */
export function linspaceNoEndpoint(start: number, end: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + ((end - start) * i) / n);
  return out;
}

/** Improved DDPM (Nichol & Dhariwal) cosine schedule, as diffusers' betas_for_alpha_bar. */
function cosineBetas(n: number, maxBeta = 0.999): number[] {
  const alphaBar = (t: number): number => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  const betas: number[] = [];
  for (let i = 0; i < n; i++) {
    betas.push(Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), maxBeta));
  }
  return betas;
}

/**
 * Lin et al. 2023 ("Common Diffusion Noise Schedules and Sample Steps are
 * Flawed"): shift and scale sqrt(alpha_bar) so the last step has zero SNR.
 */
function rescaleZeroTerminalSnr(betas: number[]): number[] {
  const alphas = betas.map((b) => 1 - b);
  const sqrtBar: number[] = [];
  let prod = 1;
  for (const a of alphas) {
    prod *= a;
    sqrtBar.push(Math.sqrt(prod));
  }
  const first = sqrtBar[0] ?? 1;
  const last = sqrtBar[sqrtBar.length - 1] ?? 0;
  const scaled = sqrtBar.map((v) => ((v - last) * first) / (first - last));
  const bar = scaled.map((v) => v * v);
  const out: number[] = [];
  for (let i = 0; i < bar.length; i++) {
    const prev = i === 0 ? 1 : (bar[i - 1] ?? 1);
    out.push(1 - (i === 0 ? (bar[0] ?? 1) : (bar[i] ?? 0) / prev));
  }
  return out;
}

/**
 * Betas rounded to float32 the way diffusers builds them (torch float32
 * tensors), then the running product; kept as float64 numbers holding float32
 * values so that the arithmetic after it matches torch to ~1 ulp.
 */
export function alphasCumprod(config: BetaScheduleConfig): Float64Array {
  const n = config.num_train_timesteps;
  let betas: number[];
  if (config.trained_betas) {
    if (config.trained_betas.length !== n) {
      throw new Error(
        `trained_betas has ${config.trained_betas.length} entries, num_train_timesteps is ${n}`,
      );
    }
    betas = config.trained_betas;
  } else if (config.beta_schedule === "linear") {
    betas = linspace(config.beta_start, config.beta_end, n);
  } else if (config.beta_schedule === "scaled_linear") {
    betas = linspace(Math.sqrt(config.beta_start), Math.sqrt(config.beta_end), n).map(
      (v) => Math.fround(v) ** 2,
    );
  } else {
    betas = cosineBetas(n);
  }
  if (config.rescale_betas_zero_snr) betas = rescaleZeroTerminalSnr(betas);
  const out = new Float64Array(n);
  let prod = 1;
  for (let i = 0; i < n; i++) {
    prod = Math.fround(prod * Math.fround(1 - Math.fround(betas[i] ?? 0)));
    out[i] = prod;
  }
  return out;
}

export function at(values: ArrayLike<number>, index: number, what: string): number {
  const v = values[index];
  if (v === undefined)
    throw new Error(`${what}: index ${index} out of range (0..${values.length - 1})`);
  return v;
}

/**
 * Discrete timestep schedules shared by DDIM-family schedulers (diffusers'
 * "Common Diffusion Noise Schedules" table 2): integer timesteps, descending.
 */
export function discreteTimesteps(
  spacing: TimestepSpacing,
  numTrain: number,
  steps: number,
  stepsOffset: number,
): number[] {
  if (spacing === "linspace") {
    return linspace(0, numTrain - 1, steps)
      .map((v) => Math.round(v))
      .reverse();
  }
  if (spacing === "leading") {
    const ratio = Math.floor(numTrain / steps);
    const out: number[] = [];
    for (let i = steps - 1; i >= 0; i--) out.push(i * ratio + stepsOffset);
    return out;
  }
  const ratio = numTrain / steps;
  const out: number[] = [];
  // np.arange(N, 0, -N/steps): the float accumulation can add a tiny extra
  // element near 0 for some ratios; arange computes ceil((stop-start)/step).
  const count = Math.ceil(numTrain / ratio);
  for (let i = 0; i < count; i++) out.push(roundHalfEven(numTrain - i * ratio) - 1);
  return out;
}

/** numpy.round: ties to even. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  if (Math.abs(v % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

export function validateSteps(steps: number, numTrain: number): void {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`num_inference_steps must be a positive integer, got ${steps}`);
  if (steps > numTrain) {
    throw new Error(`num_inference_steps ${steps} cannot exceed num_train_timesteps ${numTrain}`);
  }
}
