/**
 * One prompt's row of a text encoder's output. Rows are cached, not whole
 * batches, so [negative, prompt] with CFG and [prompt] without share entries.
 */
export interface CachedRow {
  /** [seqLen, dim] */
  hidden: Float32Array;
  seqLen: number;
  dim: number;
  /** [seqLen], 1 for real tokens (encoders with a mask only). */
  mask?: Uint8Array;
  /** [pooledDim] */
  pooled?: Float32Array;
}

export interface EmbeddingCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

const rowBytes = (row: CachedRow) =>
  row.hidden.byteLength + (row.mask?.byteLength ?? 0) + (row.pooled?.byteLength ?? 0);

/**
 * Text embeddings per (encoder, prompt), least recently used out first when
 * over `maxBytes`. A generation renders several formats and variants from one
 * prompt: the encoders run for its first format only. Rows are kept as the
 * encoder returned them, so a hit gives bit-identical conditioning.
 */
export class EmbeddingCache {
  private readonly rows = new Map<string, CachedRow>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes = 256 * 1024 * 1024) {}

  private static key(encoder: string, prompt: string): string {
    return `${encoder}\u0000${prompt}`;
  }

  get(encoder: string, prompt: string): CachedRow | undefined {
    const key = EmbeddingCache.key(encoder, prompt);
    const row = this.rows.get(key);
    if (!row) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Map keeps insertion order: re-inserting marks the row as most recently used.
    this.rows.delete(key);
    this.rows.set(key, row);
    return row;
  }

  set(encoder: string, prompt: string, row: CachedRow): void {
    const key = EmbeddingCache.key(encoder, prompt);
    const old = this.rows.get(key);
    if (old) {
      this.bytes -= rowBytes(old);
      this.rows.delete(key);
    }
    const size = rowBytes(row);
    if (size > this.maxBytes) return;
    this.rows.set(key, row);
    this.bytes += size;
    for (const [k, r] of this.rows) {
      if (this.bytes <= this.maxBytes) break;
      this.rows.delete(k);
      this.bytes -= rowBytes(r);
    }
  }

  clear(): void {
    this.rows.clear();
    this.bytes = 0;
  }

  stats(): EmbeddingCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.rows.size, bytes: this.bytes };
  }
}
