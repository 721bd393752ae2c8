import type { PredictionType } from "./common";

export interface SchedulerStepOptions {
  /**
   * Fresh standard-normal noise of the sample's length. Called only by
   * schedulers that inject noise (LCM/TCD between steps, Euler with
   * s_churn > 0, DDIM with eta > 0), so the caller's random stream advances
   * exactly as often as diffusers' generator would.
   */
  noise?: (length: number) => Float32Array;
  /** DDIM's eta / TCD's gamma; defaults to the scheduler's own default. */
  eta?: number;
  /** Euler's s_churn (Karras et al. 2022, Algorithm 2); 0 keeps the sampler deterministic. */
  sChurn?: number;
}

export interface SchedulerOutput {
  prevSample: Float32Array;
  predOriginalSample: Float32Array;
}

/**
 * The contract of a diffusers scheduler, camelCased. Pure: no I/O, no model
 * calls. State is only the schedule set by setTimesteps and the step index,
 * exactly as diffusers keeps it.
 */
export interface Scheduler {
  readonly className: string;
  /** flow_prediction: the model predicts the velocity ε − x₀ (rectified flow). */
  readonly predictionType: PredictionType | "flow_prediction";
  readonly numTrainTimesteps: number;
  /** Descending timesteps of the current schedule (float for Euler, integers otherwise). */
  readonly timesteps: readonly number[];
  /** Standard deviation of the initial latents relative to N(0, I). */
  readonly initNoiseSigma: number;
  setTimesteps(numInferenceSteps: number): void;
  scaleModelInput(sample: Float32Array, timestep: number): Float32Array;
  step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options?: SchedulerStepOptions,
  ): SchedulerOutput;
  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array;
}

export function predictOriginal(
  predictionType: PredictionType,
  modelOutput: Float32Array,
  sample: Float32Array,
  alphaProd: number,
  betaProd: number,
): { x0: Float32Array; eps: Float32Array } {
  const n = sample.length;
  if (modelOutput.length !== n) {
    throw new Error(`model output has ${modelOutput.length} values, sample has ${n}`);
  }
  const sa = Math.sqrt(alphaProd);
  const sb = Math.sqrt(betaProd);
  const x0 = new Float32Array(n);
  const eps = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const m = modelOutput[i] as number;
    const s = sample[i] as number;
    if (predictionType === "epsilon") {
      x0[i] = (s - sb * m) / sa;
      eps[i] = m;
    } else if (predictionType === "sample") {
      x0[i] = m;
      eps[i] = (s - sa * m) / sb;
    } else {
      x0[i] = sa * s - sb * m;
      eps[i] = sa * m + sb * s;
    }
  }
  return { x0, eps };
}

/** Diffusers' clip_sample: clamp the x0 prediction to ±range. */
export function clipInPlace(values: Float32Array, range: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    values[i] = v > range ? range : v < -range ? -range : v;
  }
}
