import { describe, expect, it } from "vitest";
import {
  alphasCumprod,
  createScheduler,
  DdimScheduler,
  EulerAncestralDiscreteScheduler,
  EulerDiscreteScheduler,
  LcmScheduler,
  TcdScheduler,
  type PredictionType,
} from "../../src/diffusion/schedulers";

/*
 * One step of each scheduler against the papers' formulas, written here
 * independently of the implementation. The model stands in as a lambda that
 * returns the *true* ε / v / x0 of a sample built from known (x0, ε), so
 * each formula has a closed-form expected result.
 */

const X0 = Float32Array.from([0.5, -1.25, 0.75, 2, -0.3, 0]);
const EPS = Float32Array.from([1.1, -0.4, 0.05, -2.2, 0.9, 1.6]);
const Z = Float32Array.from([-0.7, 0.2, 1.3, 0.4, -1.9, 0.6]);
const zeros = (n: number): Float32Array => new Float32Array(n);
const map = (f: (i: number) => number): Float32Array => Float32Array.from(X0, (_, i) => f(i));
const x0 = (i: number): number => X0[i] as number;
const eps = (i: number): number => EPS[i] as number;
const z = (i: number): number => Z[i] as number;

function expectClose(actual: Float32Array, expected: Float32Array, digits = 4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, digits));
}

/** What a perfect model outputs for x_t = a·x0 + b·ε in VP form (a² + b² = 1). */
function vpOutput(type: PredictionType, a: number, b: number): Float32Array {
  if (type === "epsilon") return EPS;
  if (type === "sample") return X0;
  return map((i) => a * eps(i) - b * x0(i)); // v = α ε − σ x0 (Salimans & Ho 2022)
}

const SMALL = {
  num_train_timesteps: 10,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: "linear",
} as const;
const ac10 = alphasCumprod({ ...SMALL, rescale_betas_zero_snr: false });
const acAt = (t: number): number => (t < 0 ? 1 : (ac10[t] as number));

describe("Euler (Karras et al. 2022, Algorithm 2 with s_churn = 0)", () => {
  const config = {
    num_train_timesteps: 1000,
    beta_start: 0.00085,
    beta_end: 0.012,
    beta_schedule: "scaled_linear",
    timestep_spacing: "trailing",
  };

  it("epsilon: x_{i+1} = x_i + ε·(σ_{i+1} − σ_i) lands on x0 + σ_{i+1}·ε", () => {
    const s = new EulerDiscreteScheduler(config);
    s.setTimesteps(4);
    const [s0, s1] = [s.sigmas[0] as number, s.sigmas[1] as number];
    const x = map((i) => x0(i) + s0 * eps(i));
    const out = s.step(EPS, s.timesteps[0] as number, x);
    expectClose(
      out.prevSample,
      map((i) => x0(i) + s1 * eps(i)),
    );
    expectClose(out.predOriginalSample, X0);
  });

  it("v-prediction on the scaled input recovers x0, and the last step (σ = 0) returns it", () => {
    const s = new EulerDiscreteScheduler({ ...config, prediction_type: "v_prediction" });
    s.setTimesteps(1);
    const sigma = s.sigmas[0] as number;
    const x = map((i) => x0(i) + sigma * eps(i));
    // The UNet sees x/√(σ²+1) = α x0 + β ε with α = 1/√(σ²+1), β = σ/√(σ²+1).
    const alpha = 1 / Math.sqrt(sigma * sigma + 1);
    const v = vpOutput("v_prediction", alpha, sigma * alpha);
    const out = s.step(v, s.timesteps[0] as number, x);
    expectClose(out.predOriginalSample, X0, 3);
    expectClose(out.prevSample, X0, 3);
  });

  it("scale_model_input divides by √(σ² + 1); add_noise is x0 + σ·noise", () => {
    const s = new EulerDiscreteScheduler(config);
    s.setTimesteps(4);
    const t = s.timesteps[1] as number;
    const sigma = s.sigmas[1] as number;
    expectClose(
      s.addNoise(X0, EPS, t),
      map((i) => x0(i) + sigma * eps(i)),
    );
    const fresh = new EulerDiscreteScheduler(config);
    fresh.setTimesteps(4);
    const scaled = fresh.scaleModelInput(X0, fresh.timesteps[0] as number);
    const s0 = fresh.sigmas[0] as number;
    expectClose(
      scaled,
      map((i) => x0(i) / Math.sqrt(s0 * s0 + 1)),
      6,
    );
  });

  it("s_churn > 0 adds √(σ̂² − σ²)·z before the step and needs a noise source", () => {
    const s = new EulerDiscreteScheduler(config);
    s.setTimesteps(4);
    const t = s.timesteps[0] as number;
    expect(() => s.step(EPS, t, X0, { sChurn: 1 })).toThrow(/noise source/);
    const r = new EulerDiscreteScheduler(config);
    r.setTimesteps(4);
    const gamma = Math.min(1 / 4, Math.SQRT2 - 1);
    const sigma = r.sigmas[0] as number;
    const hat = sigma * (1 + gamma);
    const xHat = map((i) => x0(i) + z(i) * Math.sqrt(hat * hat - sigma * sigma));
    const out = r.step(EPS, t, X0, { sChurn: 1, noise: () => Z });
    expectClose(
      out.prevSample,
      map((i) => (xHat[i] as number) + eps(i) * ((r.sigmas[1] as number) - hat)),
      3,
    );
  });
});

