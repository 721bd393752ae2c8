export {
  composePoster,
  plan as planPoster,
  type ComposeInput,
  type Composed,
  type ProductArt,
} from "./compose";
export { planLayout, fitProduct, PRODUCT_SHARE, type Plan, type PlannedText } from "./plan";
export { drawProduct, lightDirection } from "./product";
export { styleLayout, contrastThreshold, type StyleOptions, type UnderlayChoice } from "./style";
export { templatesFor, geometry, safeRect, type TemplateGeometry } from "./templates";
export { fitText, measure, type SetText, type FitRequest } from "./fit";
export { breakPoints, units, NO_LINE_START, NO_LINE_END } from "./linebreak";
export { drawPoster, backgroundCanvas, backgroundPixels, drawText, fontOf } from "./draw";
export { loadLogo, type Logo } from "./logo";
export * from "./color";
