import { at } from "./common";
import { EulerDiscreteScheduler } from "./euler-discrete";
import type { SchedulerOutput, SchedulerStepOptions } from "./types";

/**
 * Ancestral Euler (k-diffusion's sample_euler_ancestral; SDXL-Turbo ships
 * it): step deterministically down to σ_down, then add fresh noise σ_up with
 *   σ_up = √(σ_next²·(σ² − σ_next²)/σ²),  σ_down = √(σ_next² − σ_up²).
 * Schedules and input scaling are Euler's.
 */
export class EulerAncestralDiscreteScheduler extends EulerDiscreteScheduler {
  override readonly className: string = "EulerAncestralDiscreteScheduler";

  constructor(config: Record<string, unknown> = {}) {
    // The ancestral scheduler has no Karras/final-sigma options; Euler's defaults equal its behaviour.
    super({
      ...config,
      use_karras_sigmas: false,
      final_sigmas_type: "zero",
      interpolation_type: "linear",
    });
    if (this.config.prediction_type === "sample") {
      throw new Error(
        "EulerAncestralDiscreteScheduler: prediction_type sample is not supported (as in diffusers)",
      );
    }
  }

  override step(
    modelOutput: Float32Array,
    timestep: number,
    sample: Float32Array,
    options: SchedulerStepOptions = {},
  ): SchedulerOutput {
    const index = this.currentIndex(timestep);
    const n = sample.length;
    if (modelOutput.length !== n) {
      throw new Error(`model output has ${modelOutput.length} values, sample has ${n}`);
    }
    const sigma = at(this.sigmas, index, "sigmas");
    const next = at(this.sigmas, index + 1, "sigmas");
    const up = Math.sqrt((next * next * (sigma * sigma - next * next)) / (sigma * sigma));
    const down = Math.sqrt(next * next - up * up);
    if (!options.noise) throw new Error("EulerAncestralDiscreteScheduler needs a noise source");
    // diffusers draws noise on every step, the last (σ_up = 0) included.
    const z = options.noise(n);
    const vIn = -sigma / Math.sqrt(sigma * sigma + 1);
    const vSample = 1 / (sigma * sigma + 1);
    const x0 = new Float32Array(n);
    const prev = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const m = modelOutput[i] as number;
      const s = sample[i] as number;
      const p = this.config.prediction_type === "epsilon" ? s - sigma * m : m * vIn + s * vSample;
      x0[i] = p;
      prev[i] = s + ((s - p) / sigma) * (down - sigma) + (z[i] as number) * up;
    }
    this.stepIndex = index + 1;
    return { prevSample: prev, predOriginalSample: x0 };
  }
}
