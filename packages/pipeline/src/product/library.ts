// What the app's product library needs at upload time, without the rest of the
// pipeline (canvas, OCR, ONNX): the cut-out itself and its stored PNG form.
export { LOW_CONFIDENCE, type Cutout, type Segmenter, cutOutProduct } from "./cutout";
export { cutoutFromPng, cutoutPng, storedCutoutMeta, type StoredCutoutMeta } from "./stored";
export {
  type LocalDescription,
  type ProductDescription,
  type VlmOptions,
  VlmFailure,
  briefDescriptionFromLocal,
  describeLocally,
  describeWithVlm,
} from "./recaption";
