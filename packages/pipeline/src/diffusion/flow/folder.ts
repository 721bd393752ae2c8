import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ClipTextConfig, VaeConfig } from "../component-configs";
import { clipTextConfigSchema, vaeConfigSchema, vaeScaleFactor } from "../component-configs";
import {
  looseObject,
  ModelFolderError,
  onnxComponent,
  readJson,
  tokenizerFiles,
  type OnnxComponent,
  type TokenizerFiles,
} from "../model-folder";
import { SUPPORTED_SCHEDULERS } from "../schedulers";
import {
  fluxTransformerConfigSchema,
  sd3TransformerConfigSchema,
  t5EncoderConfigSchema,
  type FluxTransformerConfig,
  type Sd3TransformerConfig,
  type T5EncoderConfig,
} from "./configs";

/*
 * FluxPipeline / StableDiffusion3Pipeline folders as `optimum-cli export
 * onnx` writes them:
 *   Flux: tokenizer/ + text_encoder/ (CLIP-L), tokenizer_2/ + text_encoder_2/ (T5)
 *   SD3:  tokenizer/ + text_encoder/ (CLIP-L), tokenizer_2/ + text_encoder_2/
 *         (CLIP-G), tokenizer_3/ + text_encoder_3/ (T5)
 *   both: transformer/, vae_decoder/, scheduler/, model_index.json
 */

export type FlowKind = "flux" | "sd3";

interface FlowFolderBase {
  dir: string;
  pipelineClass: string;
  scheduler: Record<string, unknown>;
  /** CLIP tokenizers and encoders, in folder order (Flux: CLIP-L; SD3: CLIP-L, CLIP-G). */
  clipTokenizers: TokenizerFiles[];
  clipEncoders: OnnxComponent<ClipTextConfig>[];
  /** The T5 tokenizer folder (tokenizer.json) and encoder. */
  t5TokenizerDir: string;
  t5Encoder: OnnxComponent<T5EncoderConfig>;
  vaeDecoder: OnnxComponent<VaeConfig>;
  vaeScaleFactor: number;
  /** The pipeline's default size in pixels (default_sample_size × VAE factor). */
  nativeSize: number;
  /** Sizes must be multiples of this (VAE factor × 2: Flux's 2×2 packing, SD3's patch). */
  sizeMultiple: number;
}

export type FlowFolder =
  | (FlowFolderBase & { kind: "flux"; transformer: OnnxComponent<FluxTransformerConfig> })
  | (FlowFolderBase & { kind: "sd3"; transformer: OnnxComponent<Sd3TransformerConfig> });

export const FLOW_PIPELINE_CLASSES: Record<string, FlowKind> = {
  FluxPipeline: "flux",
  StableDiffusion3Pipeline: "sd3",
};

/** model_index.json's `_class_name`, or undefined when the folder has none. */
export function pipelineClassOf(dir: string): string | undefined {
  const path = join(dir, "model_index.json");
  if (!existsSync(path)) return undefined;
  const cls = readJson(path, dir, looseObject)["_class_name"];
  return typeof cls === "string" ? cls : undefined;
}

/** The flow-matching kind a folder's model_index.json names, or undefined for UNet pipelines. */
export function flowKindOf(dir: string): FlowKind | undefined {
  const cls = pipelineClassOf(dir);
  return cls === undefined ? undefined : FLOW_PIPELINE_CLASSES[cls];
}

