export { writeModelFolder, type BuildOptions, type BuildReport } from "./write-folder";
export {
  PRESETS,
  SD_TURBO,
  SD21,
  SD21_V,
  SDXL_TURBO,
  TINY_SD,
  TINY_SDXL,
  TINY_SD15,
  SD15,
  CLIP_VIT_H_14,
  type ModelPreset,
} from "./presets";
export { GraphBuilder } from "./graph";
export { countParameters } from "./count";
export { writeLlmTextEncoder, TINY_QWEN_TEXT_ENCODER, type LlmFolderOptions } from "./llm-folder";
export { qwenTokenizerFiles } from "./qwen-tokenizer";
export { crossAttentionLayers } from "./unet";
export { writeTinyDepthModel } from "./depth-model";
export { writeFlowFolder, type FlowBuildOptions } from "./flow-folder";
export {
  FLOW_PRESETS,
  TINY_FLUX,
  TINY_FLUX_DEV,
  TINY_SD3,
  FLUX_SCHNELL_FEW_BLOCKS,
  type FlowPreset,
} from "./flow-presets";
export { t5TokenizerFiles } from "./t5-tokenizer";
