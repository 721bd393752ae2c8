import { z } from "zod";
import { FormatName } from "./formats";
import { issueParams } from "./issues";
import { safeText } from "./text";

/** Trimmed text of bounded length that follows the edge rule of text.ts. */
const line = (field: string, min: number, max: number) =>
  safeText(z.string().trim().min(min).max(max), field);

export const HexColor = z
  .string()
  .refine((s) => /^#[0-9a-fA-F]{6}$/.test(s), {
    error: "must be a hex color such as #1A2B3C.",
    ...issueParams("hex_color"),
  })
  .transform((s) => s.toUpperCase());
export type HexColor = z.infer<typeof HexColor>;

export const BrandColors = z.object({
  primary: HexColor,
  secondary: HexColor,
  accent: HexColor,
  background: HexColor,
  text: HexColor,
});
export type BrandColors = z.infer<typeof BrandColors>;

export const BrandFonts = z.object({
  heading: line("fonts.heading", 1, 80),
  body: line("fonts.body", 1, 80),
});
export type BrandFonts = z.infer<typeof BrandFonts>;

export const Slug = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .refine((s) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s), {
    error: "must be lower-case letters, digits and single dashes.",
    ...issueParams("slug"),
  });

/** The most characters a preset's free-text fields take (the editor shows counters from these). */
export const PRESET_LIMITS = { name: 120, tone: 200 } as const;

/**
 * Style references: images whose look (mood, texture, palette) the diffusion
 * backend follows through an IP-Adapter. `strength` is the per-image scale,
 * like Firefly's style strength; 0.6 keeps the brief in charge of the scene.
 */
export const STYLE_REFERENCE_LIMITS = { max: 4, defaultStrength: 0.6 } as const;

export const StyleStrength = z
  .number()
  .min(0)
  .max(1)
  .default(STYLE_REFERENCE_LIMITS.defaultStrength);

export const StyleReference = z.object({
  file: line("styleReferences.file", 1, 300),
  strength: StyleStrength,
});
export type StyleReference = z.infer<typeof StyleReference>;

/**
 * A brand preset: everything the pipeline needs about a brand. `logo`,
 * `fontFiles` and `styleReferences[].file` are references the caller resolves (file names in the CLI,
 * uploaded file ids in the app). With a font file for a role, `fonts` names
 * that file's family and the file is drawn; without one, `fonts` names a
 * catalog family (packages/domain/src/fonts.ts).
 */
export const BrandPreset = z.object({
  slug: Slug,
  name: line("name", 1, PRESET_LIMITS.name),
  colors: BrandColors,
  fonts: BrandFonts,
  tone: line("tone", 0, PRESET_LIMITS.tone).default(""),
  styleKeywords: z
    .array(line("styleKeywords", 1, 60))
    .max(20)
    .default([]),
  negative: z
    .array(line("negative", 1, 60))
    .max(30)
    .default([]),
  logo: line("logo", 1, 300).optional(),
  fontFiles: z
    .object({
      heading: line("fontFiles.heading", 1, 300).optional(),
      body: line("fontFiles.body", 1, 300).optional(),
    })
    .optional(),
  defaultFormats: z.array(FormatName).max(10).optional(),
  styleReferences: z.array(StyleReference).max(STYLE_REFERENCE_LIMITS.max).default([]),
});
export type BrandPreset = z.infer<typeof BrandPreset>;
export type BrandPresetInput = z.input<typeof BrandPreset>;