export function loadFlowFolder(dir: string): FlowFolder {
  if (!existsSync(dir)) throw new ModelFolderError(dir, "model folder does not exist");
  const index = readJson(join(dir, "model_index.json"), dir, looseObject);
  const pipelineClass = String(index["_class_name"]);
  const kind = FLOW_PIPELINE_CLASSES[pipelineClass];
  if (!kind) {
    throw new ModelFolderError(
      "model_index.json",
      `_class_name ${pipelineClass} is not a flow pipeline (${Object.keys(FLOW_PIPELINE_CLASSES).join(", ")})`,
    );
  }
  const scheduler = readJson(join(dir, "scheduler", "scheduler_config.json"), dir, looseObject);
  const schedClass = scheduler["_class_name"];
  if (schedClass !== "FlowMatchEulerDiscreteScheduler") {
    throw new ModelFolderError(
      "scheduler/scheduler_config.json",
      `_class_name ${String(schedClass)}: ${pipelineClass} needs FlowMatchEulerDiscreteScheduler` +
        (typeof schedClass === "string" && SUPPORTED_SCHEDULERS.includes(schedClass)
          ? " (a velocity model cannot run under a noise-prediction scheduler)"
          : ""),
    );
  }
  const clipSubs = kind === "flux" ? ["text_encoder"] : ["text_encoder", "text_encoder_2"];
  const tokSubs = kind === "flux" ? ["tokenizer"] : ["tokenizer", "tokenizer_2"];
  const t5Sub = kind === "flux" ? "text_encoder_2" : "text_encoder_3";
  const t5TokSub = kind === "flux" ? "tokenizer_2" : "tokenizer_3";
  const t5TokenizerDir = join(dir, t5TokSub);
  if (!existsSync(join(t5TokenizerDir, "tokenizer.json")))
    throw new ModelFolderError(`${t5TokSub}/tokenizer.json`, "file is missing");
  const vaeDecoder = onnxComponent(dir, "vae_decoder", vaeConfigSchema);
  const scale = vaeScaleFactor(vaeDecoder.config);
  const base: FlowFolderBase = {
    dir,
    pipelineClass,
    scheduler,
    clipTokenizers: tokSubs.map((s) => tokenizerFiles(dir, s)),
    clipEncoders: clipSubs.map((s) => onnxComponent(dir, s, clipTextConfigSchema)),
    t5TokenizerDir,
    t5Encoder: onnxComponent(dir, t5Sub, t5EncoderConfigSchema),
    vaeDecoder,
    vaeScaleFactor: scale,
    nativeSize: 128 * scale,
    sizeMultiple: 2 * scale,
  };
  let folder: FlowFolder;
  if (kind === "flux") {
    const transformer = onnxComponent(dir, "transformer", fluxTransformerConfigSchema);
    folder = {
      ...base,
      kind,
      transformer,
      nativeSize: (transformer.config.sample_size ?? 128) * scale,
    };
  } else {
    const transformer = onnxComponent(dir, "transformer", sd3TransformerConfigSchema);
    folder = {
      ...base,
      kind,
      transformer,
      nativeSize: transformer.config.sample_size * scale,
      sizeMultiple: transformer.config.patch_size * scale,
    };
  }
  crossCheckFlow(folder);
  return folder;
}

/** Every width the folder's configs must agree on, refused with a sentence naming the file. */
function crossCheckFlow(f: FlowFolder): void {
  const t = f.transformer.config;
  const t5 = f.t5Encoder;
  const vae = f.vaeDecoder.config;
  if (t5.config.d_model !== t.joint_attention_dim) {
    throw new ModelFolderError(
      `${t5.name}/config.json`,
      `T5 d_model ${t5.config.d_model} does not match transformer/config.json joint_attention_dim ${t.joint_attention_dim}`,
    );
  }
  if (f.kind === "flux") {
    const clip = f.clipEncoders[0];
    if (clip && clip.config.hidden_size !== f.transformer.config.pooled_projection_dim) {
      throw new ModelFolderError(
        "text_encoder/config.json",
        `CLIP pooled width (hidden_size ${clip.config.hidden_size}) does not match transformer/config.json pooled_projection_dim ${f.transformer.config.pooled_projection_dim}`,
      );
    }
    if (vae.latent_channels * 4 !== f.transformer.config.in_channels) {
      throw new ModelFolderError(
        "vae_decoder/config.json",
        `latent_channels ${vae.latent_channels} does not match transformer/config.json in_channels ${f.transformer.config.in_channels} / 4 (2×2-packed latents)`,
      );
    }
    const out = f.transformer.config.out_channels ?? f.transformer.config.in_channels;
    if (out !== f.transformer.config.in_channels) {
      throw new ModelFolderError(
        "transformer/config.json",
        `out_channels ${out} differs from in_channels ${f.transformer.config.in_channels}: the scheduler steps the packed latents`,
      );
    }
  } else {
    const cfg = f.transformer.config;
    const pooled = f.clipEncoders.reduce(
      (s, c) => s + (c.config.projection_dim ?? c.config.hidden_size),
      0,
    );
    if (pooled !== cfg.pooled_projection_dim) {
      throw new ModelFolderError(
        "text_encoder_2/config.json",
        `CLIP-L + CLIP-G projection_dim sum to ${pooled}, transformer/config.json pooled_projection_dim is ${cfg.pooled_projection_dim}`,
      );
    }
    const hidden = f.clipEncoders.reduce((s, c) => s + c.config.hidden_size, 0);
    if (hidden > cfg.joint_attention_dim) {
      throw new ModelFolderError(
        "text_encoder_2/config.json",
        `CLIP-L + CLIP-G hidden sizes sum to ${hidden}, wider than transformer/config.json joint_attention_dim ${cfg.joint_attention_dim} they are zero-padded to`,
      );
    }
    if (vae.latent_channels !== cfg.in_channels || vae.latent_channels !== cfg.out_channels) {
      throw new ModelFolderError(
        "vae_decoder/config.json",
        `latent_channels ${vae.latent_channels} does not match transformer/config.json in_channels ${cfg.in_channels} / out_channels ${cfg.out_channels}`,
      );
    }
  }
}
