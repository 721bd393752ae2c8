import type { SKRSContext2D } from "@napi-rs/canvas";
import type { Rect } from "../image-backend/types";
import { type Rgb, luminanceOf, mix, rgba, saturation } from "../compose/color";
import { pick, range } from "./random";

export interface Scene {
  w: number;
  h: number;
  /** The base tone (dark or light) the whole image sits on. */
  base: Rgb;
  /** Colours to paint with, brand first. */
  colors: Rgb[];
  /** Most saturated palette colour, for highlights. */
  accent: Rgb;
  calm: Rect[];
  rand: () => number;
}

export type Painter = (ctx: SKRSContext2D, s: Scene) => void;

/** True when a disc at (x, y) of radius r would reach into a calm zone. */
function intrudes(s: Scene, x: number, y: number, r: number): boolean {
  const pad = Math.min(s.w, s.h) * 0.02;
  return s.calm.some(
    (z) =>
      x + r > z.x - pad &&
      x - r < z.x + z.width + pad &&
      y + r > z.y - pad &&
      y - r < z.y + z.height + pad,
  );
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Motifs need room: when text and logo claim most of the canvas (banners),
 * any motif would be a fragment squeezed against an edge, so none is drawn.
 */
function roomForMotifs(s: Scene): boolean {
  const claimed = s.calm.reduce((a, z) => a + z.width * z.height, 0);
  return claimed < s.w * s.h * 0.55;
}

/** A point away from the calm zones, or undefined after a few tries. */
function freeSpot(s: Scene, r: number, tries = 40, bleed = 0.3): [number, number] | undefined {
  if (!roomForMotifs(s)) return undefined;
  for (let i = 0; i < tries; i++) {
    const x = range(s.rand, -r * bleed, s.w + r * bleed);
    const y = range(s.rand, -r * bleed, s.h + r * bleed);
    if (!intrudes(s, x, y, r)) return [x, y];
  }
  return undefined;
}

function glow(ctx: SKRSContext2D, x: number, y: number, r: number, c: Rgb, alpha: number): void {
  const g = ctx.createRadialGradient(x, y, 0, x, y, r);
  g.addColorStop(0, rgba(c, alpha));
  g.addColorStop(0.55, rgba(c, alpha * 0.45));
  g.addColorStop(1, rgba(c, 0));
  ctx.fillStyle = g;
  ctx.fillRect(x - r, y - r, r * 2, r * 2);
}

/** Distance from the calm zones' centre, so colour blooms sit away from text. */
function farPoint(s: Scene): [number, number] {
  const cx = s.calm.length
    ? s.calm.reduce((a, z) => a + z.x + z.width / 2, 0) / s.calm.length
    : s.w / 2;
  const cy = s.calm.length
    ? s.calm.reduce((a, z) => a + z.y + z.height / 2, 0) / s.calm.length
    : s.h / 2;
  const corners: Array<[number, number]> = [
    [0, 0],
    [s.w, 0],
    [0, s.h],
    [s.w, s.h],
  ];
  corners.sort((a, b) => Math.hypot(b[0] - cx, b[1] - cy) - Math.hypot(a[0] - cx, a[1] - cy));
  return pick(s.rand, corners.slice(0, 2));
}

const diag = (s: Scene) => Math.hypot(s.w, s.h);

/** Mesh gradient: overlapping colour blooms on the base tone. */
export const mesh: Painter = (ctx, s) => {
  ctx.fillStyle = rgba(s.base, 1);
  ctx.fillRect(0, 0, s.w, s.h);
  const blooms = 5;
  for (let i = 0; i < blooms; i++) {
    const [x, y] = i === 0 ? farPoint(s) : [range(s.rand, 0, s.w), range(s.rand, 0, s.h)];
    const c = s.colors[i % s.colors.length] ?? s.accent;
    glow(ctx, x, y, diag(s) * range(s.rand, 0.35, 0.6), c, range(s.rand, 0.45, 0.75));
  }
};

/** Linear gradient with soft diagonal light bands. */
export const linear: Painter = (ctx, s) => {
  const a = range(s.rand, 0, Math.PI * 2);
  const d = diag(s) / 2;
  const [cx, cy] = [s.w / 2, s.h / 2];
  const g = ctx.createLinearGradient(
    cx - Math.cos(a) * d,
    cy - Math.sin(a) * d,
    cx + Math.cos(a) * d,
    cy + Math.sin(a) * d,
  );
  const c0 = s.colors[0] ?? s.base;
  const c1 = s.colors[1] ?? s.accent;
  g.addColorStop(0, rgba(mix(s.base, c0, 0.85), 1));
  g.addColorStop(0.55, rgba(mix(s.base, c1, 0.55), 1));
  g.addColorStop(1, rgba(mix(s.base, s.accent, 0.5), 1));
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, s.w, s.h);
  const light: Rgb =
    luminanceOf(s.base) > 0.4 ? [255, 255, 255] : mix(s.accent, [255, 255, 255], 0.5);
  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate(a + Math.PI / 4);
  for (let i = 0; i < 3; i++) {
    const off = range(s.rand, -d, d);
    const width = range(s.rand, d * 0.08, d * 0.3);
    const band = ctx.createLinearGradient(off - width, 0, off + width, 0);
    band.addColorStop(0, rgba(light, 0));
    band.addColorStop(0.5, rgba(light, range(s.rand, 0.06, 0.14)));
    band.addColorStop(1, rgba(light, 0));
    ctx.fillStyle = band;
    ctx.fillRect(off - width, -d * 1.5, width * 2, d * 3);
  }
  ctx.restore();
  const [gx, gy] = farPoint(s);
  glow(ctx, gx, gy, diag(s) * 0.45, s.accent, 0.35);
};

