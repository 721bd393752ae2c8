import { type SKRSContext2D, createCanvas } from "@napi-rs/canvas";
import { type FontStack, cssFont } from "../fonts/resolve";
import { type Unit, units as splitUnits } from "./linebreak";
import { measureRuns } from "./runs";

const REF = 100;
let measureCtx: SKRSContext2D | undefined;

function ctx(): SKRSContext2D {
  measureCtx ??= createCanvas(4, 4).getContext("2d");
  return measureCtx;
}

/** Advance width of `text` set in `stack` at `size` px. */
export function measure(stack: FontStack, size: number, text: string): number {
  return measureRuns(ctx(), cssFont(stack, size), size, text).width;
}

interface Measured extends Unit {
  /** Widths at REF px: whole unit, and without its trailing spaces (line end). */
  w: number;
  wTrim: number;
}

export interface SetText {
  size: number;
  lines: string[];
  lineHeight: number;
  /** A unit was wider than the box even at the smallest size (hyphenated or shrunk below min). */
  overflow: boolean;
  hyphenated: boolean;
}

export interface FitRequest {
  text: string;
  stack: FontStack;
  maxWidth: number;
  maxHeight: number;
  maxLines: number;
  minSize: number;
  maxSize: number;
  /** Line pitch as a multiple of the size. */
  lineHeight: number;
}

interface Breaking {
  lines: string[];
  overflow: boolean;
}

/**
 * Optimal line breaking at one size (a small Knuth–Plass style dynamic
 * program over the break units): fewest lines first, then even lines, good
 * break points, and no one-word last line.
 */
function breakAt(units: Measured[], scale: number, maxWidth: number): Breaking {
  const n = units.length;
  const best: number[] = new Array<number>(n + 1).fill(Infinity);
  const from: number[] = new Array<number>(n + 1).fill(0);
  const over: boolean[] = new Array<boolean>(n + 1).fill(false);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    let width = 0;
    for (let i = j - 1; i >= 0; i--) {
      const u = units[i] as Measured;
      // A required break inside the candidate line makes it invalid.
      if (i < j - 1 && u.required) break;
      width += i === j - 1 ? u.wTrim * scale : u.w * scale;
      const single = i === j - 1;
      const tooWide = width > maxWidth + 0.5;
      if (tooWide && !single) break;
      const prev = best[i] ?? Infinity;
      if (prev === Infinity) continue;
      const last = j === n;
      const slack = Math.max(0, maxWidth - width) / maxWidth;
      let cost = 1000 + (last ? 0 : slack * slack * 100);
      if (last && i > 0 && width < maxWidth * 0.4) cost += 80;
      const breakUnit = units[j - 1] as Measured;
      if (!last) cost += breakUnit.penalty * 12;
      if (tooWide) cost += 1e6;
      if (prev + cost < (best[j] ?? Infinity)) {
        best[j] = prev + cost;
        from[j] = i;
        over[j] = (over[i] ?? false) || tooWide;
      }
    }
  }
  const lines: string[] = [];
  for (let j = n; j > 0; j = from[j] ?? 0) {
    const i = from[j] ?? 0;
    lines.unshift(
      units
        .slice(i, j)
        .map((u) => u.text)
        .join("")
        .trim(),
    );
  }
  return { lines, overflow: over[n] ?? false };
}

function measureUnits(stack: FontStack, list: Unit[]): Measured[] {
  return list.map((u) => ({
    ...u,
    w: measure(stack, REF, u.text),
    wTrim: measure(stack, REF, u.text.trimEnd()),
  }));
}

/**
 * Splits over-wide Latin words into hyphenated pieces that fit, and over-wide
 * CJK runs between characters (no kinsoku character starts a piece).
 */
function hyphenate(
  stack: FontStack,
  list: Measured[],
  scale: number,
  maxWidth: number,
): Measured[] {
  const out: Unit[] = [];
  for (const u of list) {
    if (u.wTrim * scale <= maxWidth) {
      out.push(u);
      continue;
    }
    const chars = [...u.text.trimEnd()];
    const trailing = u.text.slice(u.text.trimEnd().length);
    const latin = /[A-Za-z]/.test(u.text);
    let piece = "";
    for (let k = 0; k < chars.length; k++) {
      const ch = chars[k] as string;
      const candidate = piece + ch + (latin ? "-" : "");
      if (piece && measure(stack, REF, candidate) * scale > maxWidth) {
        out.push({ text: piece + (latin ? "-" : ""), penalty: 8, required: false });
        piece = "";
      }
      piece += ch;
    }
    out.push({ text: piece + trailing, penalty: u.penalty, required: u.required });
  }
  return measureUnits(stack, out);
}

/**
 * Largest size at which the text fits the box in at most maxLines lines,
 * found by bisection (fit is monotone in size). At the minimum size an
 * over-wide word is hyphenated rather than clipped.
 */
export function fitText(req: FitRequest): SetText {
  const measured = measureUnits(req.stack, splitUnits(req.text.trim()));
  const tryAt = (size: number, list: Measured[], maxLines = req.maxLines) => {
    const b = breakAt(list, size / REF, req.maxWidth);
    const height = b.lines.length * size * req.lineHeight;
    return {
      ...b,
      fits: !b.overflow && b.lines.length <= maxLines && height <= req.maxHeight + 0.5,
    };
  };
  const largest = (maxLines: number): number | undefined => {
    let lo = req.minSize;
    let hi = Math.max(req.minSize, req.maxSize);
    if (!tryAt(lo, measured, maxLines).fits) return undefined;
    while (hi - lo > 0.5) {
      const mid = (lo + hi) / 2;
      if (tryAt(mid, measured, maxLines).fits) lo = mid;
      else hi = mid;
    }
    return Math.floor(lo * 2) / 2;
  };
  const best = largest(req.maxLines);
  if (best !== undefined) {
    let size = best;
    let b = tryAt(size, measured);
    // One line fewer reads better when it costs little size (新品 / 水果茶， / 鲜活登场
    // → 新品水果茶， / 鲜活登场 at 90 %).
    if (b.lines.length > 1) {
      const fewer = largest(b.lines.length - 1);
      if (fewer !== undefined && fewer >= size * 0.85) {
        size = fewer;
        b = tryAt(size, measured);
      }
    }
    return { size, lines: b.lines, lineHeight: req.lineHeight, overflow: false, hyphenated: false };
  }
  const size = req.minSize;
  const split = hyphenate(req.stack, measured, size / REF, req.maxWidth);
  const b = tryAt(size, split);
  return {
    size,
    lines: b.lines,
    lineHeight: req.lineHeight,
    overflow: !b.fits,
    hyphenated: split.length !== measured.length,
  };
}
