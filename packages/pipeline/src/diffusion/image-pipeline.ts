import type { RowRunner } from "./batching";
import { flowKindOf } from "./flow/folder";
import { FlowPipeline } from "./flow/flow-pipeline";
import type { SessionConfig } from "./onnx/session";
import {
  DiffusionPipeline,
  type GenerateOptions,
  type GenerateResult,
  type PipelineLoadOptions,
} from "./pipeline";

/**
 * What the backend and the batching coalescer need from any pipeline: the
 * UNet pipelines (StableDiffusion*, XL) and the flow-matching transformers
 * (FluxPipeline, StableDiffusion3Pipeline) alike.
 */
export interface ImagePipeline extends RowRunner {
  readonly folder: { dir: string; pipelineClass: string; nativeSize: number };
  readonly sizeMultiple: number;
  readonly supportsStyleReferences: boolean;
  readonly supportsInpainting: boolean;
  /** The ControlNets the folder has, by name (none for flow transformers). */
  readonly controlNames: string[];
  generate(options: GenerateOptions): Promise<GenerateResult>;
  warmup(): Promise<void>;
  release(): Promise<void>;
}

/** Loads the pipeline model_index.json's `_class_name` names (UNet classes are the default). */
export async function loadImagePipeline(
  dir: string,
  config: SessionConfig,
  options: PipelineLoadOptions = {},
): Promise<ImagePipeline> {
  return flowKindOf(dir)
    ? FlowPipeline.load(dir, config, options)
    : DiffusionPipeline.load(dir, config, options);
}
