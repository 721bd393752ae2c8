import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ClipTokenizer } from "../../text/clip-tokenizer";
import type { ElemType } from "./graph";
import { GraphBuilder } from "./graph";
import { buildClipText } from "./clip-text";
import { controlNetPlan, type ControlNetBuildOptions } from "./controlnet-folder";
import type { ModelPreset } from "./presets";
import { buildUNet } from "./unet";
import { writeControlParts } from "./control-parts";
import { buildTinyVaeDecoder, buildVaeDecoder } from "./vae-decoder";

export interface BuildOptions {
  /** Storage and I/O dtype of the float tensors. */
  dtype?: "float32" | "float16";
  /** The UNet's `timestep` input: "float" follows dtype, as in fp16 exports. */
  timestep?: "float" | "int64";
  /** Write parameters as ONNX external data (model.onnx_data), as real exports of big models do. */
  externalData?: boolean;
  /** Also write a TAESD-style decoder to vae_decoder_tiny/. */
  tinyVae?: boolean;
  seed?: number;
  /**
   * Latency benchmarks only: draw each weight tensor from one repeated block
   * of random values instead of a fresh stream (a full SDXL folder builds in
   * seconds of I/O instead of minutes of random numbers; latency does not
   * depend on the values).
   */
  tiledWeights?: boolean;
  /**
   * IP-Adapter: image_encoder/ (CLIP vision), image_proj/ (ImageProjection)
   * and a UNet taking text + 4 image tokens and an ipadapter_scale input.
   */
  ipAdapter?: boolean;
  /** Inpainting: a 9-channel UNet (latents, mask, masked-image latents) and vae_encoder/. */
  inpainting?: boolean;
  /** Scheduler config keys to override (e.g. prediction_type, _class_name). */
  scheduler?: Record<string, unknown>;
  /** Add ControlNets in the split (controlnet/ folders) or fused (ONNX Runtime) layout. */
  controlnet?: ControlNetBuildOptions;
}

export interface BuildReport {
  dir: string;
  parameters: Record<string, number>;
}

const EXTERNAL_DATA = "model.onnx_data";

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function component(
  root: string,
  sub: string,
  opts: Required<Pick<BuildOptions, "dtype" | "externalData" | "seed" | "tiledWeights">>,
  config: Record<string, unknown>,
  build: (g: GraphBuilder) => void,
): number {
  const dir = join(root, sub);
  mkdirSync(dir, { recursive: true });
  const g = new GraphBuilder(sub, {
    weightType: opts.dtype,
    seed: opts.seed,
    tiledWeights: opts.tiledWeights,
    ...(opts.externalData ? { externalDataPath: join(dir, EXTERNAL_DATA) } : {}),
  });
  build(g);
  writeFileSync(join(dir, "model.onnx"), g.finish());
  writeJson(join(dir, "config.json"), config);
  return g.parameterCount;
}

export function writeTokenizer(dir: string, padToken: string): void {
  mkdirSync(dir, { recursive: true });
  const { vocab, mergesTxt } = ClipTokenizer.bundled().toHuggingFace();
  writeJson(join(dir, "vocab.json"), vocab);
  writeFileSync(join(dir, "merges.txt"), mergesTxt);
  const special = {
    bos_token: "<|startoftext|>",
    eos_token: "<|endoftext|>",
    unk_token: "<|endoftext|>",
    pad_token: padToken,
  };
  writeJson(join(dir, "special_tokens_map.json"), special);
  writeJson(join(dir, "tokenizer_config.json"), {
    ...special,
    do_lower_case: true,
    model_max_length: 77,
    tokenizer_class: "CLIPTokenizer",
  });
}

/**
 * Writes a model folder in the layout `optimum-cli export onnx` produces for
 * a diffusers pipeline, with seeded random weights.
 */
