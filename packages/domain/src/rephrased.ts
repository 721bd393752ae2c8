import { z } from "zod";
import { KindChoice } from "./product-kind";

/** The words on the poster. */
export const PosterCopy = z.object({
  headline: z.string().min(1),
  subline: z.string().optional(),
  cta: z.string().min(1),
});
export type PosterCopy = z.infer<typeof PosterCopy>;

/** One line of the rephraser's trace: what it did to a term, where and why. */
export const TraceEntry = z.object({
  action: z.enum(["kept", "added", "dropped", "translated", "untranslated", "fallback", "note"]),
  term: z.string(),
  slot: z.string(),
  reason: z.string(),
});
export type TraceEntry = z.infer<typeof TraceEntry>;

/** Copy that breaks advertising rules (China's Advertising Law Art. 9, unprovable claims). */
export const ComplianceWarning = z.object({
  /** "offer" when the brief's offer had to be left out of generated copy. */
  field: z.enum(["headline", "subline", "cta", "offer"]),
  term: z.string(),
  message: z.string(),
});
export type ComplianceWarning = z.infer<typeof ComplianceWarning>;

export const Rephrased = z.object({
  prompt: z.string(),
  negativePrompt: z.string(),
  copy: PosterCopy,
  /** At least three distinct candidates so variants differ; copy === candidates[0]. */
  copyCandidates: z.array(PosterCopy).min(1),
  /** CLIP ids of the prompt including start and end tokens (≤ 77). */
  tokenCount: z.number().int().positive(),
  trace: z.array(TraceEntry),
  warnings: z.array(ComplianceWarning),
  backend: z.enum(["rules", "llm"]),
  /** The product kind the copy was written for (absent in results made before kinds). */
  kind: KindChoice.optional(),
});
export type Rephrased = z.infer<typeof Rephrased>;

/**
 * The copy variant `index` of a series carries: candidates in turn, the best
 * first. `index` counts across "More variations" (a generation's first variant
 * continues after the variants its source already made), so new variants get
 * copy the earlier ones did not have while the candidates last.
 */
export function variantCopy(
  rephrased: Pick<Rephrased, "copy" | "copyCandidates">,
  index: number,
): PosterCopy {
  if (index === 0) return rephrased.copy;
  const candidates = rephrased.copyCandidates;
  return candidates[index % candidates.length] ?? rephrased.copy;
}