/** Studio look: a light sweep with soft solid shapes resting in it, away from the text. */
export const shapes: Painter = (ctx, s) => {
  const g = ctx.createLinearGradient(0, 0, 0, s.h);
  g.addColorStop(0, rgba(mix(s.base, [255, 255, 255], 0.4), 1));
  g.addColorStop(1, rgba(mix(s.base, s.colors[1] ?? s.base, 0.25), 1));
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, s.w, s.h);
  const unit = Math.min(s.w, s.h);
  for (let i = 0; i < 7; i++) {
    const r = unit * range(s.rand, 0.12, 0.38);
    // Most of each shape stays on the canvas: a sliver at an edge reads as a mistake.
    const spot = freeSpot(s, r, 40, -0.35);
    if (!spot) continue;
    const [x, y] = spot;
    const c = pick(s.rand, s.colors);
    // Contact shadow first, then the shape: reads as an object under soft light.
    glow(ctx, x + r * 0.12, y + r * 0.18, r * 1.25, mix(c, [0, 0, 0], 0.5), 0.22);
    const fill = ctx.createRadialGradient(x - r * 0.35, y - r * 0.4, r * 0.1, x, y, r);
    fill.addColorStop(0, rgba(mix(c, [255, 255, 255], 0.35), 1));
    fill.addColorStop(1, rgba(c, 1));
    ctx.fillStyle = fill;
    ctx.beginPath();
    if (s.rand() < 0.6) ctx.arc(x, y, r, 0, Math.PI * 2);
    else ctx.roundRect(x - r, y - r * 0.55, r * 2, r * 1.1, r * 0.55);
    ctx.fill();
  }
};

/** Golden-hour light: warm sweep, sun glow and bokeh discs. */
export const light: Painter = (ctx, s) => {
  const warm: Rgb = [255, 196, 120];
  const g = ctx.createLinearGradient(0, 0, s.w, s.h);
  g.addColorStop(0, rgba(mix(s.colors[0] ?? s.base, [20, 10, 5], 0.2), 1));
  g.addColorStop(0.6, rgba(mix(s.colors[1] ?? s.base, warm, 0.3), 1));
  g.addColorStop(1, rgba(mix(s.accent, warm, 0.4), 1));
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, s.w, s.h);
  const [sx, sy] = farPoint(s);
  glow(ctx, sx, sy, diag(s) * 0.55, warm, 0.7);
  const unit = Math.min(s.w, s.h);
  for (let i = 0; i < 26; i++) {
    const r = unit * range(s.rand, 0.015, 0.08);
    const spot = freeSpot(s, r, 8);
    if (!spot) continue;
    const fill = ctx.createRadialGradient(spot[0], spot[1], r * 0.2, spot[0], spot[1], r);
    const tone = mix(warm, [255, 255, 255], range(s.rand, 0, 0.6));
    fill.addColorStop(0, rgba(tone, range(s.rand, 0.12, 0.35)));
    fill.addColorStop(0.85, rgba(tone, 0.1));
    fill.addColorStop(1, rgba(tone, 0));
    ctx.fillStyle = fill;
    ctx.beginPath();
    ctx.arc(spot[0], spot[1], r, 0, Math.PI * 2);
    ctx.fill();
  }
};

function cloud(ctx: SKRSContext2D, x: number, y: number, r: number, c: Rgb): void {
  // 祥云: a run of curls drawn as nested arcs, the classic auspicious cloud.
  ctx.strokeStyle = rgba(c, 0.55);
  ctx.lineWidth = Math.max(1.5, r * 0.09);
  ctx.lineCap = "round";
  for (let k = 0; k < 3; k++) {
    const cx = x + (k - 1) * r * 0.95;
    const cy = y + (k === 1 ? -r * 0.35 : 0);
    for (let ring = 1; ring <= 2; ring++) {
      ctx.beginPath();
      ctx.arc(cx, cy, (r * ring) / 2.2, Math.PI * 0.95, Math.PI * 2.3);
      ctx.stroke();
    }
  }
  ctx.beginPath();
  ctx.moveTo(x - r * 1.9, y + r * 0.45);
  ctx.lineTo(x + r * 1.9, y + r * 0.45);
  ctx.stroke();
}

