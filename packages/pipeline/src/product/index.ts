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
