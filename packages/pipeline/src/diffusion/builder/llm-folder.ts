import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LlmConfig } from "../text-encoders/llm-config";
import { buildDecoderLlm } from "./decoder-llm";
import { GraphBuilder } from "./graph";
import { qwenTokenizerFiles } from "./qwen-tokenizer";

/** A Qwen2-architecture decoder small enough for CI (GQA: 4 query heads over 2 key/value heads). */
export const TINY_QWEN_TEXT_ENCODER: LlmConfig = {
  architectures: ["Qwen2Model"],
  model_type: "qwen2",
  vocab_size: qwenTokenizerFiles().vocabSize,
  hidden_size: 32,
  intermediate_size: 64,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  max_position_embeddings: 2048,
  rms_norm_eps: 1e-6,
  rope_theta: 1000000,
  hidden_act: "silu",
};

export interface LlmFolderOptions {
  dtype?: "float32" | "float16";
  seed?: number;
}

const writeJson = (path: string, value: unknown) =>
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/**
 * Writes `text_encoder/` (model.onnx + config.json, the optimum
 * feature-extraction export's names and dtypes) and `tokenizer/`
 * (tokenizer.json + tokenizer_config.json in Qwen2's format) into `dir`, and a
 * QwenImagePipeline model_index.json when the folder has none yet.
 */
export function writeLlmTextEncoder(
  dir: string,
  config: LlmConfig = TINY_QWEN_TEXT_ENCODER,
  options: LlmFolderOptions = {},
): { dir: string; parameters: number } {
  const dtype = options.dtype ?? "float32";
  const encoderDir = join(dir, "text_encoder");
  const tokenizerDir = join(dir, "tokenizer");
  mkdirSync(encoderDir, { recursive: true });
  mkdirSync(tokenizerDir, { recursive: true });
  const g = new GraphBuilder("text_encoder", { weightType: dtype, seed: options.seed ?? 7 });
  buildDecoderLlm(g, config, dtype);
  writeFileSync(join(encoderDir, "model.onnx"), g.finish());
  writeJson(join(encoderDir, "config.json"), config);
  const tok = qwenTokenizerFiles();
  writeJson(join(tokenizerDir, "tokenizer.json"), tok.tokenizerJson);
  writeJson(join(tokenizerDir, "tokenizer_config.json"), tok.tokenizerConfig);
  const index = join(dir, "model_index.json");
  if (!existsSync(index)) {
    writeJson(index, {
      _class_name: "QwenImagePipeline",
      _diffusers_version: "0.35.0",
      text_encoder: ["transformers", "Qwen2_5_VLForConditionalGeneration"],
      tokenizer: ["transformers", "Qwen2Tokenizer"],
    });
  }
  return { dir, parameters: g.parameterCount };
}
