import { describe, expect, it } from "vitest";
import {
  alphasCumprod,
  createScheduler,
  DdimScheduler,
  EulerDiscreteScheduler,
  LcmScheduler,
  TcdScheduler,
} from "../../src/diffusion/schedulers";

/*
 * Schedules diffusers' set_timesteps yields for the configs real models
 * ship. Expected figures come from re-running diffusers' numpy/torch-float32
 * code paths (np.interp over the float32 sigma table, etc.) in a numpy
 * script; the SD-Turbo sigmas [14.6146, 4.0817, 1.6129, 0.6932, 0] are the
 * ones diffusers prints for stabilityai/sd-turbo with 4 steps.
 */

// stabilityai/sd-turbo scheduler/scheduler_config.json, verbatim (unused keys included).
const SD_TURBO = {
  _class_name: "EulerDiscreteScheduler",
  _diffusers_version: "0.24.0.dev0",
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  beta_start: 0.00085,
  clip_sample: false,
  interpolation_type: "linear",
  num_train_timesteps: 1000,
  prediction_type: "epsilon",
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  timestep_spacing: "trailing",
  trained_betas: null,
  use_karras_sigmas: false,
};

const SD_BETAS = { beta_start: 0.00085, beta_end: 0.012, beta_schedule: "scaled_linear" };

function close(actual: readonly number[], expected: number[], digits = 4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, digits));
}

describe("beta schedules", () => {
  it("scaled_linear ᾱ matches diffusers' float32 cumprod at both ends", () => {
    const ac = alphasCumprod({
      num_train_timesteps: 1000,
      ...SD_BETAS,
      beta_schedule: "scaled_linear",
      rescale_betas_zero_snr: false,
    });
    expect(ac[0]).toBeCloseTo(0.9991499781608582, 9);
    expect(ac[999]).toBeCloseTo(0.004660089500248432, 7);
  });

  it("linear betas over 10 train steps give ᾱ_t = Π(1 − β_i) (DDPM eq. 4)", () => {
    const ac = alphasCumprod({
      num_train_timesteps: 10,
      beta_start: 0.0001,
      beta_end: 0.02,
      beta_schedule: "linear",
      rescale_betas_zero_snr: false,
    });
    let prod = 1;
    for (let i = 0; i < 10; i++) {
      prod *= 1 - (0.0001 + ((0.02 - 0.0001) * i) / 9);
      expect(ac[i]).toBeCloseTo(prod, 6);
    }
    expect(ac[9]).toBeCloseTo(0.9037394523620605, 6);
  });

  it("rescale_betas_zero_snr drives the last ᾱ to 0 and keeps the first", () => {
    const base = {
      num_train_timesteps: 1000,
      ...SD_BETAS,
      beta_schedule: "scaled_linear" as const,
    };
    const plain = alphasCumprod({ ...base, rescale_betas_zero_snr: false });
    const zsnr = alphasCumprod({ ...base, rescale_betas_zero_snr: true });
    expect(zsnr[999]).toBeCloseTo(0, 9);
    expect(zsnr[0]).toBeCloseTo(plain[0] as number, 6);
  });
});

describe("EulerDiscreteScheduler.setTimesteps", () => {
  it("SD-Turbo, 1 step: t = 999, σ = [14.6146, 0], init σ = σ_max (trailing)", () => {
    const s = new EulerDiscreteScheduler(SD_TURBO);
    s.setTimesteps(1);
    expect(s.timesteps).toEqual([999]);
    close(s.sigmas, [14.614655494689941, 0], 5);
    expect(s.initNoiseSigma).toBeCloseTo(14.614655494689941, 5);
  });

  it("SD-Turbo, 4 steps trailing", () => {
    const s = new EulerDiscreteScheduler(SD_TURBO);
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([999, 749, 499, 249]);
    close(
      s.sigmas,
      [14.614655494689941, 4.081732273101807, 1.612886667251587, 0.6932050585746765, 0],
      5,
    );
  });

  it("leading spacing adds steps_offset and uses √(σ_max² + 1) as init σ", () => {
    const s = new EulerDiscreteScheduler({ ...SD_TURBO, timestep_spacing: "leading" });
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([751, 501, 251, 1]);
    close(
      s.sigmas,
      [4.116699695587158, 1.6236926317214966, 0.698398232460022, 0.04131447896361351, 0],
      5,
    );
    expect(s.initNoiseSigma).toBeCloseTo(Math.sqrt(4.116699695587158 ** 2 + 1), 5);
  });

  it("linspace spacing keeps fractional-free float timesteps 999, 666, 333, 0", () => {
    const s = new EulerDiscreteScheduler({ ...SD_TURBO, timestep_spacing: "linspace" });
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([999, 666, 333, 0]);
    close(
      s.sigmas,
      [14.614655494689941, 2.9183084964752197, 0.9323581457138062, 0.029167532920837402, 0],
      5,
    );
  });

  it("Karras sigmas (ρ = 7) between the schedule's extremes, timesteps by log-σ interpolation", () => {
    const s = new EulerDiscreteScheduler({
      ...SD_TURBO,
      timestep_spacing: "linspace",
      use_karras_sigmas: true,
    });
    s.setTimesteps(4);
    close(
      s.sigmas,
      [14.614655494689941, 3.168612480163574, 0.44692105054855347, 0.029167532920837402, 0],
      4,
    );
    close(s.timesteps, [999, 687.15338134765, 145.93917846679, 0], 2);
    // Karras et al. 2022 eq. 5 directly:
    const rho = 7;
    const [mx, mn] = [14.614655494689941, 0.029167532920837402];
    for (let i = 0; i < 4; i++) {
      const expected = (mx ** (1 / rho) + (i / 3) * (mn ** (1 / rho) - mx ** (1 / rho))) ** rho;
      expect(s.sigmas[i]).toBeCloseTo(expected, 4);
    }
  });

  it("final_sigmas_type sigma_min ends at the smallest train sigma instead of 0", () => {
    const s = new EulerDiscreteScheduler({ ...SD_TURBO, final_sigmas_type: "sigma_min" });
    s.setTimesteps(2);
    expect(s.sigmas.at(-1)).toBeCloseTo(0.029167532920837402, 6);
  });

  it("continuous timesteps for v-prediction are 0.25·ln σ", () => {
    const s = new EulerDiscreteScheduler({
      ...SD_TURBO,
      prediction_type: "v_prediction",
      timestep_type: "continuous",
    });
    s.setTimesteps(1);
    expect(s.timesteps[0]).toBeCloseTo(0.25 * Math.log(14.614655494689941), 5);
  });
});

