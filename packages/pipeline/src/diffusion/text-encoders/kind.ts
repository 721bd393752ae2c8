import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LLM_MODEL_TYPES } from "./llm-config";
import type { TextEncoderKind } from "./types";

const indexSchema = z
  .object({ text_encoder: z.tuple([z.string(), z.string()]).optional() })
  .passthrough();
const configSchema = z.object({ model_type: z.string().optional() }).passthrough();

const readJson = (path: string): unknown =>
  existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as unknown) : undefined;

/**
 * The kind of a model folder's (first) text encoder: "llm" for a Qwen-class
 * decoder (model_index.json's class, or text_encoder/config.json's model_type),
 * "t5" for T5, else "clip". The rephraser keeps Chinese for "llm".
 */
export function textEncoderKindOf(dir: string): TextEncoderKind {
  const index = indexSchema.safeParse(readJson(join(dir, "model_index.json")));
  const cls = index.success ? (index.data.text_encoder?.[1] ?? "") : "";
  const config = configSchema.safeParse(readJson(join(dir, "text_encoder", "config.json")));
  const type = config.success ? (config.data.model_type ?? "") : "";
  if (/^Qwen/i.test(cls) || (LLM_MODEL_TYPES as readonly string[]).includes(type)) return "llm";
  if (/^T5/i.test(cls) || type === "t5") return "t5";
  return "clip";
}
