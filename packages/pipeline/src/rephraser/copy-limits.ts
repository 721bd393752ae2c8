import { FORMATS, type FormatClass, type FormatName, type Language } from "@hyperposter/domain";

/** Maximum characters per copy field (a CJK character counts as one). */
export interface CopyLimits {
  headline: number;
  subline: number;
  cta: number;
}

// Chinese packs roughly 2.5× the meaning per character; banners are tiny
// (a 300×250 rectangle fits about three short lines), print has room.
const LIMITS: Readonly<Record<Language, Readonly<Record<FormatClass, CopyLimits>>>> = {
  en: {
    banner: { headline: 24, subline: 40, cta: 14 },
    social: { headline: 40, subline: 90, cta: 20 },
    print: { headline: 50, subline: 120, cta: 24 },
  },
  zh: {
    banner: { headline: 8, subline: 14, cta: 5 },
    social: { headline: 14, subline: 28, cta: 6 },
    print: { headline: 16, subline: 36, cta: 8 },
  },
};

const STRICTNESS: readonly FormatClass[] = ["banner", "social", "print"];

/** The strictest class among the formats: one copy set must fit every format. */
export function strictestFormatClass(formats: readonly FormatName[]): FormatClass {
  const classes = new Set(formats.map((f) => FORMATS[f].formatClass));
  return STRICTNESS.find((c) => classes.has(c)) ?? "social";
}

export function copyLimits(language: Language, formatClass: FormatClass): CopyLimits {
  return LIMITS[language][formatClass];
}

export function copyLength(text: string): number {
  return Array.from(text).length;
}
