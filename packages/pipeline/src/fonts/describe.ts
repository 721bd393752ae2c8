import type { FontFileInfo, FontFormat } from "@hyperposter/domain";
import * as fontkit from "fontkit";

/**
 * Reads an uploaded font file the way the composer will: fontkit parses the
 * tables (name, OS/2, cmap) that Skia draws from. Pure (no canvas), so the web
 * app checks an upload with the same code the worker renders with.
 */

/** Why a file cannot be a brand font; the caller turns it into a sentence. */
export type FontFileProblem =
  "not-a-font" | "collection" | "unreadable" | "no-embedding" | "no-glyphs";

export class FontFileError extends Error {
  // A plain field, not a parameter property: the upload checker's worker thread
  // loads this file with Node's type stripping, which has no parameter properties.
  readonly problem: FontFileProblem;
  constructor(problem: FontFileProblem, message: string) {
    super(message);
    this.problem = problem;
    this.name = "FontFileError";
  }
}

const MIME: Record<FontFormat, string> = {
  ttf: "font/ttf",
  otf: "font/otf",
  woff: "font/woff",
  woff2: "font/woff2",
};

export function fontMime(format: FontFormat): string {
  return MIME[format];
}

/** The container, from the first four bytes (a renamed file cannot pass). */
export function sniffFontFormat(bytes: Uint8Array): FontFormat | "collection" | null {
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  if (tag === "\0\u0001\0\0" || tag === "true") return "ttf";
  if (tag === "OTTO") return "otf";
  if (tag === "wOFF") return "woff";
  if (tag === "wOF2") return "woff2";
  if (tag === "ttcf") return "collection";
  return null;
}

export function isCjkIdeograph(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) || (codePoint >= 0x3400 && codePoint <= 0x4dbf)
  );
}

export interface DescribedFont {
  info: FontFileInfo;
  /** Every code point the font maps to a glyph, ascending. */
  codePoints: number[];
}

const LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Family, style, weight and coverage of one font file. Throws FontFileError
 * for what is not a single drawable font, or one whose licence forbids the
 * embedding our PDFs do (OS/2 fsType: restricted, bitmap-only, no subsetting).
 */
export function describeFontFile(bytes: Buffer): DescribedFont {
  const format = sniffFontFormat(bytes);
  if (format === null)
    throw new FontFileError("not-a-font", "the file is not a TTF, OTF, WOFF or WOFF2 font");
  if (format === "collection")
    throw new FontFileError("collection", "the file is a font collection (.ttc), not one font");
  // fontkit reads tables lazily: every read (OS/2, name, post, maxp, cmap) stays
  // inside the try, so a damaged table is "unreadable", never a crash.
  try {
    const opened = fontkit.create(bytes);
    if ("fonts" in opened)
      throw new FontFileError("collection", "the file is a font collection, not one font");
    return describeOpened(opened, format);
  } catch (error) {
    if (error instanceof FontFileError) throw error;
    throw new FontFileError("unreadable", `the font's tables could not be read (${String(error)})`);
  }
}

/** At most this many mapped code points (Unicode assigns about 150,000). */
const MAX_CODE_POINTS = 200_000;

function describeOpened(font: fontkit.Font, format: FontFormat): DescribedFont {
  const set = font.characterSet;
  if (set.length > MAX_CODE_POINTS)
    throw new FontFileError("unreadable", `the font's cmap maps ${set.length} code points`);
  const codePoints = [...set].sort((a, b) => a - b);
  const os2 = font["OS/2"] as fontkit.Font["OS/2"] | undefined;
  const fsType = os2?.fsType;
  if (fsType?.noEmbedding || fsType?.bitmapOnly || fsType?.noSubsetting)
    throw new FontFileError(
      "no-embedding",
      "the font's licence flags (OS/2 fsType) forbid embedding it in documents",
    );
  if (codePoints.length === 0)
    throw new FontFileError("no-glyphs", "the font maps no characters to glyphs");
  const have = new Set(codePoints);
  const family = font.getName("preferredFamily", "en") ?? font.familyName;
  const style = font.getName("preferredSubfamily", "en") ?? font.subfamilyName ?? "";
  if (!family) throw new FontFileError("unreadable", "the font has no family name");
  if ([...(family + style)].some((ch) => ch.charCodeAt(0) < 0x20))
    throw new FontFileError("unreadable", "the font's names hold control characters");
  const glyphs = font.numGlyphs;
  if (!Number.isInteger(glyphs) || glyphs < 1 || glyphs > 65535)
    throw new FontFileError("unreadable", "the font's glyph count (maxp) is not plausible");
  return {
    info: {
      family: family.trim().slice(0, 120),
      style: style.trim().slice(0, 120),
      weight: Math.min(1000, Math.max(1, os2?.usWeightClass || 400)),
      italic: Boolean(os2?.fsSelection?.italic) || font.italicAngle !== 0,
      format,
      glyphs,
      latin: [...LATIN].every((ch) => have.has(ch.codePointAt(0) ?? 0)),
      cjk: codePoints.filter(isCjkIdeograph).length,
    },
    codePoints,
  };
}

/** Sorted code points → inclusive ranges (a CJK font's 7,000 points become a few hundred). */
export function toRanges(sorted: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const cp of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && cp === last[1] + 1) last[1] = cp;
    else if (!last || cp > last[1]) ranges.push([cp, cp]);
  }
  return ranges;
}
