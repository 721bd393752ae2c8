import { z } from "zod";
import { at } from "./common";
import type { Scheduler, SchedulerOutput, SchedulerStepOptions } from "./types";

/**
 * scheduler_config.json of a rectified-flow model (FLUX.1, SD3/SD3.5) as is.
 * zod drops keys this scheduler has no use for (`_class_name`, versions).
 */
export const flowMatchEulerConfigSchema = z.object({
  num_train_timesteps: z.number().int().positive().default(1000),
  shift: z.number().positive().default(1),
  use_dynamic_shifting: z.boolean().default(false),
  base_shift: z
    .number()
    .nullish()
    .transform((v) => v ?? 0.5),
  max_shift: z
    .number()
    .nullish()
    .transform((v) => v ?? 1.15),
  base_image_seq_len: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? 256),
  max_image_seq_len: z
    .number()
    .int()
    .nullish()
    .transform((v) => v ?? 4096),
  invert_sigmas: z.boolean().default(false),
  shift_terminal: z.number().nullish(),
  time_shift_type: z.enum(["exponential", "linear"]).default("exponential"),
  stochastic_sampling: z.boolean().default(false),
  use_karras_sigmas: z.boolean().nullish(),
  use_exponential_sigmas: z.boolean().nullish(),
  use_beta_sigmas: z.boolean().nullish(),
});
export type FlowMatchEulerConfig = z.infer<typeof flowMatchEulerConfigSchema>;

export interface FlowScheduleOptions {
  /** The pipeline's own σ grid before shifting (Flux: linspace(1, 1/n, n)); its length is the step count. */
  sigmas?: readonly number[];
  /** Resolution-dependent shift (required when use_dynamic_shifting); see `flowShiftMu`. */
  mu?: number;
}

/**
 * diffusers' calculate_shift: μ linear in the image token count, from
 * base_shift at base_image_seq_len to max_shift at max_image_seq_len.
 */
export function flowShiftMu(
  imageSeqLen: number,
  config: Pick<
    FlowMatchEulerConfig,
    "base_shift" | "max_shift" | "base_image_seq_len" | "max_image_seq_len"
  >,
): number {
  const m =
    (config.max_shift - config.base_shift) / (config.max_image_seq_len - config.base_image_seq_len);
  const b = config.base_shift - m * config.base_image_seq_len;
  return imageSeqLen * m + b;
}

/** Esser et al. 2024 (SD3) eq. 23 timestep shift: σ' = sσ / (1 + (s − 1)σ). */
function staticShift(shift: number, sigma: number): number {
  return (shift * sigma) / (1 + (shift - 1) * sigma);
}

/**
 * Rectified-flow Euler sampler (diffusers FlowMatchEulerDiscreteScheduler):
 * the model predicts the velocity v = ε − x₀ and x(σ) = (1 − σ)x₀ + σε, so
 * one step is x ← x + (σ_next − σ)·v. Timesteps are σ·num_train_timesteps.
 */
export class FlowMatchEulerDiscreteScheduler implements Scheduler {
  readonly className: string = "FlowMatchEulerDiscreteScheduler";
  readonly config: FlowMatchEulerConfig;
  readonly predictionType = "flow_prediction" as const;
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  /** The schedule's σ, one longer than timesteps (0, or 1 with invert_sigmas, appended). */
  sigmas: number[] = [];
  private readonly sigmaMax: number;
  private readonly sigmaMin: number;
  private stepIndex: number | undefined;
  private beginIndex: number | undefined;

  constructor(config: Record<string, unknown> = {}) {
    this.config = flowMatchEulerConfigSchema.parse(config);
    const c = this.config;
    if (c.use_karras_sigmas || c.use_exponential_sigmas || c.use_beta_sigmas) {
      // Refuse rather than silently sample with another schedule.
      throw new Error(
        "FlowMatchEulerDiscreteScheduler: Karras/exponential/beta sigmas are not supported",
      );
    }
    const n = c.num_train_timesteps;
    // Like diffusers' constructor: the training sigmas (float32), statically
    // shifted unless the shift is resolution-dependent. Their ends bound the
    // default inference grid, so SD3's shift reaches that grid twice, as in diffusers.
    const train: number[] = [];
    for (let i = n; i >= 1; i--) {
      const s = Math.fround(Math.fround(i) / n);
      train.push(c.use_dynamic_shifting ? s : Math.fround(staticShift(c.shift, s)));
    }
    this.sigmaMax = at(train, 0, "sigmas");
    this.sigmaMin = at(train, train.length - 1, "sigmas");
    this.sigmas = train;
    this.timesteps = train.map((s) => Math.fround(s * n));
  }

  get numTrainTimesteps(): number {
    return this.config.num_train_timesteps;
  }

  setTimesteps(steps: number): void {
    this.setSchedule(steps);
  }

