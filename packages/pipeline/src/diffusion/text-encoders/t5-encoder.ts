import type * as ort from "onnxruntime-node";
import { createSession, type SessionConfig } from "../onnx/session";
import { inputSpecs, makeFeed, readFloat } from "../onnx/tensors";
import type { HfTokenizer } from "../tokenizers/hf";
import type { TextEmbeddings, TextEncoder, TextEncoderSource } from "./types";

/**
 * The T5 encoder of FLUX.1 / SD3 (optimum: input_ids → last_hidden_state).
 * Like diffusers' _get_t5_prompt_embeds: every prompt is padded to
 * `maxLength` (</s> kept when truncating) and run without an attention mask,
 * so padding positions carry states too and the transformer reads all of
 * them: no mask is reported and every row is `maxLength` long.
 */
export class T5TextEncoder implements TextEncoder {
  readonly kind = "t5";

  constructor(
    readonly session: ort.InferenceSession,
    readonly tokenizer: HfTokenizer,
    readonly maxLength: number,
    readonly cacheKey: string,
  ) {}

  async encode(prompts: readonly string[]): Promise<TextEmbeddings> {
    const spec = inputSpecs(this.session).get("input_ids");
    if (!spec) throw new Error("T5 encoder has no input_ids input");
    const ids = prompts.flatMap((p) => this.tokenizer.encodePadded(p, this.maxLength).ids);
    const out = await this.session.run({
      input_ids: makeFeed(spec, ids, [prompts.length, this.maxLength]),
    });
    const tensor = out["last_hidden_state"];
    const hidden = readFloat(tensor, "last_hidden_state");
    const dim = Number(tensor?.dims[2]);
    return { hidden, rows: prompts.length, seqLen: this.maxLength, dim };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export interface T5SourceOptions {
  /** The component folder (text_encoder_2 for Flux, text_encoder_3 for SD3): part of the cache key. */
  name: string;
  modelPath: string;
  tokenizer: HfTokenizer;
  maxLength: number;
  session: SessionConfig;
  existing?: ort.InferenceSession;
  onOpen?: (provider: string) => void;
}

export function t5EncoderSource(options: T5SourceOptions): TextEncoderSource {
  const cacheKey = `t5:${options.name}:${options.maxLength}`;
  let existing = options.existing;
  return {
    kind: "t5",
    cacheKey,
    open: async () => {
      let session = existing;
      existing = undefined;
      if (!session) {
        const loaded = await createSession(options.modelPath, options.session);
        options.onOpen?.(loaded.provider);
        session = loaded.session;
      }
      return new T5TextEncoder(session, options.tokenizer, options.maxLength, cacheKey);
    },
  };
}
