import { z } from "zod";
import { FormatName } from "./formats";

export const HexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: "must be a hex color such as #1A2B3C." })
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
  heading: z.string().trim().min(1).max(80),
  body: z.string().trim().min(1).max(80),
});
export type BrandFonts = z.infer<typeof BrandFonts>;

export const Slug = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: "must be lower-case letters, digits and single dashes.",
  });

/**
 * A brand preset: everything the pipeline needs about a brand. `logo` and
 * `fontFiles` are references the caller resolves (file names in the CLI,
 * uploaded file ids in the app). With a font file for a role, `fonts` names
 * that file's family and the file is drawn; without one, `fonts` names a
 * catalog family (packages/domain/src/fonts.ts).
 */
export const BrandPreset = z.object({
  slug: Slug,
  name: z.string().trim().min(1).max(120),
  colors: BrandColors,
  fonts: BrandFonts,
  tone: z.string().trim().max(200).default(""),
  styleKeywords: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  negative: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  logo: z.string().trim().min(1).max(300).optional(),
  fontFiles: z
    .object({
      heading: z.string().trim().min(1).max(300).optional(),
      body: z.string().trim().min(1).max(300).optional(),
    })
    .optional(),
  defaultFormats: z.array(FormatName).max(10).optional(),
});
export type BrandPreset = z.infer<typeof BrandPreset>;
export type BrandPresetInput = z.input<typeof BrandPreset>;
