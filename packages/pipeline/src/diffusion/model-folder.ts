import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { ClipTextConfig, UNetConfig, VaeConfig } from "./component-configs";
import {
  clipTextConfigSchema,
  unetConfigSchema,
  vaeConfigSchema,
  vaeScaleFactor,
} from "./component-configs";
import { SUPPORTED_SCHEDULERS } from "./schedulers";
import { ModelFolderError, type OnnxComponent } from "./folder-component";

export { ModelFolderError, type OnnxComponent } from "./folder-component";
import { type ControlComponents, crossCheckControl, loadControlComponents } from "./control/folder";
import { controlNetConfigSchema, type ControlNetConfig } from "./control/controlnet-config";
import {
  controlNetDirs,
  controlNetMismatch,
  FUSED_NAMES_FILE,
  fusedNamesSchema,
} from "./control/controlnet-folder";

export interface TokenizerFiles {
  dir: string;
  vocabJson: string;
  mergesTxt: string;
  /** The padding token as written in the tokenizer config ("!" or "<|endoftext|>"). */
  padToken: string;
}

export interface ModelFolder extends ControlComponents {
  dir: string;
  pipelineClass: string;
  isXl: boolean;
  scheduler: Record<string, unknown>;
  tokenizer: TokenizerFiles;
  tokenizer2?: TokenizerFiles;
  textEncoder: OnnxComponent<ClipTextConfig>;
  textEncoder2?: OnnxComponent<ClipTextConfig>;
  unet: OnnxComponent<UNetConfig>;
  vaeDecoder: OnnxComponent<VaeConfig>;
  /** Optional TAESD-style decoder in vae_decoder_tiny/. */
  tinyVaeDecoder?: OnnxComponent<VaeConfig>;
  /** Output pixels per latent. */
  vaeScaleFactor: number;
  /** The resolution the UNet was trained at (sample_size × scale factor). */
  nativeSize: number;
  /** Split-layout ControlNets (controlnet/, controlnet_<name>/). */
  controlnets: OnnxComponent<ControlNetConfig>[];
  /** Fused layout: the ControlNets' names from unet/controlnets.json, when present. */
  fusedControlNames?: string[];
}

function requireFile(path: string, dir: string): string {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new ModelFolderError(rel(path, dir), "file is missing");
  return path;
}

function rel(path: string, dir: string): string {
  return path.startsWith(dir) ? path.slice(dir.length).replace(/^\/+/, "") || path : path;
}

