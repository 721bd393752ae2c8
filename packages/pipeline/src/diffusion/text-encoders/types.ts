/**
 * What every text encoder hands a denoiser: CLIP (SD, SDXL), T5 (Flux, SD3)
 * and a decoder-only LLM (Qwen-Image class) all fit this one shape, so the
 * pipelines, the embedding cache and sequential loading treat them alike.
 */
export interface TextEmbeddings {
  /** [rows, seqLen, dim] hidden states, one row per prompt, in prompt order. */
  hidden: Float32Array;
  rows: number;
  seqLen: number;
  dim: number;
  /** [rows, seqLen], 1 where `hidden` holds a real token, 0 for padding; absent when every position counts (CLIP). */
  mask?: Uint8Array;
  /** [rows, pooledDim] pooled/projected embedding (CLIP's pooler_output or text_embeds). */
  pooled?: Float32Array;
  pooledDim?: number;
}

export type TextEncoderKind = "clip" | "t5" | "llm";

export interface TextEncoder {
  readonly kind: TextEncoderKind;
  /** Names what the embeddings depend on besides the prompt (component + output), for cache keys. */
  readonly cacheKey: string;
  encode(prompts: readonly string[]): Promise<TextEmbeddings>;
  release(): Promise<void>;
}

/** Opens an encoder (creates its session); the pipeline decides whether it stays resident. */
export interface TextEncoderSource {
  readonly kind: TextEncoderKind;
  readonly cacheKey: string;
  open(): Promise<TextEncoder>;
}
