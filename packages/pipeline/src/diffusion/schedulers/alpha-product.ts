import { alphasCumprod, at, type BetaScheduleConfig, type PredictionType } from "./common";

export interface AlphaProductConfig extends BetaScheduleConfig {
  prediction_type: PredictionType;
  set_alpha_to_one: boolean;
  thresholding: boolean;
}

/**
 * What DDIM, LCM and TCD share (diffusers copies it between the three):
 * ᾱ_t from the beta schedule, ᾱ for "before the first step" (1 with
 * set_alpha_to_one, else ᾱ_0), unscaled model input and
 * add_noise = sqrt(ᾱ_t) x0 + sqrt(1 − ᾱ_t) ε.
 */
export abstract class AlphaProductScheduler<C extends AlphaProductConfig> {
  readonly config: C;
  readonly initNoiseSigma = 1;
  timesteps: number[] = [];
  private readonly cumprod: Float64Array;
  private readonly finalAlphaCumprod: number;

  protected constructor(config: C, className: string) {
    if (config.thresholding) throw new Error(`${className}: dynamic thresholding is not supported`);
    this.config = config;
    this.cumprod = alphasCumprod(config);
    this.finalAlphaCumprod = config.set_alpha_to_one ? 1 : at(this.cumprod, 0, "alphas_cumprod");
  }

  get predictionType(): PredictionType {
    return this.config.prediction_type;
  }

  get numTrainTimesteps(): number {
    return this.config.num_train_timesteps;
  }

  scaleModelInput(sample: Float32Array): Float32Array {
    return sample;
  }

  /** ᾱ_t; a negative t (the step past the last one) reads the final value. */
  protected alphaProd(t: number): number {
    return t >= 0 ? at(this.cumprod, t, "alphas_cumprod") : this.finalAlphaCumprod;
  }

  addNoise(original: Float32Array, noise: Float32Array, timestep: number): Float32Array {
    const a = this.alphaProd(timestep);
    const sa = Math.sqrt(a);
    const sb = Math.sqrt(1 - a);
    const out = new Float32Array(original.length);
    for (let i = 0; i < out.length; i++)
      out[i] = sa * (original[i] as number) + sb * (noise[i] as number);
    return out;
  }
}
