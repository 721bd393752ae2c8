import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { z } from "zod";
import { ModelFolderError } from "../model-folder";

/*
 * Any Hugging Face `tokenizer.json` (byte-level BPE for Qwen, Unigram for T5,
 * …) through @huggingface/tokenizers: the pure-JS port of the Rust crate,
 * with no dependencies, rather than another hand-written tokenizer per
 * family. Generic on purpose: model families add their templates on top.
 */

const tokenString = z.union([z.string(), z.object({ content: z.string() })]).nullish();
const tokenizerConfigSchema = z
  .object({
    pad_token: tokenString,
    eos_token: tokenString,
    padding_side: z.enum(["left", "right"]).optional(),
    model_max_length: z.number().optional(),
  })
  .passthrough();
export type HfTokenizerConfig = z.infer<typeof tokenizerConfigSchema>;

const tokenizerJsonSchema = z
  .object({ model: z.object({ type: z.string() }).passthrough() })
  .passthrough();

export interface HfTokenizer {
  tokenizer: Tokenizer;
  config: HfTokenizerConfig;
  /** The padding token's id, when the config names one that the vocabulary has. */
  padTokenId: number | undefined;
  /** Token ids of `text`; special tokens written in the text (<|im_start|>) map to their ids. */
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
}

const content = (t: z.infer<typeof tokenString>): string | undefined =>
  typeof t === "string" ? t : (t?.content ?? undefined);

function readJson(path: string, label: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ModelFolderError(
      label,
      `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Loads `dir/tokenizer.json` (+ `tokenizer_config.json` when present); errors name the file. */
export function loadHfTokenizer(dir: string, label = dir): HfTokenizer {
  const jsonPath = join(dir, "tokenizer.json");
  if (!existsSync(jsonPath))
    throw new ModelFolderError(`${label}/tokenizer.json`, "file is missing");
  const parsed = tokenizerJsonSchema.safeParse(readJson(jsonPath, `${label}/tokenizer.json`));
  if (!parsed.success)
    throw new ModelFolderError(`${label}/tokenizer.json`, "not a tokenizer.json (no model)");
  const configPath = join(dir, "tokenizer_config.json");
  let config: HfTokenizerConfig = {};
  if (existsSync(configPath)) {
    const c = tokenizerConfigSchema.safeParse(
      readJson(configPath, `${label}/tokenizer_config.json`),
    );
    if (!c.success) {
      const issue = c.error.issues[0];
      throw new ModelFolderError(
        `${label}/tokenizer_config.json`,
        `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
      );
    }
    config = c.data;
  }
  const tokenizer = new Tokenizer(parsed.data, config);
  const pad = content(config.pad_token);
  return {
    tokenizer,
    config,
    padTokenId: pad === undefined ? undefined : tokenizer.token_to_id(pad),
    encode: (text, options = {}) =>
      tokenizer.encode(text, { add_special_tokens: options.addSpecialTokens ?? true }).ids,
  };
}
