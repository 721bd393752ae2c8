import { describe, expect, it } from "vitest";
import {
  createScheduler,
  FlowMatchEulerDiscreteScheduler,
  flowShiftMu,
} from "../../src/diffusion/schedulers";

/*
 * Expected schedules come from re-running diffusers'
 * FlowMatchEulerDiscreteScheduler code path (constructor training sigmas in
 * float32, np.linspace grid in float64, shift, float32 cast, σ·1000) in a
 * numpy script, and from the formulas by hand where noted. diffusers' own
 * scheduler tests check index lookup and scale_noise against a formula, not
 * figures, so the same properties are tested here with explicit values.
 */

// black-forest-labs/FLUX.1-schnell scheduler/scheduler_config.json
const SCHNELL = {
  _class_name: "FlowMatchEulerDiscreteScheduler",
  _diffusers_version: "0.30.0.dev0",
  base_image_seq_len: 256,
  base_shift: 0.5,
  max_image_seq_len: 4096,
  max_shift: 1.15,
  num_train_timesteps: 1000,
  shift: 1.0,
  use_dynamic_shifting: false,
};
// black-forest-labs/FLUX.1-dev: resolution-dependent shift
const DEV = { ...SCHNELL, shift: 3.0, use_dynamic_shifting: true };
// stabilityai/stable-diffusion-3.5-large-turbo and -medium: static shift 3
const SD35 = {
  _class_name: "FlowMatchEulerDiscreteScheduler",
  _diffusers_version: "0.31.0.dev0",
  num_train_timesteps: 1000,
  shift: 3.0,
};

const fluxGrid = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => (n === 1 ? 1 : 1 + ((1 / n - 1) * i) / (n - 1)));

function close(actual: readonly number[], expected: number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, digits));
}

describe("FlowMatchEulerDiscreteScheduler schedules", () => {
  it("FLUX.1-schnell, 4 steps, Flux's σ grid with shift 1: σ = [1, .75, .5, .25, 0]", () => {
    const s = createScheduler(SCHNELL) as FlowMatchEulerDiscreteScheduler;
    expect(s.className).toBe("FlowMatchEulerDiscreteScheduler");
    s.setSchedule(4, { sigmas: fluxGrid(4), mu: flowShiftMu(4096, s.config) });
    expect(s.sigmas).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(s.timesteps).toEqual([1000, 750, 500, 250]);
    expect(s.initNoiseSigma).toBe(1);
  });

  it("SD3.5 default grid with shift 3 (σ_min shifted in the constructor, then again)", () => {
    const s = new FlowMatchEulerDiscreteScheduler(SD35);
    s.setTimesteps(4);
    close(s.sigmas, [1.0, 0.857692301273346, 0.602150559425354, 0.008928571827709675, 0]);
    close(s.timesteps, [1000.0, 857.6923217773438, 602.1505737304688, 8.928571701049805], 3);
    s.setTimesteps(28);
    close(s.timesteps.slice(0, 5), [1000.0, 987.3806, 974.1077, 960.1293, 945.3875], 3);
  });

  it("static shift matches σ' = sσ / (1 + (s − 1)σ) at every point", () => {
    const s = new FlowMatchEulerDiscreteScheduler({ shift: 2.5 });
    s.setSchedule(undefined, { sigmas: [0.9, 0.6, 0.3] });
    close(
      s.sigmas.slice(0, 3),
      [0.9, 0.6, 0.3].map((x) => (2.5 * x) / (1 + 1.5 * x)),
      6,
    );
  });

  it("μ is linear in the image sequence length (calculate_shift)", () => {
    const c = new FlowMatchEulerDiscreteScheduler(DEV).config;
    expect(flowShiftMu(256, c)).toBeCloseTo(0.5, 12);
    expect(flowShiftMu(4096, c)).toBeCloseTo(1.15, 12);
    expect(flowShiftMu(1024, c)).toBeCloseTo(0.63, 12);
  });

  it("FLUX.1-dev exponential time shift at 1024² (μ = 1.15) and 512² (μ = 0.63)", () => {
    const s = new FlowMatchEulerDiscreteScheduler(DEV);
    s.setSchedule(4, { sigmas: fluxGrid(4), mu: flowShiftMu(4096, s.config) });
    close(s.sigmas, [1.0, 0.9045307636260986, 0.7595109343528748, 0.5128441452980042, 0]);
    // by hand: e^1.15 / (e^1.15 + 1/0.75 − 1)
    expect(s.sigmas[1]).toBeCloseTo(Math.exp(1.15) / (Math.exp(1.15) + 1 / 0.75 - 1), 6);
    s.setSchedule(4, { sigmas: fluxGrid(4), mu: flowShiftMu(1024, s.config) });
    close(s.sigmas, [1.0, 0.8492348194122314, 0.652489423751831, 0.38494473695755005, 0]);
  });

  it("linear time shift and the dynamic default grid", () => {
    const lin = new FlowMatchEulerDiscreteScheduler({ ...DEV, time_shift_type: "linear" });
    lin.setSchedule(4, { sigmas: fluxGrid(4), mu: 0.63 });
    close(lin.sigmas, [1.0, 0.6539791822433472, 0.38650307059288025, 0.1735537052154541, 0]);
    const dyn = new FlowMatchEulerDiscreteScheduler(DEV);
    dyn.setSchedule(4, { mu: 0.8 });
    close(dyn.sigmas, [1.0, 0.816774845123291, 0.5274352431297302, 0.002222816925495863, 0]);
    expect(() => dyn.setTimesteps(4)).toThrow(/needs mu/);
  });

  it("shift_terminal stretches the last σ to the terminal value, and is skipped for one step", () => {
    const s = new FlowMatchEulerDiscreteScheduler({ ...SD35, shift_terminal: 0.1 });
    s.setTimesteps(4);
    close(s.sigmas, [1.0, 0.870769202709198, 0.6387096643447876, 0.1, 0]);
    s.setTimesteps(1);
    expect(s.sigmas).toEqual([1, 0]);
    expect(s.timesteps).toEqual([1000]);
  });

  it("invert_sigmas runs σ upwards and ends at 1", () => {
    const s = new FlowMatchEulerDiscreteScheduler({ invert_sigmas: true });
    s.setTimesteps(4);
    close(s.sigmas, [0, 0.333, 0.666, 0.999, 1]);
    close(s.timesteps, [0, 333, 666, 999], 3);
  });

  it("refuses sigma conversions it does not implement, and a grid of the wrong length", () => {
    expect(() => new FlowMatchEulerDiscreteScheduler({ use_karras_sigmas: true })).toThrow(
      /Karras/,
    );
    const s = new FlowMatchEulerDiscreteScheduler(SCHNELL);
    expect(() => s.setSchedule(3, { sigmas: [1, 0.5] })).toThrow(/2 values, steps is 3/);
  });
});