  /**
   * set_timesteps(num_inference_steps, sigmas=, mu=): the default grid is
   * linspace(σ_max·N, σ_min·N, steps)/N; a pipeline may pass its own.
   */
  setSchedule(steps: number | undefined, options: FlowScheduleOptions = {}): void {
    const c = this.config;
    const n = c.num_train_timesteps;
    let sigmas: number[];
    if (options.sigmas) {
      if (steps !== undefined && steps !== options.sigmas.length) {
        throw new Error(`sigmas has ${options.sigmas.length} values, steps is ${steps}`);
      }
      sigmas = options.sigmas.map((s) => Math.fround(s));
    } else {
      if (steps === undefined || !Number.isInteger(steps) || steps < 1) {
        throw new Error(`num_inference_steps must be a positive integer, got ${steps}`);
      }
      const hi = this.sigmaMax * n;
      const lo = this.sigmaMin * n;
      sigmas = [];
      for (let i = 0; i < steps; i++) {
        sigmas.push((steps === 1 ? hi : hi + ((lo - hi) * i) / (steps - 1)) / n);
      }
    }
    if (sigmas.length === 0) throw new Error("a flow schedule needs at least one sigma");

    if (c.use_dynamic_shifting) {
      const mu = options.mu;
      if (mu === undefined) {
        throw new Error("FlowMatchEulerDiscreteScheduler: use_dynamic_shifting needs mu");
      }
      const k = c.time_shift_type === "exponential" ? Math.exp(mu) : mu;
      sigmas = sigmas.map((s) => k / (k + (1 / s - 1)));
    } else {
      sigmas = sigmas.map((s) => staticShift(c.shift, s));
    }

    // LTX-Video's stretch: rescale 1 − σ so the last σ equals shift_terminal;
    // diffusers skips it for one step (it would divide by zero).
    const terminal = c.shift_terminal;
    if (terminal && sigmas.length > 1) {
      const scale = (1 - at(sigmas, sigmas.length - 1, "sigmas")) / (1 - terminal);
      sigmas = sigmas.map((s) => 1 - (1 - s) / scale);
    }

    let f32 = sigmas.map((s) => Math.fround(s));
    let tail = 0;
    if (c.invert_sigmas) {
      f32 = f32.map((s) => Math.fround(1 - s));
      tail = 1;
    }
    this.timesteps = f32.map((s) => Math.fround(s * n));
    this.sigmas = [...f32, tail];
    this.stepIndex = undefined;
    this.beginIndex = undefined;
  }

  /** Image-to-image: the pipeline starts at this index of the schedule. */
  setBeginIndex(index: number): void {
    this.beginIndex = index;
  }

  private indexFor(timestep: number): number {
    const t = Math.fround(timestep);
    const matches: number[] = [];
    this.timesteps.forEach((v, i) => {
      if (v === t) matches.push(i);
    });
    // diffusers takes the second match so that a schedule entered midway does not skip a σ.
    const pos = matches.length > 1 ? matches[1] : matches[0];
    if (pos === undefined) throw new Error(`timestep ${timestep} is not in the schedule`);
    return pos;
  }

  /** The σ the model sees at this timestep (what Flux/SD3 transformers take as `timestep`/1000). */
  sigmaAt(timestep: number): number {
    return at(this.sigmas, this.indexFor(timestep), "sigmas");
  }

  /** Flow models take the latents as they are. */
  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options: SchedulerStepOptions = {},
  ): SchedulerOutput {
    if (modelOutput.length !== sample.length) {
      throw new Error(`model output has ${modelOutput.length} values, sample has ${sample.length}`);
    }
    if (this.stepIndex === undefined) this.stepIndex = this.beginIndex ?? this.indexFor(timestep);
    const index = this.stepIndex;
    const sigma = at(this.sigmas, index, "sigmas");
    const sigmaNext = at(this.sigmas, index + 1, "sigmas");
    const n = sample.length;
    const x0 = new Float32Array(n);
    const prev = new Float32Array(n);
    // float32 σ like diffusers' tensors; the arithmetic itself is in float64
    // here and rounded once, at least as accurate as torch's fp32 upcast.
    const dt = Math.fround(sigmaNext - sigma);
    const noise = this.config.stochastic_sampling ? this.requireNoise(options, n) : undefined;
    for (let i = 0; i < n; i++) {
      const v = modelOutput[i] as number;
      const x = sample[i] as number;
      const pred = x - sigma * v;
      x0[i] = pred;
      prev[i] = noise ? (1 - sigmaNext) * pred + sigmaNext * (noise[i] as number) : x + dt * v;
    }
    this.stepIndex = index + 1;
    return { prevSample: prev, predOriginalSample: x0 };
  }

  private requireNoise(options: SchedulerStepOptions, n: number): Float32Array {
    if (!options.noise) {
      throw new Error("FlowMatchEulerDiscreteScheduler: stochastic_sampling needs a noise source");
    }
    return options.noise(n);
  }

  /**
   * scale_noise (the flow forward process): x(σ) = σ·noise + (1 − σ)·x₀, at
   * the begin index when the pipeline set one (image-to-image), else at the
   * timestep's own index.
   */
  scaleNoise(sample: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    if (noise.length !== sample.length) {
      throw new Error(`noise has ${noise.length} values, sample has ${sample.length}`);
    }
    const index = this.stepIndex ?? this.beginIndex ?? this.indexFor(timestep);
    const sigma = Math.fround(at(this.sigmas, index, "sigmas"));
    const out = new Float32Array(sample.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = sigma * (noise[i] as number) + (1 - sigma) * (sample[i] as number);
    }
    return out;
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    return this.scaleNoise(original, noise, timestep);
  }
}
