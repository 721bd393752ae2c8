export {
  CUTOUT_MAX_SIDE,
  LOW_CONFIDENCE,
  type Cutout,
  type CutoutOptions,
  type RgbaImage,
  type Segmenter,
  alphaBox,
  cutOutPixels,
  cutOutProduct,
  decodeRgba,
  segmentByBackdrop,
} from "./cutout";
export { BACKDROP_KINDS, scoreMask, syntheticPhoto } from "./synthetic";
export { dominantColors, paletteAgainst, separation, type DominantColor } from "./palette";
export {
  loadSegmentationModel,
  toModelInput,
  fromModelOutput,
  type Normalisation,
  type SegmentationModelOptions,
} from "./segmentation-model";
export { buildTinySegmentationModel, writeTinySegmentationModel } from "./tiny-segmentation-model";
export { srgbToOklab, oklabToHex } from "./oklab";
export {
  ProductDescription,
  VlmFailure,
  briefDescriptionFromLocal,
  describeLocally,
  describeWithVlm,
  parseDescription,
  type LocalDescription,
  type VlmOptions,
} from "./recaption";
export { cutoutFromPng, cutoutPng, storedCutoutMeta, type StoredCutoutMeta } from "./stored";
