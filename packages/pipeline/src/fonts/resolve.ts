import {
  type CatalogFamily,
  FONT_CATALOG,
  covers,
  ensureEmoji,
  ensureRegistered,
  nearestWeight,
} from "./catalog";
import { type DrawFamily, isUploaded, uploadedFamily } from "./uploaded";

export interface ResolvedFamily {
  family: DrawFamily;
  /** Set when the requested name is not in the catalog and a fallback was used. */
  warning?: string;
}

const normalise = (name: string) =>
  name.toLowerCase().replace(/["']/g, "").replace(/\s+/g, " ").trim();

function byName(name: string): CatalogFamily | undefined {
  return FONT_CATALOG.find((f) => normalise(f.name) === name || f.aliases.includes(name));
}

/**
 * The family a preset's role is set in: its uploaded font file when it has
 * one, else the catalog by exact name, then alias, then each entry of a
 * CSS-style list ("Foo, Noto Sans SC"); an unknown family falls back to a sans
 * for the language, with a warning for the report.
 */
export function resolveFamily(
  requested: string,
  language: "en" | "zh",
  file?: Buffer,
): ResolvedFamily {
  if (file) return { family: uploadedFamily(file) };
  for (const part of requested.split(",").map(normalise)) {
    const hit = byName(part);
    if (hit) return { family: hit };
  }
  const fallback = byName(language === "zh" ? "noto sans sc" : "inter");
  if (!fallback) throw new Error("font catalog lacks its fallback families");
  return {
    family: fallback,
    warning: `font "${requested}" is not in the open-font catalog; used ${fallback.name} instead`,
  };
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
// Code points that draw nothing by themselves (joiners, variation selectors,
// skin-tone modifiers, tag characters): no font needs a glyph for them.
const INVISIBLE = {
  test(ch: string): boolean {
    const cp = ch.codePointAt(0) ?? 0;
    return (
      /\s/.test(ch) ||
      cp === 0x200d ||
      cp === 0xfe0e ||
      cp === 0xfe0f ||
      (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
      (cp >= 0xe0020 && cp <= 0xe007f)
    );
  },
};

export interface FontStack {
  /** CSS font-family list for canvas `font`, primary first. */
  families: string;
  weight: number;
  /** Characters of the text that no font in the stack covers (would be tofu). */
  missing: string[];
  primary: string;
}

/**
 * The stack a text is set in: the brand family, then a family for the other
 * script (Latin inside Chinese copy, or the reverse), then colour emoji when
 * the text has any. Registering only what the text needs keeps startup cheap.
 * An uploaded face is drawn at the weight it was made in (asking Skia for
 * more would smear a synthetic bold over the brand's design), and the
 * fallbacks follow that weight.
 */
export function fontStack(family: DrawFamily, requestedWeight: number, text: string): FontStack {
  const weight = isUploaded(family) ? family.info.weight : requestedWeight;
  const stack = [
    isUploaded(family) ? family.face : ensureRegistered(family, nearestWeight(family, weight)),
  ];
  const other = FONT_CATALOG.find((f) => f.script !== family.script && f.name !== family.name);
  const cjkFallback = FONT_CATALOG.find((f) => f.name === "Noto Sans SC");
  // An uploaded font may lack some of its own script (a display face without
  // "€"): the catalog's sans of that script comes first.
  const sameScript = isUploaded(family)
    ? FONT_CATALOG.find((f) => f.script === family.script)
    : undefined;
  const needsOther = [...text].some((ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return !INVISIBLE.test(ch) && !EMOJI.test(ch) && !covers(stack[0]?.ranges ?? [], cp);
  });
  if (needsOther) {
    const fallbacks = new Set([sameScript, other, cjkFallback]);
    for (const f of fallbacks) {
      if (f && f !== family) stack.push(ensureRegistered(f, nearestWeight(f, weight)));
    }
  }
  if (EMOJI.test(text)) stack.push(ensureEmoji());
  const missing = [...new Set(text)].filter((ch) => {
    if (INVISIBLE.test(ch)) return false;
    const cp = ch.codePointAt(0) ?? 0;
    return !stack.some((s) => covers(s.ranges, cp));
  });
  return {
    families: stack.map((s) => `"${s.alias}"`).join(", "),
    weight,
    missing,
    primary: family.name,
  };
}

export function cssFont(stack: FontStack, size: number): string {
  return `${stack.weight} ${size.toFixed(2)}px ${stack.families}`;
}

export interface TextRun {
  text: string;
  emoji: boolean;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Splits text into emoji and non-emoji runs. Emoji are drawn with the emoji
 * font alone: the CJK fonts claim some emoji code points but draw them blank,
 * and the emoji font has plain digits that must not replace the brand's.
 */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const emoji = EMOJI.test(segment);
    const last = runs[runs.length - 1];
    if (last && last.emoji === emoji) last.text += segment;
    else runs.push({ text: segment, emoji });
  }
  return runs;
}

export function hasEmoji(text: string): boolean {
  return EMOJI.test(text);
}

/** Canvas font for emoji at `size`. */
export function emojiFont(size: number): string {
  return `400 ${size.toFixed(2)}px "${ensureEmoji().alias}"`;
}
