import { fontFamilyByName, FONT_FAMILIES, type FontFamily } from "@hyperposter/domain";

/** The font families a preset may choose: the pipeline's catalog (packages/domain/src/fonts.ts). */
export type PresetFont = FontFamily;

export const PRESET_FONTS: readonly PresetFont[] = FONT_FAMILIES;

/** The catalog family a stored name resolves to (names and aliases, any case), or null. */
export function catalogFont(name: string): PresetFont | null {
  return fontFamilyByName(name);
}
