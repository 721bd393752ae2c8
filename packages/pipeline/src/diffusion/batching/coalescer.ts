import type { GenerateOptions, GenerateResult, ImageRow, SharedOptions } from "../pipeline";
import { rowsOf } from "../pipeline";

/** What the coalescer needs from the pipeline (DiffusionPipeline implements it). */
export interface RowRunner {
  checkOptions(options: GenerateOptions): void;
  generateRows(rows: readonly ImageRow[], options: SharedOptions): Promise<GenerateResult>;
}

export interface BatchInfo {
  /** Requests merged into this UNet batch, and their rows (images). */
  requests: number;
  rows: number;
  /** How long the oldest request waited in the queue before the batch started. */
  waitedMs: number;
  /** Wall time of the batched run. */
  runMs: number;
  /** "split": the batch failed and its requests were run again one by one. */
  outcome: "ok" | "failed" | "split";
}

export interface CoalescerOptions {
  /** Most rows (images) in one UNet batch; a request with more variants runs alone. */
  maxBatch: number;
  /** How long the oldest queued request waits for others before its batch starts anyway. */
  maxWaitMs: number;
  onBatch?: (info: BatchInfo) => void;
}

export interface CoalescedResult extends GenerateResult {
  /** The batched run this request's images came from. */
  batch: { requests: number; rows: number };
}

interface Pending {
  options: GenerateOptions;
  rows: ImageRow[];
  key: string;
  arrivedAt: number;
  settled: boolean;
  resolve: (result: CoalescedResult) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException("generation aborted", "AbortError");
}

let ownKeys = 0;

/**
 * Requests with the same key can share one UNet call: same latent shape,
 * timesteps and guidance. One with its own inpainting input, style
 * references or ControlNet images gets a key of its own: that conditioning is per run, not per row.
 */
function batchKey(o: GenerateOptions): string {
  if (o.inpaint !== undefined || o.references !== undefined || o.control !== undefined)
    return `own:${++ownKeys}`;
  return JSON.stringify([
    o.width ?? null,
    o.height ?? null,
    o.steps,
    o.guidanceScale,
    o.eta ?? null,
    o.tinyVae ?? false,
  ]);
}

/**
 * A dynamic batcher in front of the diffusion pipeline, after Triton's
 * dynamic batching: concurrent `generate` requests with the same size,
 * steps, guidance (and eta, VAE) that arrive within `maxWaitMs` of the
 * oldest waiting one are merged, up to `maxBatch` rows, into ONE batched
 * run; each request keeps its prompt, seed and Philox streams, and gets
 * its own images back. One run at a time: requests arriving while a batch
 * runs queue up and form the next batch as soon as it ends.
 *
 * Isolation: a request that is invalid is refused before it joins a batch;
 * one whose signal aborts is rejected at once (its rows still run if others
 * share the batch, which is aborted only when every member has gone); when
 * a batch of several requests fails, each is run again alone, so one bad
 * request fails only itself.
 */