describe("DDIMScheduler.setTimesteps", () => {
  it("trailing 4 steps: 999, 749, 499, 249", () => {
    const s = new DdimScheduler({ ...SD_BETAS, timestep_spacing: "trailing", steps_offset: 1 });
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([999, 749, 499, 249]);
    s.setTimesteps(1);
    expect(s.timesteps).toEqual([999]);
  });

  it("leading 50 steps with steps_offset 1 (SD 1.5/2.1 default): 981 … 1", () => {
    const s = new DdimScheduler({ ...SD_BETAS, steps_offset: 1 });
    s.setTimesteps(50);
    expect(s.timesteps.length).toBe(50);
    expect(s.timesteps.slice(0, 3)).toEqual([981, 961, 941]);
    expect(s.timesteps.at(-1)).toBe(1);
  });

  it("linspace rounds np.linspace(0, N−1, n): 10 train steps, 4 inference → 9, 6, 3, 0", () => {
    const s = new DdimScheduler({ num_train_timesteps: 10, timestep_spacing: "linspace" });
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([9, 6, 3, 0]);
  });

  it("trailing with 10 train steps and 3 inference steps: round(10, 6.67, 3.33) − 1", () => {
    const s = new DdimScheduler({ num_train_timesteps: 10, timestep_spacing: "trailing" });
    s.setTimesteps(3);
    expect(s.timesteps).toEqual([9, 6, 2]);
  });
});

describe("LCM / TCD distillation schedules", () => {
  it("LCM 4 steps from original_inference_steps = 50: 999, 759, 499, 259", () => {
    const s = new LcmScheduler(SD_BETAS);
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([999, 759, 499, 259]);
  });

  it("LCM 8, 2 and 1 steps pick floor(linspace(0, 50, n, endpoint=False)) of the k = 20 grid", () => {
    const s = new LcmScheduler(SD_BETAS);
    s.setTimesteps(8);
    expect(s.timesteps).toEqual([999, 879, 759, 639, 499, 379, 259, 139]);
    s.setTimesteps(2);
    expect(s.timesteps).toEqual([999, 499]);
    s.setTimesteps(1);
    expect(s.timesteps).toEqual([999]);
  });

  it("TCD shares the schedule; more steps than original_inference_steps is an error", () => {
    const s = new TcdScheduler({ ...SD_BETAS, original_inference_steps: 4 });
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([999, 749, 499, 249]);
    expect(() => s.setTimesteps(5)).toThrow(/original_inference_steps/);
  });
});

describe("createScheduler", () => {
  it("builds the class named in _class_name and ignores unknown keys", () => {
    const s = createScheduler({ ...SD_TURBO, some_future_key: [1, 2, 3] });
    expect(s).toBeInstanceOf(EulerDiscreteScheduler);
    expect(createScheduler({ _class_name: "LCMScheduler" })).toBeInstanceOf(LcmScheduler);
    expect(createScheduler({ _class_name: "TCDScheduler" })).toBeInstanceOf(TcdScheduler);
    expect(createScheduler({ _class_name: "DDIMScheduler" })).toBeInstanceOf(DdimScheduler);
  });

  it("rejects unsupported classes and invalid values with the key at fault", () => {
    expect(() => createScheduler({ _class_name: "PNDMScheduler" })).toThrow(
      /unsupported scheduler PNDMScheduler/,
    );
    expect(() => createScheduler({})).toThrow(/_class_name/);
    expect(() =>
      createScheduler({ _class_name: "DDIMScheduler", prediction_type: "noise" }),
    ).toThrow(/prediction_type/);
    expect(() => new EulerDiscreteScheduler({ use_exponential_sigmas: true })).toThrow(
      /exponential/,
    );
  });

  it("rejects a step count beyond the train timesteps", () => {
    const s = new DdimScheduler({ num_train_timesteps: 10 });
    expect(() => s.setTimesteps(11)).toThrow(/cannot exceed/);
    expect(() => s.setTimesteps(0)).toThrow(/positive integer/);
  });
});