describe("Euler ancestral (k-diffusion sample_euler_ancestral)", () => {
  // stabilityai/sdxl-turbo's scheduler_config.json
  const sdxlTurbo = {
    _class_name: "EulerAncestralDiscreteScheduler",
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
  };

  it("x0 + σ·ε steps to x0 + σ_down·ε + σ_up·z, σ_up = √(σ'²(σ² − σ'²)/σ²), σ_down = √(σ'² − σ_up²)", () => {
    const s = createScheduler(sdxlTurbo) as EulerAncestralDiscreteScheduler;
    expect(s).toBeInstanceOf(EulerAncestralDiscreteScheduler);
    s.setTimesteps(4);
    expect(s.timesteps).toEqual([999, 749, 499, 249]);
    const [sigma, next] = [s.sigmas[0] as number, s.sigmas[1] as number];
    const up = Math.sqrt((next ** 2 * (sigma ** 2 - next ** 2)) / sigma ** 2);
    const down = Math.sqrt(next ** 2 - up ** 2);
    const x = map((i) => x0(i) + sigma * eps(i));
    const out = s.step(EPS, 999, x, { noise: () => Z });
    expectClose(
      out.prevSample,
      map((i) => x0(i) + down * eps(i) + up * z(i)),
      3,
    );
    expect(() => s.step(EPS, 749, out.prevSample)).toThrow(/noise source/);
  });

  it("one step (σ' = 0) is deterministic and returns x0, though diffusers still draws the noise", () => {
    const s = new EulerAncestralDiscreteScheduler(sdxlTurbo);
    s.setTimesteps(1);
    const sigma = s.sigmas[0] as number;
    let draws = 0;
    const out = s.step(
      EPS,
      999,
      map((i) => x0(i) + sigma * eps(i)),
      {
        noise: (n) => {
          draws++;
          return zeros(n).fill(5);
        },
      },
    );
    expect(draws).toBe(1);
    expectClose(out.prevSample, X0, 3);
    expect(() => new EulerAncestralDiscreteScheduler({ prediction_type: "sample" })).toThrow(
      /sample/,
    );
  });
});

