import { z } from "zod";

/** Insets from each edge, in pixels, that text and logos must stay inside. */
export const SafeArea = z.object({
  top: z.number().int().nonnegative(),
  right: z.number().int().nonnegative(),
  bottom: z.number().int().nonnegative(),
  left: z.number().int().nonnegative(),
});
export type SafeArea = z.infer<typeof SafeArea>;

export const FORMAT_NAMES = [
  "instagram-square",
  "instagram-portrait",
  "story",
  "link-ad-landscape",
  "landscape-hd",
  "banner-medium-rectangle",
  "banner-leaderboard",
  "banner-skyscraper",
  "print-a4",
  "print-a3",
] as const;

export const FormatName = z.enum(FORMAT_NAMES);
export type FormatName = z.infer<typeof FormatName>;

export const FormatClass = z.enum(["social", "banner", "print"]);
export type FormatClass = z.infer<typeof FormatClass>;

export interface FormatSpec {
  name: FormatName;
  label: string;
  width: number;
  height: number;
  /** 72 for screen formats; print formats are sized at 300 dpi. */
  dpi: number;
  formatClass: FormatClass;
  safeArea: SafeArea;
}

const inset = (top: number, right = top, bottom = top, left = right): SafeArea => ({
  top,
  right,
  bottom,
  left,
});

// Print: A4 210×297 mm and A3 297×420 mm at 300 dpi; the safe area keeps 10 mm
// (118 px) inside the trim, which covers a 3 mm bleed plus the usual 5–7 mm margin.
const MM_AT_300_DPI = 300 / 25.4;
const printSafe = Math.round(10 * MM_AT_300_DPI);

export const FORMATS: Readonly<Record<FormatName, FormatSpec>> = {
  "instagram-square": {
    name: "instagram-square",
    label: "Instagram square",
    width: 1080,
    height: 1080,
    dpi: 72,
    formatClass: "social",
    safeArea: inset(60),
  },
  "instagram-portrait": {
    name: "instagram-portrait",
    label: "Instagram portrait",
    width: 1080,
    height: 1350,
    dpi: 72,
    formatClass: "social",
    safeArea: inset(64, 60),
  },
  // Stories cover the top ~250 px (profile bar) and bottom ~340 px (reply box).
  story: {
    name: "story",
    label: "Story / Reel",
    width: 1080,
    height: 1920,
    dpi: 72,
    formatClass: "social",
    safeArea: inset(250, 64, 340, 64),
  },
  "link-ad-landscape": {
    name: "link-ad-landscape",
    label: "Link ad landscape",
    width: 1200,
    height: 628,
    dpi: 72,
    formatClass: "social",
    safeArea: inset(40, 48),
  },
  "landscape-hd": {
    name: "landscape-hd",
    label: "Landscape HD",
    width: 1920,
    height: 1080,
    dpi: 72,
    formatClass: "social",
    safeArea: inset(72, 96),
  },
  "banner-medium-rectangle": {
    name: "banner-medium-rectangle",
    label: "Banner medium rectangle",
    width: 300,
    height: 250,
    dpi: 72,
    formatClass: "banner",
    safeArea: inset(12),
  },
  "banner-leaderboard": {
    name: "banner-leaderboard",
    label: "Banner leaderboard",
    width: 728,
    height: 90,
    dpi: 72,
    formatClass: "banner",
    safeArea: inset(8, 12),
  },
  "banner-skyscraper": {
    name: "banner-skyscraper",
    label: "Banner skyscraper",
    width: 160,
    height: 600,
    dpi: 72,
    formatClass: "banner",
    safeArea: inset(12, 10),
  },
  "print-a4": {
    name: "print-a4",
    label: "Print A4 (300 dpi)",
    width: Math.round(210 * MM_AT_300_DPI),
    height: Math.round(297 * MM_AT_300_DPI),
    dpi: 300,
    formatClass: "print",
    safeArea: inset(printSafe),
  },
  "print-a3": {
    name: "print-a3",
    label: "Print A3 (300 dpi)",
    width: Math.round(297 * MM_AT_300_DPI),
    height: Math.round(420 * MM_AT_300_DPI),
    dpi: 300,
    formatClass: "print",
    safeArea: inset(Math.round(printSafe * 1.41)),
  },
};

export function formatSpec(name: FormatName): FormatSpec {
  return FORMATS[name];
}
