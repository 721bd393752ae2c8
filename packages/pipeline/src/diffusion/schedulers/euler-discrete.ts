import { z } from "zod";
import { alphasCumprod, at, betaScheduleFields, discreteTimesteps, validateSteps } from "./common";
import type { Scheduler, SchedulerOutput, SchedulerStepOptions } from "./types";

export const eulerDiscreteConfigSchema = z.object({
  ...betaScheduleFields,
  interpolation_type: z.enum(["linear", "log_linear"]).default("linear"),
  use_karras_sigmas: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  use_exponential_sigmas: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  use_beta_sigmas: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  sigma_min: z.number().nullish(),
  sigma_max: z.number().nullish(),
  timestep_spacing: z.enum(["linspace", "leading", "trailing"]).default("linspace"),
  timestep_type: z.enum(["discrete", "continuous"]).default("discrete"),
  final_sigmas_type: z.enum(["zero", "sigma_min"]).default("zero"),
});
export type EulerDiscreteConfig = z.infer<typeof eulerDiscreteConfigSchema>;

/** numpy.interp over x = 0..n-1 (clamped at both ends). */
function interpIndex(x: number, ys: ArrayLike<number>): number {
  const last = ys.length - 1;
  if (x <= 0) return at(ys, 0, "sigmas");
  if (x >= last) return at(ys, last, "sigmas");
  const lo = Math.floor(x);
  const w = x - lo;
  return at(ys, lo, "sigmas") * (1 - w) + at(ys, lo + 1, "sigmas") * w;
}

/**
 * Karras et al. 2022 (EDM) sampler, Algorithm 2 without the second-order
 * correction, in diffusers' conventions: sigma = sqrt((1 - ᾱ_t) / ᾱ_t),
 * timesteps may be fractional (interpolated sigma), and the schedule ends
 * with a final sigma of 0 (or sigma_min).
 */
export class EulerDiscreteScheduler implements Scheduler {
  readonly className: string = "EulerDiscreteScheduler";
  readonly config: EulerDiscreteConfig;
  timesteps: number[] = [];
  sigmas: number[] = [];
  private readonly trainSigmas: Float64Array;
  private readonly logSigmas: Float64Array;
  protected stepIndex: number | undefined;

  constructor(config: Record<string, unknown> = {}) {
    this.config = eulerDiscreteConfigSchema.parse(config);
    // Refuse rather than silently sample with another schedule.
    if (
      this.config.use_exponential_sigmas ||
      this.config.use_beta_sigmas ||
      this.config.interpolation_type !== "linear"
    ) {
      throw new Error(
        "EulerDiscreteScheduler: only interpolation_type linear (optionally Karras sigmas) is supported, not exponential/beta sigmas or log_linear",
      );
    }
    const cumprod = alphasCumprod(this.config);
    // diffusers avoids an infinite sigma at zero terminal SNR the same way.
    if (this.config.rescale_betas_zero_snr) cumprod[cumprod.length - 1] = 2 ** -24;
    this.trainSigmas = cumprod.map((a) => Math.fround(Math.sqrt((1 - a) / a)));
    this.logSigmas = this.trainSigmas.map((s) => Math.log(s));
    // Like diffusers' constructor: a full-length schedule until setTimesteps.
    this.sigmas = [...this.trainSigmas].reverse().concat([0]);
    this.timesteps = Array.from(
      { length: this.config.num_train_timesteps },
      (_, i) => this.config.num_train_timesteps - 1 - i,
    );
  }

  get predictionType(): EulerDiscreteConfig["prediction_type"] {
    return this.config.prediction_type;
  }

  get numTrainTimesteps(): number {
    return this.config.num_train_timesteps;
  }

  get initNoiseSigma(): number {
    const max = Math.max(...this.sigmas);
    return this.config.timestep_spacing === "linspace" ||
      this.config.timestep_spacing === "trailing"
      ? max
      : Math.sqrt(max * max + 1);
  }

  setTimesteps(steps: number): void {
    const c = this.config;
    validateSteps(steps, c.num_train_timesteps);
    let timesteps: number[];
    if (c.timestep_spacing === "linspace") {
      // float32 linspace, not rounded: Euler interpolates between train sigmas
      timesteps = [];
      for (let i = 0; i < steps; i++) {
        timesteps.push(
          Math.fround(steps === 1 ? 0 : ((c.num_train_timesteps - 1) * i) / (steps - 1)),
        );
      }
      timesteps.reverse();
    } else {
      timesteps = discreteTimesteps(
        c.timestep_spacing,
        c.num_train_timesteps,
        steps,
        c.steps_offset,
      );
    }

    let sigmas = timesteps.map((t) => interpIndex(t, this.trainSigmas));
    if (c.use_karras_sigmas) {
      sigmas = this.karras(sigmas, steps);
      timesteps = sigmas.map((s) => this.sigmaToT(s));
    }

    const finalSigma = c.final_sigmas_type === "zero" ? 0 : at(this.trainSigmas, 0, "sigmas");
    this.sigmas = sigmas.map((s) => Math.fround(s)).concat([finalSigma]);
    if (c.timestep_type === "continuous" && c.prediction_type === "v_prediction") {
      this.timesteps = sigmas.map((s) => Math.fround(0.25 * Math.log(s)));
    } else {
      this.timesteps = timesteps.map((t) => Math.fround(t));
    }
    this.stepIndex = undefined;
  }

