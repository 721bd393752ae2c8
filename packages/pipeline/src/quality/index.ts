export { runGate, OCR_THRESHOLD, type GateInput } from "./gate";
export { measureContrast, textElements } from "./contrast";
export { checkSafeArea, checkOverlap, intersection } from "./geometry";
export { measureReadability, GRADIENT_THRESHOLD, REA_WIDTH, REA_HEIGHT } from "./readability";
export { readBack, readShare, normaliseForOcr } from "./ocr";
export { recognizer, LINE_HEIGHT, type Recognizer } from "./recognize";
export { checkProduct, PRODUCT_MIN_AREA, PRODUCT_MIN_LONG_SIDE } from "./product";
