import { en, type Dictionary } from "./en";
import { zh } from "./zh";

export type Locale = "en" | "zh";
export const LOCALES: readonly Locale[] = ["en", "zh"];
export const LOCALE_COOKIE = "hp_locale";
export const DICTIONARIES: Record<Locale, Dictionary> = { en, zh };
export type { Dictionary };

export function toLocale(value: string | undefined | null): Locale {
  return value === "zh" ? "zh" : "en";
}