  /** Karras et al. 2022 eq. 5 with rho = 7, between the schedule's own extremes. */
  private karras(inSigmas: number[], steps: number): number[] {
    const sigmaMin = this.config.sigma_min ?? at(inSigmas, inSigmas.length - 1, "sigmas");
    const sigmaMax = this.config.sigma_max ?? at(inSigmas, 0, "sigmas");
    const rho = 7;
    const minInv = sigmaMin ** (1 / rho);
    const maxInv = sigmaMax ** (1 / rho);
    const out: number[] = [];
    for (let i = 0; i < steps; i++) {
      const ramp = steps === 1 ? 0 : i / (steps - 1);
      out.push((maxInv + ramp * (minInv - maxInv)) ** rho);
    }
    return out;
  }

  /** Inverse of the sigma table by linear interpolation in log-sigma (diffusers' _sigma_to_t). */
  private sigmaToT(sigma: number): number {
    const logSigma = Math.log(Math.max(sigma, 1e-10));
    const n = this.logSigmas.length;
    let lowIdx = 0;
    for (let i = 0; i < n; i++) if (logSigma - (this.logSigmas[i] as number) >= 0) lowIdx = i;
    lowIdx = Math.min(lowIdx, n - 2);
    const low = at(this.logSigmas, lowIdx, "log_sigmas");
    const high = at(this.logSigmas, lowIdx + 1, "log_sigmas");
    const w = Math.min(1, Math.max(0, (low - logSigma) / (low - high)));
    return (1 - w) * lowIdx + w * (lowIdx + 1);
  }

  private indexFor(timestep: number): number {
    const matches: number[] = [];
    this.timesteps.forEach((t, i) => {
      if (t === Math.fround(timestep)) matches.push(i);
    });
    // diffusers takes the second match so that img2img starting mid-schedule
    // does not skip a sigma when a timestep repeats.
    const pos = matches.length > 1 ? matches[1] : matches[0];
    if (pos === undefined) throw new Error(`timestep ${timestep} is not in the schedule`);
    return pos;
  }

  protected currentIndex(timestep: number): number {
    if (this.stepIndex === undefined) this.stepIndex = this.indexFor(timestep);
    return this.stepIndex;
  }

  scaleModelInput(sample: Float32Array, timestep: number): Float32Array {
    const sigma = at(this.sigmas, this.currentIndex(timestep), "sigmas");
    const k = 1 / Math.sqrt(sigma * sigma + 1);
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) out[i] = (sample[i] as number) * k;
    return out;
  }

  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options: SchedulerStepOptions = {},
  ): SchedulerOutput {
    const index = this.currentIndex(timestep);
    if (modelOutput.length !== sample.length) {
      throw new Error(`model output has ${modelOutput.length} values, sample has ${sample.length}`);
    }
    const sigma = at(this.sigmas, index, "sigmas");
    const sigmaNext = at(this.sigmas, index + 1, "sigmas");
    const churn = options.sChurn ?? 0;
    const gamma = churn > 0 ? Math.min(churn / (this.sigmas.length - 1), Math.SQRT2 - 1) : 0;
    const sigmaHat = sigma * (gamma + 1);
    const n = sample.length;
    let x = sample;
    if (gamma > 0) {
      if (!options.noise)
        throw new Error("EulerDiscreteScheduler: s_churn > 0 needs a noise source");
      const noise = options.noise(n);
      const k = Math.sqrt(sigmaHat * sigmaHat - sigma * sigma);
      x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = (sample[i] as number) + (noise[i] as number) * k;
    }
    const x0 = new Float32Array(n);
    const prev = new Float32Array(n);
    const vIn = -sigma / Math.sqrt(sigma * sigma + 1);
    const vSample = 1 / (sigma * sigma + 1);
    const dt = sigmaNext - sigmaHat;
    for (let i = 0; i < n; i++) {
      const m = modelOutput[i] as number;
      const s = x[i] as number;
      let p: number;
      if (this.config.prediction_type === "epsilon") p = s - sigmaHat * m;
      else if (this.config.prediction_type === "v_prediction") p = m * vIn + s * vSample;
      else p = m;
      x0[i] = p;
      prev[i] = s + ((s - p) / sigmaHat) * dt;
    }
    this.stepIndex = index + 1;
    return { prevSample: prev, predOriginalSample: x0 };
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    const sigma = at(this.sigmas, this.indexFor(timestep), "sigmas");
    const out = new Float32Array(original.length);
    for (let i = 0; i < out.length; i++)
      out[i] = (original[i] as number) + (noise[i] as number) * sigma;
    return out;
  }
}
