import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";
import * as fontkit from "fontkit";
import { FONT_FAMILIES, type FontFamily } from "@hyperposter/domain";

export type CatalogFamily = FontFamily;

/** The families the composer registers (packages/domain/src/fonts.ts). */
export const FONT_CATALOG: readonly CatalogFamily[] = FONT_FAMILIES;

const EMOJI_PKG = "twemoji-colr-font";
export const EMOJI_ALIAS = "HP Twemoji";

// Node's own require, fetched at run time: the web server bundles this module (the copy
// re-render runs in the request) and a bundler cannot follow a computed require.resolve,
// nor should it turn a package path into a module id.
const require = process.getBuiltinModule("node:module").createRequire(import.meta.url);

/** fontsource files all report the family "… Thin", so every file gets our alias. */
export function aliasOf(family: string, weight: number): string {
  return `HP ${family} ${weight}`;
}

export interface FontSlice {
  file: string;
  /** Inclusive code point ranges the slice covers (from the CSS unicode-range). */
  ranges: Array<[number, number]>;
}

function packageDir(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Reads a fontsource weight stylesheet: every @font-face is one slice file. */
export function slicesOf(pkg: string, weight: number): FontSlice[] {
  const dir = packageDir(pkg);
  const css = readFileSync(join(dir, `${weight}.css`), "utf8");
  const slices: FontSlice[] = [];
  for (const block of css.split("@font-face").slice(1)) {
    const file = /url\(\.\/files\/([^)]+?\.woff2)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file || !range) continue;
    slices.push({ file: join(dir, "files", file), ranges: parseUnicodeRange(range) });
  }
  return slices;
}

export function parseUnicodeRange(css: string): Array<[number, number]> {
  return css.split(",").map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, "").split("-");
    const start = Number.parseInt(lo ?? "0", 16);
    return [start, hi ? Number.parseInt(hi, 16) : start];
  });
}

/** A face Skia can draw under `alias`, and the code points it covers. */
export interface Registered {
  alias: string;
  ranges: Array<[number, number]>;
}

const registered = new Map<string, Registered>();

/**
 * Registers every slice of one weight under one alias (a CJK weight is ~100
 * slices: the "chinese-simplified" subset alone misses ~1,000 GB2312 chars).
 * Lazy because a CJK weight costs ~0.2 s.
 */
export function ensureRegistered(family: CatalogFamily, weight: number): Registered {
  const alias = aliasOf(family.name, weight);
  const known = registered.get(alias);
  if (known) return known;
  const ranges: Array<[number, number]> = [];
  for (const slice of slicesOf(family.pkg, weight)) {
    GlobalFonts.registerFromPath(slice.file, alias);
    ranges.push(...slice.ranges);
  }
  const entry = { alias, ranges };
  registered.set(alias, entry);
  return entry;
}

/**
 * Colour emoji: Twemoji as a COLRv0 font (npm twemoji-colr-font, OFL). Noto
 * Color Emoji from @fontsource is COLRv1, which this Skia build draws blank.
 * The coverage comes from the font's own cmap (fontkit), once.
 */
export function ensureEmoji(): Registered {
  const known = registered.get(EMOJI_ALIAS);
  if (known) return known;
  const file = join(packageDir(EMOJI_PKG), "twemoji.woff2");
  GlobalFonts.registerFromPath(file, EMOJI_ALIAS);
  const font = fontkit.openSync(file) as fontkit.Font;
  const ranges = font.characterSet.map((cp): [number, number] => [cp, cp]);
  const entry = { alias: EMOJI_ALIAS, ranges };
  registered.set(EMOJI_ALIAS, entry);
  return entry;
}

export function covers(ranges: Array<[number, number]>, codePoint: number): boolean {
  return ranges.some(([lo, hi]) => codePoint >= lo && codePoint <= hi);
}

/** Nearest weight the family ships. */
export function nearestWeight(family: CatalogFamily, weight: number): number {
  return family.weights.reduce((best, w) =>
    Math.abs(w - weight) < Math.abs(best - weight) ? w : best,
  );
}
