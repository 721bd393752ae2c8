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

/**
 * A marketer's brief: what they type. Field names are the public vocabulary
 * shared by the CLI, the REST API and the UI (see README).
 */
export const Brief = z.object({
  language: Language.default("en"),
  product: text("product", 200),
  offer: text("offer", 200).optional(),
  audience: text("audience", 200).optional(),
  style: text("style", 300).optional(),
  headline: text("headline", 120).optional(),
  subline: text("subline", 200).optional(),
  cta: text("cta", 40).optional(),
  /** What is advertised, when the marketer wants to set it rather than let it be detected. */
  kind: ProductKind.optional(),
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