describe("FlowMatchEulerDiscreteScheduler step and noise", () => {
  it("step is x + (σ_next − σ)·v, and x₀ = x − σ·v", () => {
    const s = new FlowMatchEulerDiscreteScheduler(SCHNELL);
    s.setSchedule(4, { sigmas: fluxGrid(4) });
    const x = Float32Array.from([1, -2, 0.5]);
    const v = Float32Array.from([0.4, 0.2, -1]);
    const out = s.step(v, 1000, x);
    close([...out.prevSample], [1 - 0.25 * 0.4, -2 - 0.25 * 0.2, 0.5 + 0.25], 6);
    close([...out.predOriginalSample], [1 - 0.4, -2 - 0.2, 0.5 + 1], 6);
    // the next call continues from the step index, not the timestep lookup
    const out2 = s.step(v, 750, out.prevSample);
    expect(out2.prevSample[0]).toBeCloseTo((out.prevSample[0] as number) - 0.25 * 0.4, 6);
  });

  it("a constant exact velocity carries noise to x₀ in any number of steps", () => {
    // x(σ) = (1 − σ)x₀ + σε ⇒ dx/dσ = ε − x₀: Euler is exact on straight paths.
    const x0 = Float32Array.from([0.3, -0.7, 1.2, 0]);
    const eps = Float32Array.from([-1.1, 0.4, 0.9, 2]);
    const v = x0.map((a, i) => (eps[i] as number) - a);
    for (const steps of [1, 4, 28]) {
      const s = new FlowMatchEulerDiscreteScheduler(SD35);
      s.setTimesteps(steps);
      let x: Float32Array = Float32Array.from(eps);
      for (const t of s.timesteps) x = s.step(v, t, x).prevSample;
      close([...x], [...x0], 5);
    }
  });

  it("scale_noise is σ·noise + (1 − σ)·x at the begin index (img2img) or the timestep's index", () => {
    const s = new FlowMatchEulerDiscreteScheduler(SCHNELL);
    s.setSchedule(4, { sigmas: fluxGrid(4) });
    const x = Float32Array.from([1, 2]);
    const n = Float32Array.from([-1, 0.5]);
    close([...s.scaleNoise(x, n, 500)], [0.5 * -1 + 0.5 * 1, 0.5 * 0.5 + 0.5 * 2], 6);
    s.setBeginIndex(1);
    close([...s.scaleNoise(x, n, 500)], [0.75 * -1 + 0.25 * 1, 0.75 * 0.5 + 0.25 * 2], 6);
    // step starts from the begin index too
    const out = s.step(Float32Array.from([1, 1]), 750, x);
    close([...out.prevSample], [0.75, 1.75], 6);
  });

  it("stochastic_sampling re-noises x₀ to σ_next with the caller's noise", () => {
    const s = new FlowMatchEulerDiscreteScheduler({ ...SCHNELL, stochastic_sampling: true });
    s.setSchedule(4, { sigmas: fluxGrid(4) });
    const x = Float32Array.from([1]);
    const v = Float32Array.from([0.5]);
    expect(() => s.step(v, 1000, x)).toThrow(/noise source/);
    const out = s.step(v, 1000, x, { noise: () => Float32Array.from([2]) });
    expect(out.prevSample[0]).toBeCloseTo(0.25 * 0.5 + 0.75 * 2, 6);
  });
});
