import { z } from "zod";
import { FormatName } from "./formats";
import { issueParams } from "./issues";
import { ProductKind } from "./product-kind";
import { safeText } from "./text";

export const Language = z.enum(["en", "zh"]);
export type Language = z.infer<typeof Language>;

const text = (field: string, max: number) =>
  safeText(
    z
      .string({ error: `${field} must be text.` })
      .trim()
      .min(1, { error: `${field} must not be empty.` })
      .max(max, { error: `${field} must be at most ${max} characters.` }),
    field,
  );

/** The most characters each text field of a brief takes (the studio shows counters from these). */
export const BRIEF_LIMITS = {
  product: 200,
  offer: 200,
  audience: 200,
  style: 300,
  headline: 120,
  subline: 200,
  cta: 40,
} as const;

/**
 * What the product photo shows: a vision model's description ("describe my
 * product photo") or, without one, the colours read from the cut-out. The
 * rephraser adds it to the image prompt so the scene matches the real product;
 * the marketer's own product words still open the prompt.
 */
export const BriefProductDescription = z
  .object({
    /** "vision": a vision model described the photo; "local": colours read from the cut-out. */
    source: z
      .enum(["vision", "local"], { error: "productDescription.source must be vision or local." })
      .default("local"),
    name: text("productDescription.name", 120).optional(),
    category: text("productDescription.category", 60).optional(),
    material: text("productDescription.material", 80).optional(),
    colors: z
      .array(text("productDescription.colors", 40), {
        error: "productDescription.colors must be a list of colour words.",
      })
      .max(8, { error: "productDescription.colors can list at most 8 colours." })
      .default([]),
    details: z
      .array(text("productDescription.details", 160), {
        error: "productDescription.details must be a list of short phrases.",
      })
      .max(8, { error: "productDescription.details can list at most 8 details." })
      .default([]),
  })
  .strict();
export type BriefProductDescription = z.infer<typeof BriefProductDescription>;

/**
 * A marketer's brief: what they type. Field names are the public vocabulary
 * shared by the CLI, the REST API and the UI (see README).
 */
export const Brief = z.object({
  language: Language.default("en"),
  product: text("product", BRIEF_LIMITS.product),
  offer: text("offer", BRIEF_LIMITS.offer).optional(),
  audience: text("audience", BRIEF_LIMITS.audience).optional(),
  style: text("style", BRIEF_LIMITS.style).optional(),
  headline: text("headline", BRIEF_LIMITS.headline).optional(),
  subline: text("subline", BRIEF_LIMITS.subline).optional(),
  cta: text("cta", BRIEF_LIMITS.cta).optional(),
  /** What is advertised, when the marketer wants to set it rather than let it be detected. */
  kind: ProductKind.optional(),
  /** What the product photo shows (see BriefProductDescription); only with a product photo in practice. */
  productDescription: BriefProductDescription.optional(),
  formats: z
    .array(FormatName, { error: "formats must be a list of format names." })
    .min(1, { error: "formats must name at least one format." })
    .max(10, { error: "formats can name at most 10 formats." })
    .refine((list) => new Set(list).size === list.length, {
      error: "formats must not repeat a format.",
      ...issueParams("repeated"),
    }),
  /** Slug of the brand preset to use. */
  preset: z.string().trim().min(1).max(64).optional(),
});
export type Brief = z.infer<typeof Brief>;
export type BriefInput = z.input<typeof Brief>;
