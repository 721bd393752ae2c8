/**
 * The font families a preset may choose, mirroring the pipeline's
 * FONT_CATALOG (packages/pipeline/src/fonts/catalog.ts). Importing the
 * catalog itself would pull @napi-rs/canvas and fontkit into the web
 * server's bundle, so this list is kept here and a test
 * (test/fonts.test.ts) fails if it drifts from the catalog.
 */
export interface PresetFont {
  name: string;
  script: "latin" | "cjk";
  aliases: readonly string[];
}

export const PRESET_FONTS: readonly PresetFont[] = [
  {
    name: "Inter",
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
  },
  {
    name: "Noto Sans SC",
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
  },
  {
    name: "Noto Serif SC",
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
  },
];

/** The catalog family a stored name resolves to (names and aliases, any case), or null. */
export function catalogFont(name: string): PresetFont | null {
  const key = name.trim().toLowerCase();
  return PRESET_FONTS.find((f) => f.name.toLowerCase() === key || f.aliases.includes(key)) ?? null;
}
