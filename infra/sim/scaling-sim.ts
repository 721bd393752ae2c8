/**
 * A one-second-step simulation of the workers' scaling policies (the three in
 * worker-stack.ts) against a day of arrivals: CloudWatch's one-minute metrics,
 * cold starts, one job per GPU worker, Spot interruptions that put the job in
 * flight back in the queue. Pure: a seeded random source, no I/O.
 */

export interface Policy {
  name: string;
  /** Backlog per running task the tracker aims at. */
  target: number;
  /** Tasks kept running at all times (On-Demand). */
  minimum: number;
  maximum: number;
  /** Share of instances above the minimum that are Spot (0–1). */
  spotShare: number;
  /** Idle minutes before scaling to the minimum. */
  idleMinutes: number;
  /** Whether the tracker also scales in (idle workers only: busy ones are protected). */
  trackerScalesIn: boolean;
  startSteps: readonly { lower: number; change: number }[];
  /** Seconds before the start-from-zero policy may add again (tasks still starting are not RUNNING). */
  startCooldownSeconds: number;
}

export interface Costs {
  /** Seconds of GPU work per job. */
  secondsPerJob: number;
  /** Instance boot + ECS registration, image pull, model load (seconds). */
  coldStartSeconds: number;
  /** Extra seconds when the TensorRT engine cache misses (first start of a new engine). */
  engineMissSeconds: number;
  engineMissProbability: number;
  /** Spot interruptions per instance-hour. */
  spotInterruptionsPerHour: number;
  onDemandPerHour: number;
  spotPerHour: number;
}

export interface Arrival {
  at: number;
}

interface Worker {
  spot: boolean;
  readyAt: number;
  busyUntil: number;
  job: Arrival | undefined;
  startedAt: number;
}

export interface SimulationResult {
  policy: string;
  jobs: number;
  waits: number[];
  p50: number;
  p95: number;
  p99: number;
  gpuHours: number;
  dollars: number;
  dollarsPer1000: number;
  interrupted: number;
  /** One sample a minute: queue depth and running workers. */
  timeline: { minute: number; visible: number; running: number }[];
}

/** Mulberry32: small, seeded, good enough for arrivals. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DayShape {
  /** Jobs per hour at each hour of the day (24 values): the steady traffic. */
  hourly: number[];
  /** Bursts: `count` jobs spread over `spreadSeconds` from `at` (seconds into the day). */
  bursts: { at: number; count: number; spreadSeconds: number; label: string }[];
}

/** A bursty day: a quiet night, office hours, two campaign launches, an agency batch of 2,000. */
export const BURSTY_DAY: DayShape = {
  hourly: [
    4, 2, 1, 1, 1, 2, 6, 20, 60, 120, 150, 140, 110, 130, 150, 140, 120, 90, 60, 40, 30, 20, 10, 6,
  ],
  bursts: [
    { at: 10 * 3600, count: 300, spreadSeconds: 300, label: "campaign launch" },
    { at: 15 * 3600, count: 2000, spreadSeconds: 60, label: "agency batch" },
    { at: 19 * 3600 + 1800, count: 400, spreadSeconds: 600, label: "evening campaign" },
  ],
};