export function writeModelFolder(
  dir: string,
  preset: ModelPreset,
  options: BuildOptions = {},
): BuildReport {
  const dtype = options.dtype ?? "float32";
  const base = {
    dtype,
    externalData: options.externalData ?? false,
    seed: options.seed ?? 1,
    tiledWeights: options.tiledWeights ?? false,
  };
  const timestepType: ElemType = options.timestep === "int64" ? "int64" : dtype;
  const sdxl = preset.textEncoder2 !== undefined;
  mkdirSync(dir, { recursive: true });
  const parameters: Record<string, number> = {};

  const scheduler = { ...preset.scheduler, ...options.scheduler };
  mkdirSync(join(dir, "scheduler"), { recursive: true });
  writeJson(join(dir, "scheduler", "scheduler_config.json"), scheduler);
  writeTokenizer(join(dir, "tokenizer"), preset.padToken);

  parameters["text_encoder"] = component(
    dir,
    "text_encoder",
    { ...base, seed: base.seed + 1 },
    { ...preset.textEncoder },
    (g) =>
      buildClipText(g, preset.textEncoder, {
        outputType: dtype,
        withProjection: false,
        hiddenStates: sdxl,
      }),
  );
  if (preset.textEncoder2) {
    const cfg2 = preset.textEncoder2;
    writeTokenizer(join(dir, "tokenizer_2"), preset.padToken2 ?? preset.padToken);
    parameters["text_encoder_2"] = component(
      dir,
      "text_encoder_2",
      { ...base, seed: base.seed + 2 },
      { ...cfg2 },
      (g) =>
        buildClipText(g, cfg2, { outputType: dtype, withProjection: true, hiddenStates: true }),
    );
  }
  if (options.inpainting && options.controlnet)
    throw new Error("write-folder: an inpainting UNet with ControlNets is not built here");
  // An inpainting UNet reads latents, the mask and the masked image's latents stacked on channels.
  const unetCfg = options.inpainting
    ? { ...preset.unet, in_channels: 2 * preset.vae.latent_channels + 1 }
    : preset.unet;
  const io = { sampleType: dtype, timestepType };
  const controlnet = options.controlnet
    ? controlNetPlan(preset.unet, options.controlnet, io, base.seed)
    : undefined;
  parameters["unet"] = component(
    dir,
    "unet",
    { ...base, seed: base.seed + 3 },
    { _class_name: "UNet2DConditionModel", ...unetCfg },
    (g) =>
      buildUNet(
        g,
        unetCfg,
        { ...io, ...(options.ipAdapter ? { ipAdapter: { imageTokens: 4 } } : {}) },
        controlnet?.unetExtras(g),
      ),
  );
  if (controlnet) {
    Object.assign(
      parameters,
      controlnet.write(dir, (sub, seed, config, build) =>
        component(dir, sub, { ...base, seed }, config, build),
      ),
    );
  }
  const control = writeControlParts(dir, preset, options, (sub, seedOffset, config, build) =>
    component(dir, sub, { ...base, seed: base.seed + seedOffset }, config, build),
  );
  Object.assign(parameters, control.parameters);
  parameters["vae_decoder"] = component(
    dir,
    "vae_decoder",
    { ...base, seed: base.seed + 4 },
    { ...preset.vae },
    (g) => buildVaeDecoder(g, preset.vae, dtype),
  );
  if (options.tinyVae) {
    const tiny = {
      _class_name: "AutoencoderTiny",
      latent_channels: preset.vae.latent_channels,
      out_channels: 3,
      block_out_channels: [64, 64, 64, 64],
      decoder_block_out_channels: [16, 16, 16, 16],
      num_decoder_blocks: [1, 1, 1, 1],
      upsampling_scaling_factor: 2,
      scaling_factor: 1,
    };
    parameters["vae_decoder_tiny"] = component(
      dir,
      "vae_decoder_tiny",
      { ...base, seed: base.seed + 5 },
      tiny,
      (g) => buildTinyVaeDecoder(g, { ...tiny, layers_per_block: 1, norm_num_groups: 1 }, dtype),
    );
  }

  const [textClass, text2Class] = ["CLIPTextModel", "CLIPTextModelWithProjection"];
  writeJson(join(dir, "model_index.json"), {
    _class_name: preset.pipelineClass,
    _diffusers_version: "0.31.0",
    scheduler: ["diffusers", String(scheduler["_class_name"])],
    text_encoder: ["transformers", textClass],
    tokenizer: ["transformers", "CLIPTokenizer"],
    ...(sdxl
      ? {
          text_encoder_2: ["transformers", text2Class],
          tokenizer_2: ["transformers", "CLIPTokenizer"],
        }
      : {}),
    unet: ["diffusers", "UNet2DConditionModel"],
    vae: ["diffusers", "AutoencoderKL"],
    ...control.modelIndex,
  });
  return { dir, parameters };
}