export class GenerateCoalescer {
  private readonly queue: Pending[] = [];
  private running = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly runner: RowRunner,
    private readonly options: CoalescerOptions,
  ) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1)
      throw new Error(`maxBatch must be a positive integer, got ${options.maxBatch}`);
    if (!Number.isFinite(options.maxWaitMs) || options.maxWaitMs < 0)
      throw new Error(`maxWaitMs must be ≥ 0, got ${options.maxWaitMs}`);
  }

  /** Requests waiting for a batch (not counting the one running). */
  get queued(): number {
    return this.queue.length;
  }

  generate(options: GenerateOptions): Promise<CoalescedResult> {
    try {
      if (this.closed) throw new Error("the generate coalescer is closed");
      this.runner.checkOptions(options);
      if (options.signal?.aborted) throw abortError(options.signal);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<CoalescedResult>((resolve, reject) => {
      const pending: Pending = {
        options,
        rows: rowsOf(options),
        key: batchKey(options),
        arrivedAt: performance.now(),
        settled: false,
        resolve,
        reject,
        detach: () => {},
      };
      const signal = options.signal;
      if (signal) {
        const onAbort = () => {
          const at = this.queue.indexOf(pending);
          if (at >= 0) this.queue.splice(at, 1);
          this.settle(pending, { error: abortError(signal) });
          // The head may have gone: re-arm the wait for the next one.
          this.schedule();
        };
        signal.addEventListener("abort", onAbort, { once: true });
        pending.detach = () => signal.removeEventListener("abort", onAbort);
      }
      this.queue.push(pending);
      this.schedule();
    });
  }

  /** Refuses new requests and rejects those still queued; the batch running finishes. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of this.queue.splice(0))
      this.settle(p, { error: new Error("the generate coalescer is closed") });
  }

  private settle(p: Pending, outcome: { result: CoalescedResult } | { error: unknown }): void {
    if (p.settled) return;
    p.settled = true;
    p.detach();
    if ("result" in outcome) p.resolve(outcome.result);
    else p.reject(outcome.error);
  }

  private schedule(): void {
    if (this.running) return;
    const head = this.queue[0];
    if (!head) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    const group = this.groupFor(head);
    const rows = group.reduce((n, p) => n + p.rows.length, 0);
    const waited = performance.now() - head.arrivedAt;
    if (rows >= this.options.maxBatch || waited >= this.options.maxWaitMs) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.dispatch(group, waited);
    } else if (!this.timer) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.schedule();
        },
        Math.max(0, this.options.maxWaitMs - waited),
      );
    }
  }

  /** The head and, in arrival order, every compatible request that still fits. */
  private groupFor(head: Pending): Pending[] {
    const group: Pending[] = [];
    let rows = 0;
    for (const p of this.queue) {
      if (p.key !== head.key) continue;
      if (group.length > 0 && rows + p.rows.length > this.options.maxBatch) continue;
      group.push(p);
      rows += p.rows.length;
    }
    return group;
  }

  private async dispatch(group: Pending[], waitedMs: number): Promise<void> {
    this.running = true;
    for (const p of group) this.queue.splice(this.queue.indexOf(p), 1);
    const t0 = performance.now();
    const rows = group.reduce((n, p) => n + p.rows.length, 0);
    const report = (outcome: BatchInfo["outcome"]) =>
      this.options.onBatch?.({
        requests: group.length,
        rows,
        waitedMs,
        runMs: performance.now() - t0,
        outcome,
      });
    try {
      const result = await this.runShared(group);
      let offset = 0;
      for (const p of group) {
        const images = result.images.slice(offset, offset + p.rows.length);
        offset += p.rows.length;
        this.settle(p, {
          result: { ...result, images, batch: { requests: group.length, rows } },
        });
      }
      report("ok");
    } catch (error) {
      const live = group.filter((p) => !p.settled);
      if (live.length <= 1) {
        for (const p of live) this.settle(p, { error });
        report("failed");
      } else {
        report("split");
        // One request may be what broke the batch: each alone, so only it fails.
        for (const p of live) {
          if (p.settled) continue;
          try {
            const alone = await this.runShared([p]);
            this.settle(p, { result: { ...alone, batch: { requests: 1, rows: p.rows.length } } });
          } catch (soloError) {
            this.settle(p, { error: soloError });
          }
        }
      }
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /**
   * One run over the rows of `group`. Its signal aborts only when every
   * member has gone; steps are reported to each member still waiting.
   */
  private async runShared(group: Pending[]): Promise<GenerateResult> {
    const first = group[0] as Pending;
    const controller = new AbortController();
    const detach: (() => void)[] = [];
    const check = () => {
      if (group.every((p) => p.settled)) controller.abort();
    };
    for (const p of group) {
      const signal = p.options.signal;
      if (!signal) continue;
      signal.addEventListener("abort", check);
      detach.push(() => signal.removeEventListener("abort", check));
    }
    check();
    const { width, height, steps, guidanceScale, eta, tinyVae } = first.options;
    const shared: SharedOptions = {
      steps,
      guidanceScale,
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
      ...(eta !== undefined ? { eta } : {}),
      ...(tinyVae !== undefined ? { tinyVae } : {}),
      signal: controller.signal,
      onStep: (step, total) => {
        for (const p of group) {
          if (p.settled) continue;
          try {
            p.options.onStep?.(step, total);
          } catch (error) {
            // A caller's progress callback that throws fails that caller only.
            this.settle(p, { error });
            check();
          }
        }
      },
    };
    try {
      return await this.runner.generateRows(
        group.flatMap((p) => p.rows),
        shared,
      );
    } finally {
      for (const d of detach) d();
    }
  }
}
