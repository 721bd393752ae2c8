import { z } from "zod";
import { betaScheduleFields, discreteTimesteps, validateSteps } from "./common";
import { AlphaProductScheduler } from "./alpha-product";
import type { Scheduler, SchedulerOutput, SchedulerStepOptions } from "./types";
import { clipInPlace, predictOriginal } from "./types";

export const ddimConfigSchema = z.object({
  ...betaScheduleFields,
  clip_sample: z.boolean().default(true),
  clip_sample_range: z.number().positive().default(1),
  set_alpha_to_one: z.boolean().default(true),
  thresholding: z.boolean().default(false),
  timestep_spacing: z.enum(["linspace", "leading", "trailing"]).default("leading"),
});
export type DdimConfig = z.infer<typeof ddimConfigSchema>;

/**
 * Song et al. 2021 (DDIM), eq. 12:
 *   x_{t-1} = sqrt(ᾱ_{t-1}) x̂0 + sqrt(1 - ᾱ_{t-1} - σ_t²) ε̂ + σ_t z,
 *   σ_t = η sqrt((1 - ᾱ_{t-1}) / (1 - ᾱ_t)) sqrt(1 - ᾱ_t / ᾱ_{t-1}),
 * with diffusers' previous timestep t - N/steps (integer division) and
 * ᾱ_{-1} = 1 (set_alpha_to_one) or ᾱ_0.
 */
export class DdimScheduler extends AlphaProductScheduler<DdimConfig> implements Scheduler {
  readonly className = "DDIMScheduler";
  private numInferenceSteps = 0;

  constructor(config: Record<string, unknown> = {}) {
    super(ddimConfigSchema.parse(config), "DDIMScheduler");
  }

  setTimesteps(steps: number): void {
    const c = this.config;
    validateSteps(steps, c.num_train_timesteps);
    this.numInferenceSteps = steps;
    this.timesteps = discreteTimesteps(
      c.timestep_spacing,
      c.num_train_timesteps,
      steps,
      c.steps_offset,
    );
  }

  /** σ_t² / η² of eq. 16: ((1 − ᾱ_prev)/(1 − ᾱ_t))·(1 − ᾱ_t/ᾱ_prev) (diffusers' _get_variance). */
  variance(timestep: number, prevTimestep: number): number {
    const alphaT = this.alphaProd(timestep);
    const alphaPrev = this.alphaProd(prevTimestep);
    return ((1 - alphaPrev) / (1 - alphaT)) * (1 - alphaT / alphaPrev);
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options: SchedulerStepOptions = {},
  ): SchedulerOutput {
    if (this.numInferenceSteps === 0)
      throw new Error("DDIMScheduler: call setTimesteps before step");
    const eta = options.eta ?? 0;
    const prevTimestep =
      timestep - Math.floor(this.config.num_train_timesteps / this.numInferenceSteps);
    const alphaT = this.alphaProd(timestep);
    const alphaPrev = this.alphaProd(prevTimestep);
    const betaT = 1 - alphaT;
    const { x0, eps } = predictOriginal(
      this.config.prediction_type,
      modelOutput,
      sample,
      alphaT,
      betaT,
    );
    if (this.config.clip_sample) {
      clipInPlace(x0, this.config.clip_sample_range);
      // diffusers re-derives ε from the clipped x̂0 only when asked
      // (use_clipped_model_output); the default keeps the model's ε.
    }
    const variance = this.variance(timestep, prevTimestep);
    const std = eta * Math.sqrt(variance);
    const dirCoef = Math.sqrt(Math.max(0, 1 - alphaPrev - std * std));
    const x0Coef = Math.sqrt(alphaPrev);
    const n = sample.length;
    const prev = new Float32Array(n);
    for (let i = 0; i < n; i++) prev[i] = x0Coef * (x0[i] as number) + dirCoef * (eps[i] as number);
    if (eta > 0) {
      if (!options.noise) throw new Error("DDIMScheduler: eta > 0 needs a noise source");
      const z = options.noise(n);
      for (let i = 0; i < n; i++) prev[i] = (prev[i] as number) + std * (z[i] as number);
    }
    return { prevSample: prev, predOriginalSample: x0 };
  }
}