describe("DDIM (Song et al. 2021, eq. 12) on a 10-step linear schedule", () => {
  for (const type of ["epsilon", "v_prediction", "sample"] as const) {
    it(`${type}, η = 0: x_{t−1} = √ᾱ_prev·x0 + √(1 − ᾱ_prev)·ε`, () => {
      const s = new DdimScheduler({ ...SMALL, prediction_type: type, clip_sample: false });
      s.setTimesteps(5); // leading: 8, 6, 4, 2, 0
      expect(s.timesteps).toEqual([8, 6, 4, 2, 0]);
      const [at, ap] = [acAt(8), acAt(6)];
      const x = map((i) => Math.sqrt(at) * x0(i) + Math.sqrt(1 - at) * eps(i));
      const out = s.step(vpOutput(type, Math.sqrt(at), Math.sqrt(1 - at)), 8, x);
      expectClose(out.predOriginalSample, X0, 3);
      expectClose(
        out.prevSample,
        map((i) => Math.sqrt(ap) * x0(i) + Math.sqrt(1 - ap) * eps(i)),
        3,
      );
    });
  }

  it("η = 1 adds σ_t·z with σ_t = η·√((1 − ᾱ_prev)/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_prev)", () => {
    const s = new DdimScheduler({ ...SMALL, clip_sample: false });
    s.setTimesteps(5);
    const [at, ap] = [acAt(4), acAt(2)];
    const sigma = Math.sqrt((1 - ap) / (1 - at)) * Math.sqrt(1 - at / ap);
    const x = map((i) => Math.sqrt(at) * x0(i) + Math.sqrt(1 - at) * eps(i));
    const out = s.step(EPS, 4, x, { eta: 1, noise: () => Z });
    const expected = map(
      (i) => Math.sqrt(ap) * x0(i) + Math.sqrt(1 - ap - sigma * sigma) * eps(i) + sigma * z(i),
    );
    expectClose(out.prevSample, expected, 3);
  });

  it("the last step uses ᾱ = 1 with set_alpha_to_one, ᾱ_0 without; clip_sample clamps x0", () => {
    const one = new DdimScheduler({ ...SMALL, clip_sample: false });
    one.setTimesteps(5);
    const x = map((i) => Math.sqrt(acAt(0)) * x0(i) + Math.sqrt(1 - acAt(0)) * eps(i));
    expectClose(one.step(EPS, 0, x).prevSample, X0, 3);
    const notOne = new DdimScheduler({ ...SMALL, clip_sample: false, set_alpha_to_one: false });
    notOne.setTimesteps(5);
    const a0 = acAt(0);
    expectClose(
      notOne.step(EPS, 0, x).prevSample,
      map((i) => Math.sqrt(a0) * x0(i) + Math.sqrt(1 - a0) * eps(i)),
      3,
    );
    const clipped = new DdimScheduler({ ...SMALL, clip_sample: true });
    clipped.setTimesteps(5);
    const big = clipped.step(zeros(6), 8, Float32Array.from([10, -10, 0.5, 0, 0, 0]));
    expect(Array.from(big.predOriginalSample.slice(0, 3))).toEqual([
      1,
      -1,
      expect.closeTo(0.5 / Math.sqrt(acAt(8)), 4),
    ]);
  });

  it("variance matches diffusers' test_get_variance figures (default linear betas, 1000 steps)", () => {
    const s = new DdimScheduler({});
    // diffusers asserts |Δ| < 1e-5 against these rounded figures
    expect(Math.abs(s.variance(0, 0) - 0)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(420, 400) - 0.14771)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(980, 960) - 0.3246)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(487, 486) - 0.00979)).toBeLessThan(1e-5);
    expect(Math.abs(s.variance(999, 998) - 0.02)).toBeLessThan(1e-5);
  });

  it("steps_offset 1 with 5 leading steps gives 801, 601, 401, 201, 1 (diffusers' test_steps_offset)", () => {
    const s = new DdimScheduler({ steps_offset: 1 });
    s.setTimesteps(5);
    expect(s.timesteps).toEqual([801, 601, 401, 201, 1]);
  });

  it("add_noise is √ᾱ_t·x0 + √(1 − ᾱ_t)·ε (DDPM eq. 4)", () => {
    const s = new DdimScheduler(SMALL);
    const a = acAt(7);
    expectClose(
      s.addNoise(X0, EPS, 7),
      map((i) => Math.sqrt(a) * x0(i) + Math.sqrt(1 - a) * eps(i)),
      5,
    );
  });
});

