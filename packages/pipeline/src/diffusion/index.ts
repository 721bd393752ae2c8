// Public API of the diffusion backend: schedulers, pipeline, model folders, ONNX helpers.
// The test-model builder has its own entry: "@hyperposter/pipeline/diffusion/builder".
export * from "./schedulers";
export {
  DiffusionPipeline,
  rowsOf,
  type GenerateOptions,
  type GenerateResult,
  type ImageRow,
  type SharedOptions,
  type StageTimings,
} from "./pipeline";
export * from "./batching";
export { loadImagePipeline, type ImagePipeline } from "./image-pipeline";
export { FlowPipeline } from "./flow/flow-pipeline";
export { loadFlowFolder, flowKindOf, type FlowFolder } from "./flow/folder";
export { DiffusionBackend, type BatchingConfig, type DiffusionBackendOptions } from "./backend";
export { loadModelFolder, ModelFolderError, type ModelFolder } from "./model-folder";
export { checkModelFolder, type FolderReport } from "./model-check";
export { GaussianStream, batchNoise, philox4x32 } from "./random";
export { nearestBucket, fitToSize } from "./aspect";
export { decodeReference } from "./control/image-encoder-preprocess";
export { textEncoderKindOf } from "./text-encoders/kind";
export type { TextEmbeddings, TextEncoder, TextEncoderKind } from "./text-encoders/types";
export { createSession, type ExecutionProviderName, type SessionConfig } from "./onnx";