function lantern(ctx: SKRSContext2D, x: number, y: number, r: number, red: Rgb, gold: Rgb): void {
  ctx.strokeStyle = rgba(gold, 0.8);
  ctx.lineWidth = Math.max(1, r * 0.04);
  ctx.beginPath();
  ctx.moveTo(x, 0);
  ctx.lineTo(x, y - r * 0.8);
  ctx.stroke();
  glow(ctx, x, y, r * 2.2, [255, 150, 60], 0.35);
  const body = ctx.createRadialGradient(x - r * 0.3, y - r * 0.2, r * 0.1, x, y, r * 1.1);
  body.addColorStop(0, rgba(mix(red, [255, 200, 120], 0.55), 1));
  body.addColorStop(1, rgba(red, 1));
  ctx.fillStyle = body;
  ctx.beginPath();
  ctx.ellipse(x, y, r * 1.1, r * 0.85, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = rgba(gold, 1);
  ctx.fillRect(x - r * 0.45, y - r * 0.95, r * 0.9, r * 0.18);
  ctx.fillRect(x - r * 0.45, y + r * 0.78, r * 0.9, r * 0.18);
  ctx.strokeStyle = rgba(gold, 0.9);
  for (let t = -2; t <= 2; t++) {
    ctx.beginPath();
    ctx.moveTo(x + t * r * 0.08, y + r * 0.96);
    ctx.lineTo(x + t * r * 0.1, y + r * 1.6);
    ctx.stroke();
  }
}

/** 国风 festival: night sky, full moon, auspicious clouds and lanterns, kept off the text. */
export const festive: Painter = (ctx, s) => {
  const night = luminanceOf(s.base) < 0.2 ? s.base : mix(s.colors[0] ?? s.base, [10, 8, 20], 0.6);
  const g = ctx.createLinearGradient(0, 0, 0, s.h);
  g.addColorStop(0, rgba(mix(night, [0, 0, 0], 0.25), 1));
  g.addColorStop(1, rgba(mix(night, s.colors[0] ?? night, 0.45), 1));
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, s.w, s.h);
  const gold = [...s.colors].sort((a, b) => luminanceOf(b) - luminanceOf(a))[0] ?? [233, 196, 106];
  const red = [...s.colors].sort(
    (a, b) => saturation(b) - saturation(a) + (luminanceOf(a) - luminanceOf(b)),
  )[0] ?? [139, 30, 36];
  const unit = Math.min(s.w, s.h);
  const moonR = unit * 0.2;
  const moon = freeSpot(s, moonR * 1.1, 60);
  if (moon) drawMoon(ctx, moon[0], moon[1], moonR, gold);
  for (let i = 0; i < 4; i++) {
    const r = unit * range(s.rand, 0.05, 0.09);
    const spot = freeSpot(s, r * 2.2, 20);
    // Clouds drift beside the moon, not across its face.
    if (spot && (!moon || Math.hypot(spot[0] - moon[0], spot[1] - moon[1]) > moonR + r * 2.4)) {
      cloud(ctx, spot[0], spot[1], r, gold);
    }
  }
  if (!roomForMotifs(s)) return;
  for (let i = 0; i < 3; i++) {
    const r = unit * range(s.rand, 0.045, 0.075);
    const x = range(s.rand, r * 2, s.w - r * 2);
    const y = range(s.rand, r * 2, s.h * 0.45);
    // The string runs from the top edge, so the whole column must be clear.
    const column = { x: x - r * 2.2, y: 0, width: r * 4.4, height: y + r * 2.2 };
    const clearOfMoon = !moon || Math.abs(x - moon[0]) > moonR + r * 1.5;
    if (clearOfMoon && !s.calm.some((z) => overlaps(z, column))) lantern(ctx, x, y, r, red, gold);
  }
};

function drawMoon(ctx: SKRSContext2D, x: number, y: number, r: number, gold: Rgb): void {
  glow(ctx, x, y, r * 3, gold, 0.35);
  const disc = ctx.createRadialGradient(x - r * 0.3, y - r * 0.3, r * 0.1, x, y, r);
  disc.addColorStop(0, rgba(mix(gold, [255, 255, 240], 0.6), 1));
  disc.addColorStop(1, rgba(gold, 1));
  ctx.fillStyle = disc;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fill();
}

export const FAMILIES = { mesh, linear, shapes, light, festive } as const;
export type FamilyName = keyof typeof FAMILIES;
