import { mkdirSync, writeFileSync } from "node:fs";
import { createCanvas } from "@napi-rs/canvas";
import { IDLE_MINUTES_BEFORE_ZERO, START_COOLDOWN_SECONDS, START_STEPS } from "../src/worker-stack";
import {
  arrivals,
  BURSTY_DAY,
  type Costs,
  type Policy,
  random,
  type SimulationResult,
  simulate,
} from "./scaling-sim";

/**
 * `npm run sim:scaling`: replay a bursty day against a few scaling policies and
 * print queue waits, GPU-hours and dollars per 1,000 posters; draw the chosen
 * policy's day to infra/sim/scaling-day.png.
 */
export const COSTS: Costs = {
  // Assumed, not measured here (no GPU on this machine): a 4-step distilled
  // model at 1024 px on one L4/A10G plus composition of a few formats.
  secondsPerJob: 6,
  // Instance boot + ECS registration ~90 s, image pull ~60 s, model load ~30 s.
  coldStartSeconds: 180,
  engineMissSeconds: 300,
  engineMissProbability: 0.05,
  spotInterruptionsPerHour: 0.05,
  // us-east-1 list prices of g6.xlarge (On-Demand) and a typical Spot price, USD/hour.
  onDemandPerHour: 0.8048,
  spotPerHour: 0.32,
};

const base = {
  maximum: 8,
  idleMinutes: IDLE_MINUTES_BEFORE_ZERO,
  startSteps: START_STEPS,
  startCooldownSeconds: START_COOLDOWN_SECONDS,
};
const chosen = { ...base, target: 10, minimum: 0, spotShare: 0.7, trackerScalesIn: true };
export const POLICIES: Policy[] = [
  { ...chosen, name: "target 10, min 0, 70% Spot, tracker scales in (chosen)" },
  { ...chosen, name: "same, tracker never scales in (idle only)", trackerScalesIn: false },
  { ...chosen, name: "target 5", target: 5 },
  { ...chosen, name: "target 20", target: 20 },
  { ...chosen, name: "min 1 warm (On-Demand)", minimum: 1 },
  { ...chosen, name: "On-Demand only", spotShare: 0 },
  { ...chosen, name: "100% Spot", spotShare: 1 },
  { ...chosen, name: "max 16 workers", maximum: 16 },
  { ...chosen, name: "start step cooldown 60 s", startCooldownSeconds: 60 },
];

export function runAll(seed = 17): SimulationResult[] {
  const jobs = arrivals(BURSTY_DAY, random(seed));
  return POLICIES.map((policy) => simulate(policy, COSTS, jobs, seed + 1));
}

function table(results: SimulationResult[]): string {
  const rows = results.map((r) => [
    r.policy,
    String(r.jobs),
    `${r.p50.toFixed(0)} s`,
    `${r.p95.toFixed(0)} s`,
    `${r.p99.toFixed(0)} s`,
    r.gpuHours.toFixed(1),
    `$${r.dollars.toFixed(2)}`,
    `$${r.dollarsPer1000.toFixed(2)}`,
    String(r.interrupted),
  ]);
  const head = [
    "policy",
    "jobs",
    "p50 wait",
    "p95 wait",
    "p99 wait",
    "GPU-h",
    "$/day",
    "$/1000",
    "re-run",
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function plot(result: SimulationResult, file: string): void {
  const width = 1200;
  const height = 520;
  const margin = { left: 70, right: 70, top: 50, bottom: 50 };
  const canvas = createCanvas(width, height);
  const g = canvas.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, width, height);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const minutes = 24 * 60;
  const maxDepth = Math.max(1, ...result.timeline.map((p) => p.visible));
  const maxWorkers = Math.max(1, ...result.timeline.map((p) => p.running));
  const x = (minute: number) => margin.left + (minute / minutes) * plotW;
  const yDepth = (v: number) => margin.top + plotH - (v / maxDepth) * plotH;
  const yWorkers = (v: number) => margin.top + plotH - (v / (maxWorkers + 1)) * plotH;

  g.strokeStyle = "#e5e7eb";
  g.fillStyle = "#4b5563";
  g.font = "13px sans-serif";
  for (let hour = 0; hour <= 24; hour += 3) {
    g.beginPath();
    g.moveTo(x(hour * 60), margin.top);
    g.lineTo(x(hour * 60), margin.top + plotH);
    g.stroke();
    g.fillText(`${String(hour).padStart(2, "0")}:00`, x(hour * 60) - 18, height - 22);
  }
  const series = (
    color: string,
    y: (v: number) => number,
    pick: (p: (typeof result.timeline)[0]) => number,
    fill: boolean,
  ) => {
    const points = result.timeline.filter((p) => p.minute < minutes);
    g.beginPath();
    g.moveTo(x(0), y(0));
    for (const p of points) g.lineTo(x(p.minute), y(pick(p)));
    if (fill) {
      g.lineTo(x(points.at(-1)?.minute ?? 0), y(0));
      g.closePath();
      g.fillStyle = `${color}55`;
      g.fill();
    }
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.stroke();
  };
  series("#2563eb", yDepth, (p) => p.visible, true);
  series("#dc2626", yWorkers, (p) => p.running, false);

  g.fillStyle = "#111827";
  g.font = "bold 16px sans-serif";
  g.fillText(`Simulated day — ${result.policy}`, margin.left, 28);
  g.font = "13px sans-serif";
  g.fillStyle = "#2563eb";
  g.fillText(`jobs waiting (left axis, max ${maxDepth})`, margin.left, margin.top - 6);
  g.fillStyle = "#dc2626";
  g.fillText(
    `GPU workers incl. starting (right axis, max ${maxWorkers})`,
    width - margin.right - 300,
    margin.top - 6,
  );
  g.fillStyle = "#4b5563";
  for (const v of [0, Math.round(maxDepth / 2), maxDepth]) g.fillText(String(v), 20, yDepth(v) + 4);
  for (let v = 0; v <= maxWorkers; v += Math.max(1, Math.ceil(maxWorkers / 4)))
    g.fillText(String(v), width - margin.right + 10, yWorkers(v) + 4);
  writeFileSync(file, canvas.toBuffer("image/png"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = runAll();
  console.log(
    `A bursty day (${results[0]?.jobs} jobs: a quiet night, office hours, campaign launches at 10:00 and 19:30, an agency batch of 2,000 at 15:00).`,
  );
  console.log(
    `Assumed: ${COSTS.secondsPerJob} s of GPU per job, ${COSTS.coldStartSeconds} s cold start (+${COSTS.engineMissSeconds} s on a TensorRT engine miss, p=${COSTS.engineMissProbability}), ${COSTS.spotInterruptionsPerHour} Spot interruptions per instance-hour, $${COSTS.onDemandPerHour}/h On-Demand and $${COSTS.spotPerHour}/h Spot (g6.xlarge).`,
  );
  console.log(table(results));
  const out = new URL("./scaling-day.png", import.meta.url);
  mkdirSync(new URL(".", out), { recursive: true });
  plot(results[0]!, out.pathname);
  console.log(`\nPlot of the chosen policy: ${out.pathname}`);
}
