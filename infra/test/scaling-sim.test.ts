import { describe, expect, it } from "vitest";
import { arrivals, type DayShape, type Policy, random, simulate } from "../sim/scaling-sim";
import { COSTS, POLICIES, runAll } from "../sim/run";

const quiet: DayShape = { hourly: Array(24).fill(0), bursts: [] };
const policy: Policy = POLICIES[0]!;

describe("scaling simulation", () => {
  it("is deterministic for a seed", () => {
    const a = arrivals({ ...quiet, hourly: Array(24).fill(30) }, random(1));
    const b = arrivals({ ...quiet, hourly: Array(24).fill(30) }, random(1));
    expect(a).toEqual(b);
    expect(simulate(policy, COSTS, a, 2).p95).toBe(simulate(policy, COSTS, b, 2).p95);
  });

  it("costs nothing on a day without jobs (scale to zero)", () => {
    const result = simulate(policy, COSTS, [], 1);
    expect(result.gpuHours).toBe(0);
    expect(result.dollars).toBe(0);
  });

  it("wakes from zero for one job: it waits about one cold start, then the workers go back to zero", () => {
    const result = simulate(
      policy,
      { ...COSTS, engineMissProbability: 0, spotInterruptionsPerHour: 0 },
      [{ at: 3600 }],
      1,
    );
    expect(result.waits).toHaveLength(1);
    // A minute of CloudWatch metrics, then the cold start.
    expect(result.waits[0]).toBeGreaterThanOrEqual(COSTS.coldStartSeconds);
    expect(result.waits[0]).toBeLessThanOrEqual(COSTS.coldStartSeconds + 120);
    expect(result.timeline.at(-1)?.running).toBe(0);
  });

  it("drains a batch of 2,000 at about max workers × 1 / seconds per job", () => {
    const jobs = Array.from({ length: 2000 }, (_, i) => ({ at: 3600 + i * 0.01 }));
    const result = simulate(
      policy,
      { ...COSTS, spotInterruptionsPerHour: 0, engineMissProbability: 0 },
      jobs,
      1,
    );
    expect(result.waits).toHaveLength(2000);
    const ideal = (2000 * COSTS.secondsPerJob) / policy.maximum;
    expect(result.p99).toBeGreaterThan(ideal * 0.9);
    expect(result.p99).toBeLessThan(ideal + 900);
  });

  it("re-runs the jobs Spot interruptions took, and still finishes every job", () => {
    const jobs = Array.from({ length: 500 }, (_, i) => ({ at: 3600 + i }));
    const result = simulate(
      { ...policy, spotShare: 1 },
      { ...COSTS, spotInterruptionsPerHour: 30 },
      jobs,
      3,
    );
    expect(result.interrupted).toBeGreaterThan(0);
    expect(result.waits).toHaveLength(500 + result.interrupted);
  });

  it("ranks the policies the README states: Spot is cheaper, more workers shorten the batch", () => {
    const results = Object.fromEntries(runAll().map((r) => [r.policy, r]));
    const chosen = results[POLICIES[0]!.name]!;
    expect(results["On-Demand only"]!.dollars).toBeGreaterThan(chosen.dollars);
    expect(results["100% Spot"]!.dollars).toBeLessThan(chosen.dollars);
    expect(results["max 16 workers"]!.p95).toBeLessThan(chosen.p95);
    expect(results["same, tracker never scales in (idle only)"]!.gpuHours).toBeGreaterThan(
      chosen.gpuHours * 2,
    );
  });
});