describe("LCM (Luo et al. 2023): boundary condition and multistep re-noising", () => {
  const config = {
    num_train_timesteps: 1000,
    beta_start: 0.00085,
    beta_end: 0.012,
    beta_schedule: "scaled_linear",
  };

  it("c_skip = σ_d²/((10t)² + σ_d²), c_out = 10t/√((10t)² + σ_d²) with σ_d = 0.5", () => {
    const s = new LcmScheduler(config);
    const at999 = s.boundaryScalings(999);
    expect(at999.cSkip).toBeCloseTo(2.5050075037374525e-9, 15);
    expect(at999.cOut).toBeCloseTo(0.9999999987474963, 12);
    const at19 = s.boundaryScalings(19);
    expect(at19.cSkip).toBeCloseTo(6.92515979806234e-6, 12);
    expect(at19.cOut).toBeCloseTo(0.9999965374141062, 12);
    const unscaled = new LcmScheduler({ ...config, timestep_scaling: 1 }).boundaryScalings(1);
    expect(unscaled.cSkip).toBeCloseTo(0.25 / 1.25, 12);
  });

  it("non-final steps re-noise the denoised sample to t_prev; the final step returns it", () => {
    const s = new LcmScheduler({ ...config, timestep_scaling: 0.001 }); // makes c_skip visible
    s.setTimesteps(2); // 999, 499
    const ac = alphasCumprod({
      num_train_timesteps: 1000,
      beta_start: 0.00085,
      beta_end: 0.012,
      beta_schedule: "scaled_linear",
      rescale_betas_zero_snr: false,
    });
    const a = ac[999] as number;
    const x = map((i) => Math.sqrt(a) * x0(i) + Math.sqrt(1 - a) * eps(i));
    const { cSkip, cOut } = s.boundaryScalings(999);
    const denoised = map((i) => cOut * x0(i) + cSkip * (x[i] as number));
    expect(() => new LcmScheduler(config).step(EPS, 999, x)).toThrow(/call setTimesteps/);
    const first = s.step(EPS, 999, x, { noise: () => Z });
    expectClose(first.predOriginalSample, denoised, 3);
    const ap = ac[499] as number;
    expectClose(
      first.prevSample,
      map((i) => Math.sqrt(ap) * (denoised[i] as number) + Math.sqrt(1 - ap) * z(i)),
      3,
    );
    const last = s.step(EPS, 499, first.prevSample, {
      noise: () => {
        throw new Error("no noise on the last step");
      },
    });
    const b = s.boundaryScalings(499);
    const x0Last = map(
      (i) => ((first.prevSample[i] as number) - Math.sqrt(1 - ap) * eps(i)) / Math.sqrt(ap),
    );
    expectClose(
      last.prevSample,
      map((i) => b.cOut * (x0Last[i] as number) + b.cSkip * (first.prevSample[i] as number)),
      3,
    );
  });
});

describe("TCD (Zheng et al. 2024): strategic stochastic sampling with γ", () => {
  const config = {
    num_train_timesteps: 1000,
    beta_start: 0.00085,
    beta_end: 0.012,
    beta_schedule: "scaled_linear",
  };
  const ac = alphasCumprod({
    ...config,
    beta_schedule: "scaled_linear",
    rescale_betas_zero_snr: false,
  });
  const a = (t: number): number => ac[t] as number;
  const xAt = (t: number): Float32Array =>
    map((i) => Math.sqrt(a(t)) * x0(i) + Math.sqrt(1 - a(t)) * eps(i));

  it("γ = 0 is deterministic DDIM to t_prev", () => {
    const s = new TcdScheduler(config);
    s.setTimesteps(4); // 999, 759, 499, 259
    const out = s.step(EPS, 999, xAt(999), { eta: 0 });
    expectClose(out.prevSample, xAt(759), 3);
  });

  it("γ = 0.3 jumps to s = ⌊0.7·t_prev⌋ then re-noises: √(ᾱ_prev/ᾱ_s)·x_s + √(1 − ᾱ_prev/ᾱ_s)·z", () => {
    const s = new TcdScheduler(config);
    s.setTimesteps(4);
    const ts = Math.floor(0.7 * 759);
    expect(ts).toBe(531);
    const xs = xAt(ts);
    const r = a(759) / a(ts);
    const out = s.step(EPS, 999, xAt(999), { eta: 0.3, noise: () => Z });
    expectClose(
      out.prevSample,
      map((i) => Math.sqrt(r) * (xs[i] as number) + Math.sqrt(1 - r) * z(i)),
      3,
    );
    expectClose(out.predOriginalSample, X0, 2);
  });

  it("the last step lands on s = ⌊(1−γ)·0⌋ = 0 without noise; γ outside [0, 1] is rejected", () => {
    const s = new TcdScheduler({ ...config, original_inference_steps: 1 });
    s.setTimesteps(1);
    const out = s.step(EPS, 999, xAt(999), {
      noise: () => {
        throw new Error("no noise on the last step");
      },
    });
    expectClose(out.prevSample, xAt(0), 3);
    const bad = new TcdScheduler(config);
    bad.setTimesteps(4);
    expect(() => bad.step(EPS, 999, X0, { eta: 1.5 })).toThrow(/gamma/);
  });
});