export function readJson<T>(path: string, dir: string, schema: z.ZodType<T>): T {
  requireFile(path, dir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ModelFolderError(
      rel(path, dir),
      `invalid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFolderError(
      rel(path, dir),
      `${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

export const looseObject = z.record(z.string(), z.unknown());
const tokenizerConfigSchema = z.object({
  pad_token: z.union([z.string(), z.object({ content: z.string() })]).nullish(),
});

export function tokenizerFiles(dir: string, sub: string): TokenizerFiles {
  const tdir = join(dir, sub);
  const vocabJson = requireFile(join(tdir, "vocab.json"), dir);
  const mergesTxt = requireFile(join(tdir, "merges.txt"), dir);
  let pad: string | undefined;
  for (const file of ["tokenizer_config.json", "special_tokens_map.json"]) {
    const path = join(tdir, file);
    if (pad === undefined && existsSync(path)) {
      const value = readJson(path, dir, tokenizerConfigSchema).pad_token;
      pad = typeof value === "string" ? value : value?.content;
    }
  }
  if (pad === undefined) {
    throw new ModelFolderError(
      `${sub}/tokenizer_config.json`,
      "no pad_token (needed to pad prompts to 77 tokens)",
    );
  }
  return { dir: tdir, vocabJson, mergesTxt, padToken: pad };
}

export function onnxComponent<C>(dir: string, sub: string, schema: z.ZodType<C>): OnnxComponent<C> {
  return {
    name: sub,
    modelPath: requireFile(join(dir, sub, "model.onnx"), dir),
    config: readJson(join(dir, sub, "config.json"), dir, schema),
  };
}

/**
 * Loads and cross-checks a diffusers-layout ONNX folder (what
 * `optimum-cli export onnx` writes) without creating any session.
 */
export function loadModelFolder(dir: string): ModelFolder {
  if (!existsSync(dir)) throw new ModelFolderError(dir, "model folder does not exist");
  const index = readJson(join(dir, "model_index.json"), dir, looseObject);
  const pipelineClass =
    typeof index["_class_name"] === "string" ? index["_class_name"] : "StableDiffusionPipeline";
  const isXl = "text_encoder_2" in index || existsSync(join(dir, "text_encoder_2"));

  const scheduler = readJson(join(dir, "scheduler", "scheduler_config.json"), dir, looseObject);
  const schedClass = scheduler["_class_name"];
  if (typeof schedClass !== "string" || !SUPPORTED_SCHEDULERS.includes(schedClass)) {
    throw new ModelFolderError(
      "scheduler/scheduler_config.json",
      `_class_name ${String(schedClass)} is not supported (${SUPPORTED_SCHEDULERS.join(", ")})`,
    );
  }

  const folder: ModelFolder = {
    dir,
    pipelineClass,
    isXl,
    scheduler,
    tokenizer: tokenizerFiles(dir, "tokenizer"),
    textEncoder: onnxComponent(dir, "text_encoder", clipTextConfigSchema),
    unet: onnxComponent(dir, "unet", unetConfigSchema),
    vaeDecoder: onnxComponent(dir, "vae_decoder", vaeConfigSchema),
    vaeScaleFactor: 8,
    nativeSize: 512,
    controlnets: controlNetDirs(dir).map((sub) => onnxComponent(dir, sub, controlNetConfigSchema)),
  };
  const fusedNames = join(dir, "unet", FUSED_NAMES_FILE);
  if (existsSync(fusedNames))
    folder.fusedControlNames = readJson(fusedNames, dir, fusedNamesSchema).controlnets;
  if (isXl) {
    folder.tokenizer2 = tokenizerFiles(dir, "tokenizer_2");
    folder.textEncoder2 = onnxComponent(dir, "text_encoder_2", clipTextConfigSchema);
  }
  if (existsSync(join(dir, "vae_decoder_tiny"))) {
    folder.tinyVaeDecoder = onnxComponent(dir, "vae_decoder_tiny", vaeConfigSchema);
  }
  Object.assign(
    folder,
    loadControlComponents(dir, (sub, schema) => onnxComponent(dir, sub, schema)),
  );
  folder.vaeScaleFactor = vaeScaleFactor(folder.vaeDecoder.config);
  folder.nativeSize = folder.unet.config.sample_size * folder.vaeScaleFactor;
  crossCheck(folder);
  return folder;
}

function crossCheck(f: ModelFolder): void {
  const unet = f.unet.config;
  const textDim = f.textEncoder.config.hidden_size + (f.textEncoder2?.config.hidden_size ?? 0);
  if (unet.cross_attention_dim !== textDim) {
    throw new ModelFolderError(
      "unet/config.json",
      `cross_attention_dim ${unet.cross_attention_dim} does not match the text encoder width ${textDim}`,
    );
  }
  crossCheckControl(f, unet, f.vaeDecoder.config.latent_channels, f.vaeScaleFactor);
  if (unet.out_channels !== f.vaeDecoder.config.latent_channels) {
    throw new ModelFolderError(
      "vae_decoder/config.json",
      `latent_channels ${f.vaeDecoder.config.latent_channels} does not match unet out_channels ${unet.out_channels}`,
    );
  }
  if (f.isXl && unet.addition_embed_type !== "text_time") {
    throw new ModelFolderError(
      "unet/config.json",
      "an SDXL folder needs addition_embed_type text_time",
    );
  }
  if (!f.isXl && unet.addition_embed_type === "text_time") {
    throw new ModelFolderError(
      "text_encoder_2/model.onnx",
      "the UNet expects SDXL conditioning but text_encoder_2 is missing",
    );
  }
  for (const cn of f.controlnets) {
    const why = controlNetMismatch(cn.name, unet, cn.config);
    if (why) throw new ModelFolderError(`${cn.name}/config.json`, why);
  }
  const tiny = f.tinyVaeDecoder;
  if (tiny && vaeScaleFactor(tiny.config) !== f.vaeScaleFactor) {
    throw new ModelFolderError(
      "vae_decoder_tiny/config.json",
      "its upsampling factor differs from vae_decoder's",
    );
  }
}
