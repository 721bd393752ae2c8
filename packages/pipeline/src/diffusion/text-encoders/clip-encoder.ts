import type * as ort from "onnxruntime-node";
import { createSession, type SessionConfig } from "../onnx/session";
import { encodeTexts, type PromptTokenizer } from "../text-conditioning";
import type { TextEmbeddings, TextEncoder, TextEncoderSource } from "./types";

/** A CLIP text encoder behind the common interface; its numbers are encodeTexts' exactly. */
export class ClipTextEncoder implements TextEncoder {
  readonly kind = "clip";

  constructor(
    readonly session: ort.InferenceSession,
    readonly tok: PromptTokenizer,
    readonly layer: "last" | "penultimate",
    readonly numLayers: number,
    readonly cacheKey: string,
  ) {}

  async encode(prompts: readonly string[]): Promise<TextEmbeddings> {
    const e = await encodeTexts(this.session, this.tok, [...prompts], this.layer, this.numLayers);
    const out: TextEmbeddings = {
      hidden: e.hidden,
      rows: prompts.length,
      seqLen: e.seqLen,
      dim: e.dim,
    };
    if (e.pooled && e.pooledDim) {
      out.pooled = e.pooled;
      out.pooledDim = e.pooledDim;
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export interface ClipSourceOptions {
  /** The component folder's name (text_encoder, text_encoder_2): part of the cache key. */
  name: string;
  modelPath: string;
  tok: PromptTokenizer;
  layer: "last" | "penultimate";
  numLayers: number;
  session: SessionConfig;
  /** An already created session to wrap on the first open (the resident case). */
  existing?: ort.InferenceSession;
  /** Reports the provider each created session ended up on. */
  onOpen?: (provider: string) => void;
}

export function clipEncoderSource(options: ClipSourceOptions): TextEncoderSource {
  const cacheKey = `clip:${options.name}:${options.layer}`;
  let existing = options.existing;
  return {
    kind: "clip",
    cacheKey,
    open: async () => {
      let session = existing;
      existing = undefined;
      if (!session) {
        const loaded = await createSession(options.modelPath, options.session);
        options.onOpen?.(loaded.provider);
        session = loaded.session;
      }
      return new ClipTextEncoder(session, options.tok, options.layer, options.numLayers, cacheKey);
    },
  };
}
