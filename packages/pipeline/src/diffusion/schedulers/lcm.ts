import { z } from "zod";
import { at, betaScheduleFields, linspaceNoEndpoint, validateSteps } from "./common";
import { AlphaProductScheduler } from "./alpha-product";
import type { Scheduler, SchedulerOutput, SchedulerStepOptions } from "./types";
import { clipInPlace, predictOriginal } from "./types";

export const consistencyConfigFields = {
  ...betaScheduleFields,
  beta_start: z.number().positive().default(0.00085),
  beta_end: z.number().positive().default(0.012),
  beta_schedule: z.enum(["linear", "scaled_linear", "squaredcos_cap_v2"]).default("scaled_linear"),
  original_inference_steps: z.number().int().positive().default(50),
  clip_sample: z.boolean().default(false),
  clip_sample_range: z.number().positive().default(1),
  set_alpha_to_one: z.boolean().default(true),
  thresholding: z.boolean().default(false),
  timestep_spacing: z.enum(["linspace", "leading", "trailing"]).default("leading"),
  timestep_scaling: z.number().default(10),
};

export const lcmConfigSchema = z.object(consistencyConfigFields);
export type LcmConfig = z.infer<typeof lcmConfigSchema>;

/**
 * The distillation schedule of LCM/TCD: the k-th steps of the original
 * `original_inference_steps` DDIM grid (t = i·k − 1), then `steps` picks
 * evenly spaced by index (floor of linspace without endpoint).
 */
export function consistencyTimesteps(
  numTrain: number,
  originalSteps: number,
  steps: number,
  scheduler: string,
): number[] {
  validateSteps(steps, numTrain);
  if (originalSteps > numTrain) {
    throw new Error(
      `${scheduler}: original_inference_steps ${originalSteps} exceeds num_train_timesteps ${numTrain}`,
    );
  }
  if (steps > originalSteps) {
    throw new Error(
      `${scheduler}: num_inference_steps ${steps} exceeds original_inference_steps ${originalSteps}`,
    );
  }
  const k = Math.floor(numTrain / originalSteps);
  const origin: number[] = [];
  for (let i = originalSteps; i >= 1; i--) origin.push(i * k - 1);
  return linspaceNoEndpoint(0, origin.length, steps).map((v) =>
    at(origin, Math.floor(v), "origin timesteps"),
  );
}

/**
 * LCM and TCD walk the same distilled schedule and track their position the
 * same way (diffusers' step_index: found from the first timestep, then +1).
 */
export abstract class ConsistencyScheduler<C extends LcmConfig> extends AlphaProductScheduler<C> {
  abstract readonly className: string;
  private stepIndex: number | undefined;

  setTimesteps(steps: number): void {
    const c = this.config;
    this.timesteps = consistencyTimesteps(
      c.num_train_timesteps,
      c.original_inference_steps,
      steps,
      this.className,
    );
    this.stepIndex = undefined;
  }

  /** Index of `timestep` in the schedule: found on the first step, then carried. */
  protected stepIndexFor(timestep: number): number {
    if (this.timesteps.length === 0)
      throw new Error(`${this.className}: call setTimesteps before step`);
    if (this.stepIndex === undefined) {
      const found = this.timesteps.indexOf(timestep);
      if (found < 0) throw new Error(`timestep ${timestep} is not in the schedule`);
      this.stepIndex = found;
    }
    return this.stepIndex;
  }

  /** Called once a step has produced its output, as diffusers does. */
  protected finishStep(index: number): void {
    this.stepIndex = index + 1;
  }
}

/**
 * Luo et al. 2023 (Latent Consistency Models): f(x, t) = c_skip(t) x + c_out(t) x̂0
 * with the consistency-model boundary condition
 *   c_skip = σ_d² / ((t·s)² + σ_d²),  c_out = t·s / sqrt((t·s)² + σ_d²),
 * σ_d = 0.5 and s = timestep_scaling; between steps the denoised sample is
 * re-noised to the next timestep with fresh noise (multistep sampling).
 */
export class LcmScheduler extends ConsistencyScheduler<LcmConfig> implements Scheduler {
  readonly className = "LCMScheduler";

  constructor(config: Record<string, unknown> = {}) {
    super(lcmConfigSchema.parse(config), "LCMScheduler");
  }

  boundaryScalings(timestep: number): { cSkip: number; cOut: number } {
    const sigmaData = 0.5;
    const t = timestep * this.config.timestep_scaling;
    return {
      cSkip: sigmaData ** 2 / (t * t + sigmaData ** 2),
      cOut: t / Math.sqrt(t * t + sigmaData ** 2),
    };
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options: SchedulerStepOptions = {},
  ): SchedulerOutput {
    const index = this.stepIndexFor(timestep);
    const prevTimestep = this.timesteps[index + 1] ?? timestep;
    const alphaT = this.alphaProd(timestep);
    const alphaPrev = this.alphaProd(prevTimestep);
    const { cSkip, cOut } = this.boundaryScalings(timestep);
    const { x0 } = predictOriginal(
      this.config.prediction_type,
      modelOutput,
      sample,
      alphaT,
      1 - alphaT,
    );
    if (this.config.clip_sample) clipInPlace(x0, this.config.clip_sample_range);
    const n = sample.length;
    const denoised = new Float32Array(n);
    for (let i = 0; i < n; i++)
      denoised[i] = cOut * (x0[i] as number) + cSkip * (sample[i] as number);
    let prev = denoised;
    if (index !== this.timesteps.length - 1) {
      if (!options.noise) throw new Error("LCMScheduler: multistep sampling needs a noise source");
      const z = options.noise(n);
      const a = Math.sqrt(alphaPrev);
      const b = Math.sqrt(1 - alphaPrev);
      prev = new Float32Array(n);
      for (let i = 0; i < n; i++) prev[i] = a * (denoised[i] as number) + b * (z[i] as number);
    }
    this.finishStep(index);
    // diffusers returns the boundary-conditioned `denoised` as the x0 preview.
    return { prevSample: prev, predOriginalSample: denoised };
  }
}
