import * as ort from "onnxruntime-node";
import { createSession, type SessionConfig } from "../onnx/session";
import { readFloat } from "../onnx/tensors";
import type { HfTokenizer } from "../tokenizers/hf";
import type { TextEmbeddings, TextEncoder, TextEncoderSource } from "./types";

/**
 * A decoder-only LLM as the text encoder, the way diffusers' QwenImagePipeline
 * uses Qwen2.5-VL: each prompt is wrapped in the chat template, the model's
 * last hidden states are read with the attention mask, and the template's
 * prefix (system message + "<|im_start|>user\n") is dropped from every row;
 * the suffix ("<|im_end|>\n<|im_start|>assistant\n") stays, as in diffusers.
 */
export interface LlmPromptTemplate {
  /** The chat template with `{}` where the prompt goes. */
  template: string;
  /** Prompt tokens kept after the prefix (diffusers' tokenizer_max_length). */
  maxTokens: number;
}

/** QwenImagePipeline.prompt_template_encode and tokenizer_max_length (diffusers). */
export const QWEN_IMAGE_TEMPLATE: LlmPromptTemplate = {
  template:
    "<|im_start|>system\nDescribe the image by detailing the color, shape, size, texture, quantity, text, spatial relationships of the objects and background:<|im_end|>\n<|im_start|>user\n{}<|im_end|>\n<|im_start|>assistant\n",
  maxTokens: 1024,
};

export interface TokenizedPrompts {
  /** [rows, seqLen] right-padded ids, attention mask and positions (0… per row). */
  ids: number[];
  attentionMask: number[];
  positionIds: number[];
  lengths: number[];
  seqLen: number;
}

/** How many leading tokens the template puts before the prompt: diffusers hard-codes 34 for Qwen-Image's tokenizer. */
export function templatePrefixLength(tokenizer: HfTokenizer, template: LlmPromptTemplate): number {
  const at = template.template.indexOf("{}");
  if (at < 0) throw new Error("the prompt template has no {} placeholder");
  return tokenizer.encode(template.template.slice(0, at)).length;
}

/** Templated prompts → right-padded batch (padding on the right keeps each row's positions 0…n−1). */
export function tokenizePrompts(
  tokenizer: HfTokenizer,
  template: LlmPromptTemplate,
  prompts: readonly string[],
  prefix: number,
): TokenizedPrompts {
  const padId = tokenizer.padTokenId ?? 0;
  const rows = prompts.map((p) => {
    const ids = tokenizer.encode(template.template.replace("{}", p));
    // transformers truncates at max_length = tokenizer_max_length + drop_idx (right side).
    return ids.slice(0, template.maxTokens + prefix);
  });
  const prefixIds = tokenizer.encode(template.template.slice(0, template.template.indexOf("{}")));
  rows.forEach((ids, r) => {
    if (prefixIds.some((id, i) => ids[i] !== id))
      throw new Error(
        `prompt ${r} changes how the template's prefix tokenizes; dropping ${prefix} tokens would cut the prompt`,
      );
  });
  const seqLen = Math.max(...rows.map((r) => r.length));
  const out: TokenizedPrompts = {
    ids: [],
    attentionMask: [],
    positionIds: [],
    lengths: rows.map((r) => r.length),
    seqLen,
  };
  for (const row of rows) {
    for (let i = 0; i < seqLen; i++) {
      out.ids.push(i < row.length ? (row[i] as number) : padId);
      out.attentionMask.push(i < row.length ? 1 : 0);
      out.positionIds.push(i);
    }
  }
  return out;
}

/**
 * Keeps positions [prefix, length) of each row (diffusers' _extract_masked_hidden
 * then e[drop_idx:]), left-aligned and zero-padded to the longest, with the mask.
 */
export function dropTemplatePrefix(
  hidden: Float32Array,
  dim: number,
  tokens: TokenizedPrompts,
  prefix: number,
): TextEmbeddings {
  const kept = tokens.lengths.map((n) => Math.max(0, n - prefix));
  const rows = kept.length;
  const seqLen = Math.max(1, ...kept);
  const out = new Float32Array(rows * seqLen * dim);
  const mask = new Uint8Array(rows * seqLen);
  kept.forEach((n, r) => {
    const from = (r * tokens.seqLen + prefix) * dim;
    out.set(hidden.subarray(from, from + n * dim), r * seqLen * dim);
    mask.fill(1, r * seqLen, r * seqLen + n);
  });
  return { hidden: out, rows, seqLen, dim, mask };
}

function intFeed(
  session: ort.InferenceSession,
  name: string,
  values: number[],
  dims: number[],
): ort.Tensor {
  const meta = session.inputMetadata.find((m) => m.name === name);
  const type = meta?.isTensor ? meta.type : "int64";
  return type === "int32"
    ? new ort.Tensor("int32", Int32Array.from(values), dims)
    : new ort.Tensor(
        "int64",
        BigInt64Array.from(values, (v) => BigInt(v)),
        dims,
      );
}

export class LlmTextEncoder implements TextEncoder {
  readonly kind = "llm";
  readonly prefix: number;

  constructor(
    readonly session: ort.InferenceSession,
    readonly tokenizer: HfTokenizer,
    readonly template: LlmPromptTemplate,
    readonly cacheKey: string,
  ) {
    for (const name of ["input_ids", "attention_mask"])
      if (!session.inputNames.includes(name))
        throw new Error(
          `text_encoder/model.onnx: missing input ${name} (has ${session.inputNames.join(", ")})`,
        );
    if (!session.outputNames.includes("last_hidden_state"))
      throw new Error(
        `text_encoder/model.onnx: missing output last_hidden_state (has ${session.outputNames.join(", ")})`,
      );
    this.prefix = templatePrefixLength(tokenizer, template);
  }

  async encode(prompts: readonly string[]): Promise<TextEmbeddings> {
    const tokens = tokenizePrompts(this.tokenizer, this.template, prompts, this.prefix);
    const dims = [prompts.length, tokens.seqLen];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: intFeed(this.session, "input_ids", tokens.ids, dims),
      attention_mask: intFeed(this.session, "attention_mask", tokens.attentionMask, dims),
    };
    // optimum's feature-extraction export of Qwen2 takes position_ids; older exports derive them.
    if (this.session.inputNames.includes("position_ids"))
      feeds["position_ids"] = intFeed(this.session, "position_ids", tokens.positionIds, dims);
    const out = await this.session.run(feeds);
    const tensor = out["last_hidden_state"];
    const hidden = readFloat(tensor, "last_hidden_state");
    const dim = Number(tensor?.dims[2]);
    return dropTemplatePrefix(hidden, dim, tokens, this.prefix);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** An LLM encoder that creates its session on open(); `tokenizer` is loaded once and shared. */
export function llmEncoderSource(options: {
  modelPath: string;
  tokenizer: HfTokenizer;
  template?: LlmPromptTemplate;
  session: SessionConfig;
  name?: string;
}): TextEncoderSource {
  const template = options.template ?? QWEN_IMAGE_TEMPLATE;
  const cacheKey = `llm:${options.name ?? "text_encoder"}:last_hidden_state`;
  return {
    kind: "llm",
    cacheKey,
    open: async () => {
      const { session } = await createSession(options.modelPath, options.session);
      return new LlmTextEncoder(session, options.tokenizer, template, cacheKey);
    },
  };
}
