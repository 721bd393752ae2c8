import type { CachedRow, EmbeddingCache } from "./embedding-cache";
import type { TextEmbeddings, TextEncoder, TextEncoderSource } from "./types";

export interface EncoderSetOptions {
  /**
   * Open, run and release each encoder in turn at every encode (nothing
   * resident), instead of opening them all once: big encoders (T5-XXL, a 7B
   * LLM) then never sit in memory beside each other or beside the denoiser.
   */
  sequential: boolean;
  /** Rows already encoded for a prompt are reused; absent = always encode. */
  cache?: EmbeddingCache;
  /** Sequential mode: runs once before the first encoder of an encode opens (the pipeline releases its denoiser here). */
  beforeOpen?: () => Promise<void>;
}

/** Splits a batch into one row per prompt; rows with a mask are cut to their real tokens. */
function splitRows(e: TextEmbeddings): CachedRow[] {
  return Array.from({ length: e.rows }, (_, r) => {
    let seqLen = e.seqLen;
    const mask = e.mask?.slice(r * e.seqLen, (r + 1) * e.seqLen);
    if (mask) seqLen = mask.lastIndexOf(1) + 1;
    const from = r * e.seqLen * e.dim;
    const row: CachedRow = {
      hidden: e.hidden.slice(from, from + seqLen * e.dim),
      seqLen,
      dim: e.dim,
    };
    if (mask) row.mask = mask.slice(0, seqLen);
    if (e.pooled && e.pooledDim)
      row.pooled = e.pooled.slice(r * e.pooledDim, (r + 1) * e.pooledDim);
    return row;
  });
}

/** Rows back into a batch, zero-padded on the right to the longest (the mask marks real tokens). */
export function joinRows(rows: readonly CachedRow[]): TextEmbeddings {
  const first = rows[0];
  if (!first) throw new Error("no rows to join");
  const dim = first.dim;
  const seqLen = Math.max(1, ...rows.map((r) => r.seqLen));
  const hidden = new Float32Array(rows.length * seqLen * dim);
  rows.forEach((r, i) => hidden.set(r.hidden, i * seqLen * dim));
  const out: TextEmbeddings = { hidden, rows: rows.length, seqLen, dim };
  if (rows.some((r) => r.mask)) {
    const mask = new Uint8Array(rows.length * seqLen);
    rows.forEach((r, i) => {
      if (r.mask) mask.set(r.mask, i * seqLen);
      else mask.fill(1, i * seqLen, i * seqLen + r.seqLen);
    });
    out.mask = mask;
  }
  const pooledDim = first.pooled?.length;
  if (pooledDim && rows.every((r) => r.pooled?.length === pooledDim)) {
    const pooled = new Float32Array(rows.length * pooledDim);
    rows.forEach((r, i) => pooled.set(r.pooled as Float32Array, i * pooledDim));
    out.pooled = pooled;
    out.pooledDim = pooledDim;
  }
  return out;
}

/**
 * A pipeline's text encoders behind one call: resident (opened once) or
 * sequential (opened, run and released one after another per encode), with
 * an optional per-prompt embedding cache in front of both.
 */
export class EncoderSet {
  /** Encoder runs (session.run calls) so far: the cache's effect, counted. */
  runs = 0;
  /** Encoders opened so far (sessions created). */
  opens = 0;

  private constructor(
    readonly sources: readonly TextEncoderSource[],
    private readonly resident: TextEncoder[] | undefined,
    private readonly options: EncoderSetOptions,
  ) {}

  static async open(
    sources: readonly TextEncoderSource[],
    options: EncoderSetOptions,
  ): Promise<EncoderSet> {
    let resident: TextEncoder[] | undefined;
    if (!options.sequential) {
      resident = [];
      for (const s of sources) resident.push(await s.open());
    }
    const set = new EncoderSet(sources, resident, options);
    set.opens = resident?.length ?? 0;
    return set;
  }

  get sequential(): boolean {
    return this.options.sequential;
  }

  /** The opened encoder `i` in resident mode (undefined in sequential mode). */
  residentEncoder(i: number): TextEncoder | undefined {
    return this.resident?.[i];
  }

  /** One TextEmbeddings per source, rows in `prompts` order. */
  async encode(prompts: readonly string[]): Promise<TextEmbeddings[]> {
    const cache = this.options.cache;
    const results: TextEmbeddings[] = [];
    let prepared = false;
    for (const [i, source] of this.sources.entries()) {
      const rows = new Map<string, CachedRow>();
      const missing: string[] = [];
      for (const p of prompts) {
        if (rows.has(p) || missing.includes(p)) continue;
        const hit = cache?.get(source.cacheKey, p);
        if (hit) rows.set(p, hit);
        else missing.push(p);
      }
      if (missing.length > 0) {
        if (this.options.sequential && !prepared) {
          await this.options.beforeOpen?.();
          prepared = true;
        }
        let encoder = this.resident?.[i];
        if (!encoder) {
          encoder = await source.open();
          this.opens += 1;
        }
        try {
          const batch = await encoder.encode(missing);
          this.runs += 1;
          splitRows(batch).forEach((row, k) => {
            const prompt = missing[k] as string;
            rows.set(prompt, row);
            cache?.set(source.cacheKey, prompt, row);
          });
        } finally {
          if (!this.resident) await encoder.release();
        }
      }
      results.push(joinRows(prompts.map((p) => rows.get(p) as CachedRow)));
    }
    return results;
  }

  async release(): Promise<void> {
    for (const e of this.resident ?? []) await e.release();
  }
}
