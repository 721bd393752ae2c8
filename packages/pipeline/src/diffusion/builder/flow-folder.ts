import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildClipText } from "./clip-text";
import type { FlowPreset } from "./flow-presets";
import { buildFluxTransformer, buildSd3Transformer } from "./mmdit";
import { buildT5Encoder } from "./t5-encoder";
import { t5TokenizerFiles } from "./t5-tokenizer";
import { buildVaeDecoder } from "./vae-decoder";
import { component, writeJson, writeTokenizer, type BuildReport } from "./write-folder";

export interface FlowBuildOptions {
  dtype?: "float32" | "float16";
  externalData?: boolean;
  seed?: number;
  tiledWeights?: boolean;
  /** Scheduler config keys to override. */
  scheduler?: Record<string, unknown>;
}

function writeT5Tokenizer(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const t = t5TokenizerFiles();
  writeJson(join(dir, "tokenizer.json"), t.tokenizerJson);
  writeJson(join(dir, "tokenizer_config.json"), t.tokenizerConfig);
  writeJson(join(dir, "special_tokens_map.json"), t.specialTokensMap);
}

/**
 * Writes a FluxPipeline or StableDiffusion3Pipeline folder in the layout
 * `optimum-cli export onnx` produces (text_encoder…, transformer/,
 * vae_decoder/, tokenizer…, scheduler/, model_index.json), random weights.
 */
export function writeFlowFolder(
  dir: string,
  preset: FlowPreset,
  options: FlowBuildOptions = {},
): BuildReport {
  const dtype = options.dtype ?? "float32";
  const base = {
    dtype,
    externalData: options.externalData ?? false,
    seed: options.seed ?? 1,
    tiledWeights: options.tiledWeights ?? false,
  };
  const part = (
    sub: string,
    seedOffset: number,
    config: Record<string, unknown>,
    build: Parameters<typeof component>[4],
  ) => component(dir, sub, { ...base, seed: base.seed + seedOffset }, config, build);
  mkdirSync(dir, { recursive: true });
  const parameters: Record<string, number> = {};
  const scheduler = { ...preset.scheduler, ...options.scheduler };
  mkdirSync(join(dir, "scheduler"), { recursive: true });
  writeJson(join(dir, "scheduler", "scheduler_config.json"), scheduler);
  const t5Sub = preset.kind === "flux" ? "text_encoder_2" : "text_encoder_3";
  const t5TokSub = preset.kind === "flux" ? "tokenizer_2" : "tokenizer_3";

  writeTokenizer(join(dir, "tokenizer"), "<|endoftext|>");
  if (preset.kind === "flux") {
    parameters["text_encoder"] = part("text_encoder", 1, { ...preset.clip }, (g) =>
      buildClipText(g, preset.clip, {
        outputType: dtype,
        withProjection: false,
        hiddenStates: false,
      }),
    );
  } else {
    const clips = [
      ["text_encoder", preset.clip],
      ["text_encoder_2", preset.clip2],
    ] as const;
    clips.forEach(([sub, cfg], i) => {
      parameters[sub] = part(sub, 1 + i, { ...cfg }, (g) =>
        buildClipText(g, cfg, { outputType: dtype, withProjection: true, hiddenStates: true }),
      );
    });
    // SD3's CLIP-G tokenizer pads with "!" like SDXL's second one.
    writeTokenizer(join(dir, "tokenizer_2"), "!");
  }
  writeT5Tokenizer(join(dir, t5TokSub));
  parameters[t5Sub] = part(
    t5Sub,
    3,
    { architectures: ["T5EncoderModel"], model_type: "t5", ...preset.t5 },
    (g) => buildT5Encoder(g, preset.t5, dtype),
  );
  parameters["transformer"] = part("transformer", 4, { ...preset.transformer }, (g) =>
    preset.kind === "flux"
      ? buildFluxTransformer(g, preset.transformer, dtype)
      : buildSd3Transformer(g, preset.transformer, dtype),
  );
  parameters["vae_decoder"] = part("vae_decoder", 5, { ...preset.vae }, (g) =>
    buildVaeDecoder(g, preset.vae, dtype),
  );

  const clipTokenizer = ["transformers", "CLIPTokenizer"];
  const t5Tokenizer = ["transformers", "T5TokenizerFast"];
  const t5 = ["transformers", "T5EncoderModel"];
  writeJson(join(dir, "model_index.json"), {
    _class_name: preset.pipelineClass,
    _diffusers_version: "0.31.0",
    scheduler: ["diffusers", String(scheduler["_class_name"])],
    ...(preset.kind === "flux"
      ? {
          text_encoder: ["transformers", "CLIPTextModel"],
          text_encoder_2: t5,
          tokenizer: clipTokenizer,
          tokenizer_2: t5Tokenizer,
          transformer: ["diffusers", "FluxTransformer2DModel"],
        }
      : {
          text_encoder: ["transformers", "CLIPTextModelWithProjection"],
          text_encoder_2: ["transformers", "CLIPTextModelWithProjection"],
          text_encoder_3: t5,
          tokenizer: clipTokenizer,
          tokenizer_2: clipTokenizer,
          tokenizer_3: t5Tokenizer,
          transformer: ["diffusers", "SD3Transformer2DModel"],
        }),
    vae: ["diffusers", "AutoencoderKL"],
  });
  return { dir, parameters };
}
