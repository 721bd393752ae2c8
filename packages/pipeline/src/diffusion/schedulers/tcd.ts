import { z } from "zod";
import { consistencyConfigFields, ConsistencyScheduler } from "./lcm";
import type { Scheduler, SchedulerOutput, SchedulerStepOptions } from "./types";
import { clipInPlace, predictOriginal } from "./types";

export const tcdConfigSchema = z.object(consistencyConfigFields);
export type TcdConfig = z.infer<typeof tcdConfigSchema>;

/** diffusers' default for TCD's eta (the paper's gamma). */
export const TCD_DEFAULT_ETA = 0.3;

/**
 * Zheng et al. 2024 (Trajectory Consistency Distillation), strategic
 * stochastic sampling: from t, predict x̂0 and ε̂, jump deterministically to
 * s = floor((1 − γ)·t_prev) along the DDIM path
 *   x_s = sqrt(ᾱ_s) x̂0 + sqrt(1 − ᾱ_s) ε̂,
 * then re-noise forward to t_prev:
 *   x_{t_prev} = sqrt(ᾱ_{t_prev}/ᾱ_s) x_s + sqrt(1 − ᾱ_{t_prev}/ᾱ_s) z.
 * γ = 0 is deterministic; γ = 1 equals LCM-style multistep sampling.
 */
export class TcdScheduler extends ConsistencyScheduler<TcdConfig> implements Scheduler {
  readonly className = "TCDScheduler";

  constructor(config: Record<string, unknown> = {}) {
    super(tcdConfigSchema.parse(config), "TCDScheduler");
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options: SchedulerStepOptions = {},
  ): SchedulerOutput {
    if (this.timesteps.length === 0) throw new Error("TCDScheduler: call setTimesteps before step");
    const eta = options.eta ?? TCD_DEFAULT_ETA;
    if (!(eta >= 0 && eta <= 1))
      throw new Error(`TCDScheduler: eta (gamma) must be within [0, 1], got ${eta}`);
    const index = this.stepIndexFor(timestep);
    const prevTimestep = this.timesteps[index + 1] ?? 0;
    const timestepS = Math.floor((1 - eta) * prevTimestep);
    const alphaT = this.alphaProd(timestep);
    const alphaPrev = this.alphaProd(prevTimestep);
    const alphaS = this.alphaProd(timestepS);
    const { x0, eps } = predictOriginal(
      this.config.prediction_type,
      modelOutput,
      sample,
      alphaT,
      1 - alphaT,
    );
    if (this.config.clip_sample) clipInPlace(x0, this.config.clip_sample_range);
    const n = sample.length;
    const sa = Math.sqrt(alphaS);
    const sb = Math.sqrt(1 - alphaS);
    const noised = new Float32Array(n);
    for (let i = 0; i < n; i++) noised[i] = sa * (x0[i] as number) + sb * (eps[i] as number);
    let prev = noised;
    if (eta > 0 && index !== this.timesteps.length - 1) {
      if (!options.noise) throw new Error("TCDScheduler: eta > 0 needs a noise source");
      const z = options.noise(n);
      const a = Math.sqrt(alphaPrev / alphaS);
      const b = Math.sqrt(1 - alphaPrev / alphaS);
      prev = new Float32Array(n);
      for (let i = 0; i < n; i++) prev[i] = a * (noised[i] as number) + b * (z[i] as number);
    }
    this.finishStep(index);
    // diffusers' second output here is pred_noised_sample (x_s); the interface's preview is x̂0.
    return { prevSample: prev, predOriginalSample: x0 };
  }
}
