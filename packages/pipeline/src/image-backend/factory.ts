import { ProceduralBackend } from "../backgrounds/procedural";
import { type BatchingConfig, DiffusionBackend } from "../diffusion/backend";
import type { ExecutionProviderName } from "../diffusion/onnx/session";
import type { ImageBackend } from "./types";
import type { ControlSetting } from "../diffusion/control/control-plan";

export interface BackendChoice {
  /** "procedural" (default). Other backends register here as they land. */
  backend?: string;
  /** Model folder for model-based backends. */
  modelDir?: string;
  /** Diffusion: cpu | cuda | tensorrt | webgpu (falls back to cpu, logged, when the provider cannot load). */
  provider?: ExecutionProviderName;
  /** Diffusion: TensorRT engine cache folder. */
  trtCacheDir?: string;
  /** Diffusion: denoising steps (distilled models: 1–4). */
  steps?: number;
  /** Diffusion: load, run and release text encoders in turn (HYPERPOSTER_SEQUENTIAL_ENCODERS). */
  sequentialEncoders?: boolean;
  /** Diffusion: merge concurrent renders into one UNet batch (maxBatch 1 or absent: off). */
  batching?: BatchingConfig;
  /** Diffusion: which ControlNets run, with scale and step range (HYPERPOSTER_CONTROLNET); absent: all the folder names. */
  controlnet?: ControlSetting[];
  /** Diffusion: a DPT / Depth-Anything ONNX export for the depth ControlNet (HYPERPOSTER_DEPTH_MODEL). */
  depthModel?: string;
}

export const BACKEND_NAMES = ["procedural", "diffusion"] as const;

/** The one place that maps a backend name (CLI flag, config) to an ImageBackend. */
export async function createImageBackend(choice: BackendChoice = {}): Promise<ImageBackend> {
  const name = choice.backend ?? "procedural";
  switch (name) {
    case "procedural":
      return new ProceduralBackend();
    case "diffusion":
      if (!choice.modelDir)
        throw new Error("the diffusion backend needs a model folder (--model <dir>)");
      return DiffusionBackend.create({
        modelDir: choice.modelDir,
        ...(choice.provider ? { provider: choice.provider } : {}),
        ...(choice.trtCacheDir ? { trtCacheDir: choice.trtCacheDir } : {}),
        ...(choice.steps ? { steps: choice.steps } : {}),
        ...(choice.sequentialEncoders ? { sequentialEncoders: true } : {}),
        ...(choice.batching ? { batching: choice.batching } : {}),
        ...(choice.controlnet ? { controlnet: choice.controlnet } : {}),
        ...(choice.depthModel ? { depthModel: choice.depthModel } : {}),
      });
    default:
      throw new Error(`unknown image backend "${name}" (available: ${BACKEND_NAMES.join(", ")})`);
  }
}
