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