export function arrivals(day: DayShape, rng: () => number): Arrival[] {
  const out: Arrival[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const rate = (day.hourly[hour] ?? 0) / 3600;
    let t = hour * 3600;
    // Poisson process within the hour.
    for (;;) {
      t += -Math.log(1 - rng()) / Math.max(rate, 1e-9);
      if (t >= (hour + 1) * 3600) break;
      out.push({ at: t });
    }
  }
  for (const burst of day.bursts)
    for (let i = 0; i < burst.count; i++) out.push({ at: burst.at + rng() * burst.spreadSeconds });
  return out.sort((a, b) => a.at - b.at);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function simulate(
  policy: Policy,
  costs: Costs,
  jobs: Arrival[],
  seed: number,
  daySeconds = 86_400,
): SimulationResult {
  const rng = random(seed);
  const queue: Arrival[] = [];
  const workers: Worker[] = [];
  const waits: number[] = [];
  const timeline: SimulationResult["timeline"] = [];
  let next = 0;
  let desired = policy.minimum;
  let idleMinutes = 0;
  let lastScaleOut = -Infinity;
  let lastScaleIn = -Infinity;
  let lastStart = -Infinity;
  let interrupted = 0;
  const instanceSeconds = { spot: 0, onDemand: 0 };
  // Metrics as CloudWatch shows them: the previous minute's maximum.
  let minuteMaxVisible = 0;
  let minuteMaxInFlight = 0;
  const end = daySeconds + 4 * 3600; // let the day's last jobs finish

  const launch = (now: number, spot: boolean) => {
    const miss = rng() < costs.engineMissProbability ? costs.engineMissSeconds : 0;
    workers.push({
      spot,
      readyAt: now + costs.coldStartSeconds + miss,
      busyUntil: 0,
      job: undefined,
      startedAt: now,
    });
  };

  for (let now = 0; now < end; now++) {
    while (next < jobs.length && jobs[next]!.at <= now) queue.push(jobs[next++]!);

    // Spot interruptions: the job in flight returns to the queue (SIGTERM drain
    // cannot finish a job longer than the notice; here jobs are short, so only
    // the instance is lost, and the job re-runs elsewhere).
    for (let i = workers.length - 1; i >= 0; i--) {
      const w = workers[i]!;
      if (w.spot && rng() < costs.spotInterruptionsPerHour / 3600) {
        if (w.job && w.busyUntil > now) {
          queue.unshift(w.job);
          interrupted += 1;
        }
        workers.splice(i, 1);
      }
    }

    // Workers finish and take jobs.
    for (const w of workers) {
      if (now < w.readyAt) continue;
      if (w.job && w.busyUntil <= now) w.job = undefined;
      if (!w.job && queue.length > 0) {
        const job = queue.shift()!;
        waits.push(now - job.at);
        w.job = job;
        w.busyUntil = now + costs.secondsPerJob;
      }
    }

    const inFlight = workers.filter((w) => w.job).length;
    minuteMaxVisible = Math.max(minuteMaxVisible, queue.length);
    minuteMaxInFlight = Math.max(minuteMaxInFlight, inFlight);
    for (const w of workers) {
      if (w.spot) instanceSeconds.spot += 1;
      else instanceSeconds.onDemand += 1;
    }

    if (now % 60 === 59) {
      const running = workers.filter((w) => now >= w.readyAt).length;
      const lastMinute = { visible: minuteMaxVisible, inFlight: minuteMaxInFlight, running };
      timeline.push({
        minute: Math.floor(now / 60),
        visible: queue.length,
        running: workers.length,
      });
      minuteMaxVisible = 0;
      minuteMaxInFlight = 0;

      // The three policies, evaluated on last minute's metrics.
      const { visible } = lastMinute;
      // Step policy: as in AWS, it fires every minute while no task is RUNNING
      // (tasks still starting do not count), so a long cold start adds more.
      if (
        lastMinute.running === 0 &&
        visible >= 1 &&
        now - lastStart >= policy.startCooldownSeconds
      ) {
        lastStart = now;
        const step = [...policy.startSteps].reverse().find((s) => visible >= s.lower);
        desired += step?.change ?? 0;
      }
      if (lastMinute.running > 0) {
        const wanted = Math.ceil(visible / policy.target);
        if (wanted > desired && now - lastScaleOut >= 60) {
          desired = wanted;
          lastScaleOut = now;
        } else if (policy.trackerScalesIn && wanted < desired && now - lastScaleIn >= 300) {
          // AWS scales in gradually; one step toward the wanted count per cooldown.
          desired = Math.max(wanted, Math.ceil(desired / 2));
          lastScaleIn = now;
        }
      }
      idleMinutes = visible + lastMinute.inFlight === 0 ? idleMinutes + 1 : 0;
      if (idleMinutes >= policy.idleMinutes) desired = policy.minimum;
      desired = Math.min(policy.maximum, Math.max(policy.minimum, desired));
    }

    // The capacity provider: launch instances up to the desired count; scale-in
    // removes idle workers only (task protection keeps busy ones).
    while (workers.length < desired) {
      const onDemandCount = workers.filter((w) => !w.spot).length;
      const aboveMinimum = workers.length - Math.min(onDemandCount, policy.minimum);
      const spotCount = workers.filter((w) => w.spot).length;
      const spot =
        onDemandCount >= policy.minimum &&
        spotCount < Math.round((aboveMinimum + 1) * policy.spotShare);
      launch(now, spot);
    }
    for (let i = workers.length - 1; i >= 0 && workers.length > desired; i--)
      if (!workers[i]!.job) workers.splice(i, 1);
  }

  waits.sort((a, b) => a - b);
  const dollars =
    (instanceSeconds.spot / 3600) * costs.spotPerHour +
    (instanceSeconds.onDemand / 3600) * costs.onDemandPerHour;
  const gpuHours = (instanceSeconds.spot + instanceSeconds.onDemand) / 3600;
  return {
    policy: policy.name,
    jobs: jobs.length,
    waits,
    p50: percentile(waits, 50),
    p95: percentile(waits, 95),
    p99: percentile(waits, 99),
    gpuHours,
    dollars,
    dollarsPer1000: (dollars / Math.max(1, jobs.length)) * 1000,
    interrupted,
    timeline,
  };
}
