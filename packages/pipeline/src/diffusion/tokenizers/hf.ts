import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { z } from "zod";
import { ModelFolderError } from "../model-folder";

/*
 * Any Hugging Face `tokenizer.json` (T5's SentencePiece Unigram, Qwen's
 * byte-level BPE, …) through @huggingface/tokenizers, the pure-JS port of
 * the Rust `tokenizers` pipeline (normalizer → pre-tokenizer → model →
 * post-processor). Padding and truncation are done here the way
 * transformers' fast tokenizers do them for diffusers' pipelines:
 * truncate the text's tokens, keep the post-processor's special tokens
 * (T5: the closing </s>), pad on the right. Errors are ModelFolderErrors
 * naming the file inside the model folder (`label`/tokenizer.json).
 */

const tokenizerJsonSchema = z
  .object({
    model: z.object({ type: z.string() }).passthrough(),
    added_tokens: z.array(z.object({ id: z.number().int(), content: z.string() })).default([]),
  })
  .passthrough();

const tokenValue = z.union([z.string(), z.object({ content: z.string() }).passthrough()]).nullish();
const tokenizerConfigSchema = z
  .object({
    pad_token: tokenValue,
    eos_token: tokenValue,
    model_max_length: z.number().optional(),
  })
  .passthrough();

export interface PaddedEncoding {
  ids: number[];
  /** 1 for real tokens (special tokens included), 0 for padding. */
  attentionMask: number[];
}

export interface HfTokenizer {
  readonly dir: string;
  /** The tokenizer.json model type (Unigram, BPE, WordPiece…). */
  readonly modelType: string;
  readonly padTokenId: number;
  readonly padToken: string;
  /**
   * Ids with the post-processor's special tokens (unless addSpecialTokens is
   * false), no padding or truncation; special tokens written in the text
   * (<|im_start|>) map to their ids.
   */
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  /** Exactly `maxLength` ids: truncated (special tokens kept) and right-padded. */
  encodePadded(text: string, maxLength: number): PaddedEncoding;
  tokenToId(token: string): number | undefined;
  decode(ids: number[]): string;
}

function tokenText(v: z.infer<typeof tokenValue>): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === "string" ? v : v.content;
}

function readJson(path: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ModelFolderError(
      file,
      `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function parse<T>(file: string, schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ModelFolderError(
      file,
      `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}

/**
 * Loads `dir/tokenizer.json` (+ `tokenizer_config.json` and
 * `special_tokens_map.json` when present); `label` names the folder in
 * errors. The pad token comes from those configs; `fallbackPad` (e.g.
 * "<pad>") is used only when none names one.
 */
export function loadHfTokenizer(dir: string, label = dir, fallbackPad?: string): HfTokenizer {
  const jsonPath = join(dir, "tokenizer.json");
  const jsonFile = `${label}/tokenizer.json`;
  if (!existsSync(jsonPath)) throw new ModelFolderError(jsonFile, "file is missing");
  const raw = readJson(jsonPath, jsonFile);
  const json = parse(jsonFile, tokenizerJsonSchema, raw);
  const configPath = join(dir, "tokenizer_config.json");
  const configFile = `${label}/tokenizer_config.json`;
  const mapPath = join(dir, "special_tokens_map.json");
  const mapFile = `${label}/special_tokens_map.json`;
  const config = existsSync(configPath)
    ? parse(configFile, tokenizerConfigSchema, readJson(configPath, configFile))
    : tokenizerConfigSchema.parse({});
  const map = existsSync(mapPath)
    ? parse(mapFile, tokenizerConfigSchema, readJson(mapPath, mapFile))
    : tokenizerConfigSchema.parse({});
  const tokenizer = new Tokenizer(raw as object, config as object);
  const padToken = tokenText(config.pad_token) ?? tokenText(map.pad_token) ?? fallbackPad;
  if (padToken === undefined) {
    throw new ModelFolderError(
      configFile,
      "no pad_token (needed to pad prompts to a fixed length)",
    );
  }
  const padTokenId = tokenizer.token_to_id(padToken);
  if (padTokenId === undefined) {
    throw new ModelFolderError(
      jsonFile,
      `pad token ${JSON.stringify(padToken)} is not in the vocabulary`,
    );
  }

  const encode = (text: string, options: { addSpecialTokens?: boolean } = {}): number[] =>
    tokenizer.encode(text, { add_special_tokens: options.addSpecialTokens ?? true }).ids;
  return {
    dir,
    modelType: json.model.type,
    padToken,
    padTokenId,
    encode,
    encodePadded(text: string, maxLength: number): PaddedEncoding {
      if (!Number.isInteger(maxLength) || maxLength < 1) {
        throw new Error(`maxLength must be a positive integer, got ${maxLength}`);
      }
      const full = encode(text);
      let ids = full;
      if (full.length > maxLength) {
        // The special tokens the post-processor wraps around the text: find
        // the text's own ids inside the full encoding.
        const content = encode(text, { addSpecialTokens: false });
        const start = findSub(full, content);
        const prefix = full.slice(0, start);
        const suffix = full.slice(start + content.length);
        const room = maxLength - prefix.length - suffix.length;
        if (room < 0) throw new Error(`maxLength ${maxLength} leaves no room for special tokens`);
        ids = [...prefix, ...content.slice(0, room), ...suffix];
      }
      const attentionMask = ids.map(() => 1);
      while (ids.length < maxLength) {
        ids = [...ids, padTokenId];
        attentionMask.push(0);
      }
      return { ids, attentionMask };
    },
    tokenToId: (token) => tokenizer.token_to_id(token),
    decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: true }),
  };
}

function findSub(haystack: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error("the tokenizer's post-processor changed the text's own tokens");
}
