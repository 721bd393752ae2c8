import { deltaE2000, hexToLab, type Lab } from "./color-science";

/**
 * Color words CLIP understands, with a representative sRGB value each. Spread
 * over hue, lightness and chroma so that any brand color has a near neighbour.
 */
const NAMED_COLORS: ReadonlyArray<readonly [string, string]> = [
  // Values from common reference lists (CSS, Resene/ISCC-NBS-style names), not from any preset.
  ["black", "#000000"],
  ["charcoal", "#36454F"],
  ["slate gray", "#708090"],
  ["gray", "#808080"],
  ["silver", "#C0C0C0"],
  ["light gray", "#D3D3D3"],
  ["white", "#FFFFFF"],
  ["off-white", "#FAF9F6"],
  ["ivory", "#FFFFF0"],
  ["cream", "#FFFDD0"],
  ["linen", "#FAF0E6"],
  ["beige", "#F5F5DC"],
  ["sand", "#C2B280"],
  ["tan", "#D2B48C"],
  ["khaki", "#C3B091"],
  ["camel", "#C19A6B"],
  ["caramel", "#AF6E4D"],
  ["sandy brown", "#F4A460"],
  ["terracotta", "#E2725B"],
  ["rust", "#B7410E"],
  ["sienna", "#A0522D"],
  ["chestnut brown", "#954535"],
  ["coffee brown", "#6F4E37"],
  ["dark chocolate brown", "#3D2B1F"],
  ["burgundy", "#800020"],
  ["maroon", "#800000"],
  ["crimson", "#DC143C"],
  ["chinese red", "#AA381E"],
  ["red", "#FF0000"],
  ["vermilion", "#E34234"],
  ["coral", "#FF7F50"],
  ["salmon", "#FA8072"],
  ["peach", "#FFE5B4"],
  ["apricot", "#FBCEB1"],
  ["orange", "#FFA500"],
  ["tangerine", "#F28500"],
  ["amber", "#FFBF00"],
  ["golden yellow", "#FFC000"],
  ["mustard", "#FFDB58"],
  ["gold", "#D4AF37"],
  ["lemon yellow", "#FFF44F"],
  ["pale yellow", "#FFFFBF"],
  ["olive", "#808000"],
  ["lime green", "#32CD32"],
  ["grass green", "#7CFC00"],
  ["green", "#008000"],
  ["forest green", "#228B22"],
  ["dark green", "#013220"],
  ["sage green", "#9CAF88"],
  ["honeydew", "#F0FFF0"],
  ["mint green", "#98FF98"],
  ["jade green", "#00A86B"],
  ["emerald", "#50C878"],
  ["teal", "#008080"],
  ["turquoise", "#40E0D0"],
  ["aqua", "#00FFFF"],
  ["sky blue", "#87CEEB"],
  ["powder blue", "#B0E0E6"],
  ["azure", "#007FFF"],
  ["cobalt blue", "#0047AB"],
  ["royal blue", "#4169E1"],
  ["dark slate gray", "#2F4F4F"],
  ["navy", "#000080"],
  ["midnight blue", "#191970"],
  ["indigo", "#4B0082"],
  ["violet", "#8F00FF"],
  ["lavender", "#E6E6FA"],
  ["lilac", "#C8A2C8"],
  ["plum", "#8E4585"],
  ["purple", "#800080"],
  ["magenta", "#FF00FF"],
  ["hot pink", "#FF69B4"],
  ["pink", "#FFC0CB"],
  ["blush pink", "#DE5D83"],
  ["rose", "#FF007F"],
];

const LABS: ReadonlyArray<{ name: string; lab: Lab }> = NAMED_COLORS.map(([name, hex]) => ({
  name,
  lab: hexToLab(hex),
}));

export interface ColorName {
  name: string;
  deltaE: number;
}

/** The nearest named color by CIEDE2000 (perceptual distance, not RGB distance). */
export function nameColor(hex: string): ColorName {
  const lab = hexToLab(hex);
  let best: ColorName = { name: "", deltaE: Infinity };
  for (const c of LABS) {
    const d = deltaE2000(lab, c.lab);
    if (d < best.deltaE) best = { name: c.name, deltaE: d };
  }
  return best;
}

export const NAMED_COLOR_COUNT = NAMED_COLORS.length;
