import { z } from "zod";
import { BRIEF_LIMITS } from "./brief";
import { TemplateName } from "./poster";
import { safeText } from "./text";

const copyText = (field: string, max: number) =>
  safeText(
    z
      .string({ error: `${field} must be text.` })
      .trim()
      .min(1, { error: `${field} must not be empty.` })
      .max(max, { error: `${field} must be at most ${max} characters.` }),
    field,
  );

/**
 * Copy edited after generation. An empty subline removes it; headline and
 * call to action are required (every template draws them).
 */
export const EditedCopy = z.object({
  headline: copyText("headline", BRIEF_LIMITS.headline),
  subline: z
    .string({ error: "subline must be text." })
    .trim()
    .max(BRIEF_LIMITS.subline, {
      error: `subline must be at most ${BRIEF_LIMITS.subline} characters.`,
    })
    .optional()
    .transform((s) => (s ? s : undefined)),
  cta: copyText("cta", BRIEF_LIMITS.cta),
});
export type EditedCopy = z.infer<typeof EditedCopy>;

/**
 * A re-render: new copy (and optionally another of the format's templates) for
 * one output, or for every format of a variant (`scope: "variant"`).
 */
export const RerenderRequest = z.object({
  outputId: z.string({ error: "outputId must be text." }).min(1).max(64),
  scope: z.enum(["format", "variant"]).default("format"),
  copy: EditedCopy,
  /** Only with scope "format": one of the format's templates. */
  template: TemplateName.optional(),
});
export type RerenderRequest = z.infer<typeof RerenderRequest>;

/** Re-rendering composes over the stored background (no image model): it costs no credits. */
export const RERENDER_CREDITS_PER_FORMAT = 0;

/** Versions one output keeps; beyond this, re-render the copy in a new generation. */
export const MAX_OUTPUT_VERSIONS = 20;

export const OutputVersionView = z.object({
  version: z.number().int().positive(),
  current: z.boolean(),
  copy: z.object({ headline: z.string(), subline: z.string().optional(), cta: z.string() }),
  template: TemplateName,
  passed: z.boolean(),
  renderMs: z.number().int().nullable(),
  createdAt: z.string(),
  /** Signed URL of this version's PNG (or first file). */
  previewUrl: z.string().nullable(),
});
export type OutputVersionView = z.infer<typeof OutputVersionView>;
