import { z } from "zod";

/**
 * The open fonts presets may choose and the composer draws with, all
 * installed from npm (@fontsource) and registered from disk by the pipeline:
 * nothing is fetched at run time. Pure data, so the web app can list them
 * without loading the renderer.
 */
export interface FontFamily {
  /** The name users and presets say. */
  name: string;
  /** @fontsource package that ships the files. */
  pkg: string;
  script: "latin" | "cjk";
  /** Lower-case names that resolve to this family. */
  aliases: string[];
  weights: number[];
}

export const FONT_FAMILIES: readonly FontFamily[] = [
  {
    name: "Inter",
    pkg: "@fontsource/inter",
    script: "latin",
    aliases: [
      "inter",
      "inter display",
      "helvetica",
      "helvetica neue",
      "arial",
      "sans-serif",
      "system-ui",
    ],
    weights: [400, 500, 600, 700, 800, 900],
  },
  {
    name: "Noto Sans SC",
    pkg: "@fontsource/noto-sans-sc",
    script: "cjk",
    aliases: [
      "noto sans sc",
      "noto sans cjk sc",
      "noto sans cjk",
      "source han sans sc",
      "source han sans cn",
      "思源黑体",
      "pingfang sc",
      "microsoft yahei",
      "微软雅黑",
      "黑体",
    ],
    weights: [400, 500, 700, 900],
  },
  {
    name: "Noto Serif SC",
    pkg: "@fontsource/noto-serif-sc",
    script: "cjk",
    aliases: [
      "noto serif sc",
      "noto serif cjk sc",
      "noto serif cjk",
      "source han serif sc",
      "source han serif cn",
      "思源宋体",
      "songti sc",
      "宋体",
      "serif",
    ],
    weights: [400, 500, 700, 900],
  },
];

/** The family a stored name resolves to (names and aliases, any case), or null. */
export function fontFamilyByName(name: string): FontFamily | null {
  const key = name.trim().toLowerCase();
  return FONT_FAMILIES.find((f) => f.name.toLowerCase() === key || f.aliases.includes(key)) ?? null;
}

/** Font files a workspace may upload, by container (sniffed from the bytes, not the name). */
export const FontFormat = z.enum(["ttf", "otf", "woff", "woff2"]);
export type FontFormat = z.infer<typeof FontFormat>;

/**
 * What an uploaded font file is, read from its own tables at upload (name,
 * OS/2, cmap) and kept with the file so nothing re-parses it to list it.
 */
export const FontFileInfo = z.object({
  /** Typographic family (name ID 16, else 1), e.g. "Source Serif 4". */
  family: z.string().min(1).max(120),
  /** Typographic subfamily (name ID 17, else 2), e.g. "Bold Italic". */
  style: z.string().max(120),
  /** OS/2 usWeightClass: 400 regular, 700 bold. */
  weight: z.number().int().min(1).max(1000),
  italic: z.boolean(),
  format: FontFormat,
  glyphs: z.number().int().nonnegative(),
  /** Draws every basic Latin letter and digit. */
  latin: z.boolean(),
  /** CJK unified ideographs it draws (everyday Chinese needs the 3,755 of GB2312 level 1). */
  cjk: z.number().int().nonnegative(),
});
export type FontFileInfo = z.infer<typeof FontFileInfo>;

/**
 * A font with a real Chinese repertoire is set as a CJK family (Latin falls
 * back to Inter); a few stray ideographs do not make it one.
 */
export const CJK_FAMILY_MIN_IDEOGRAPHS = 1000;

export function scriptOfFont(info: Pick<FontFileInfo, "cjk">): FontFamily["script"] {
  return info.cjk >= CJK_FAMILY_MIN_IDEOGRAPHS ? "cjk" : "latin";
}
