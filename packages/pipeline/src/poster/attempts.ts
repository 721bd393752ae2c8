import type { FormatSpec, QualityResult, TemplateName } from "@hyperposter/domain";
import type { UnderlayChoice } from "../compose/style";
import { geometry, templatesFor } from "../compose/templates";

export interface Attempt {
  template: TemplateName;
  underlay: UnderlayChoice;
  scale: number;
  action: string;
}

/**
 * What the repair loop tries, in order: the format's preferred template as
 * composed; then the fix each kind of failure calls for (an underlay for
 * contrast, calm or OCR; smaller type for geometry); then the next template.
 */
export function nextAttempt(
  format: FormatSpec,
  tried: Attempt[],
  last: QualityResult | undefined,
): Attempt | undefined {
  const templates = templatesFor(format).slice(0, 3);
  const first = templates[0];
  if (!first) return undefined;
  if (!last || tried.length === 0)
    return { template: first, underlay: "auto", scale: 1, action: "initial composition" };
  const prev = tried[tried.length - 1] as Attempt;
  const textFailed =
    last.contrast.some((c) => !c.passed) || !last.readability.passed || !last.ocr.passed;
  const geometryFailed =
    !last.safeArea.passed || !last.overlap.passed || last.product?.passed === false;
  // A character no font draws fails every layout alike: nothing to try.
  if (!textFailed && !geometryFailed) return undefined;
  const has = (a: Attempt) =>
    tried.some(
      (t) => t.template === a.template && t.underlay === a.underlay && t.scale === a.scale,
    );
  const candidates: Attempt[] = [];
  const preferred = geometry(format, prev.template).preferredUnderlay;
  if (textFailed && prev.underlay !== preferred && prev.underlay !== "panel") {
    candidates.push({ ...prev, underlay: preferred, action: `add a ${preferred} under the text` });
  }
  if (textFailed && prev.underlay !== "panel") {
    candidates.push({ ...prev, underlay: "panel", action: "set the text on a solid panel" });
  }
  // Type shrinks at most twice (to ~0.72): below that a poster stops reading as one.
  if ((geometryFailed || (!last.ocr.passed && prev.scale >= 1)) && prev.scale > 0.75) {
    candidates.push({ ...prev, scale: prev.scale * 0.85, action: "smaller type (×0.85)" });
  }
  const index = templates.indexOf(prev.template);
  for (const t of templates.slice(index + 1)) {
    candidates.push({
      template: t,
      underlay: "auto",
      scale: 1,
      action: `switch to the ${t} template`,
    });
    candidates.push({
      template: t,
      underlay: "panel",
      scale: 0.9,
      action: `${t} on a panel, smaller type`,
    });
  }
  return candidates.find((c) => !has(c));
}

export const MAX_ATTEMPTS = 5;
