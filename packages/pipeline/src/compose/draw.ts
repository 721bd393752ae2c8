import type { LayoutElement, PosterLayout } from "@hyperposter/domain";
import { type Canvas, type Image, type SKRSContext2D, createCanvas } from "@napi-rs/canvas";
import type { RgbImage } from "../image-backend/types";
import { hexToRgb, rgba } from "./color";

/** An RGB background as a canvas, ready for drawImage (screen or PDF). */
export function backgroundCanvas(bg: RgbImage): Canvas {
  const c = createCanvas(bg.width, bg.height);
  const ctx = c.getContext("2d");
  const img = ctx.createImageData(bg.width, bg.height);
  const out = img.data;
  const src = bg.data;
  for (let i = 0, j = 0; j < src.length; i += 4, j += 3) {
    out[i] = src[j] ?? 0;
    out[i + 1] = src[j + 1] ?? 0;
    out[i + 2] = src[j + 2] ?? 0;
    out[i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

function drawUnderlay(ctx: SKRSContext2D, u: LayoutElement): void {
  const c = hexToRgb(u.color ?? "#000000");
  const a = u.opacity ?? 1;
  const { x, y, width, height } = u.box;
  if (u.gradient) {
    const g = ctx.createLinearGradient(0, u.gradient.y0, 0, u.gradient.y1);
    g.addColorStop(0, rgba(c, 0));
    g.addColorStop(1, rgba(c, a));
    ctx.fillStyle = g;
    ctx.fillRect(x, y, width, height);
    return;
  }
  ctx.fillStyle = rgba(c, a);
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, u.radius ?? 0);
  ctx.fill();
}

export function fontOf(e: LayoutElement): string {
  return `${e.fontWeight ?? 400} ${(e.fontSize ?? 16).toFixed(2)}px ${e.fontFamily ?? "sans-serif"}`;
}

export function drawText(
  ctx: SKRSContext2D,
  e: LayoutElement,
  colour = e.color ?? "#000000",
): void {
  ctx.font = fontOf(e);
  ctx.fillStyle = colour;
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = "left";
  for (const line of e.lines ?? []) ctx.fillText(line.text, line.x, line.baseline);
}

export interface DrawParts {
  background: Canvas | Image;
  /** The logo artwork at the size of its box. */
  logo?: Canvas | Image;
  /** false draws only what lies under the text (for the quality gate). */
  text?: boolean;
}

/** Draws a composed layout; the same code paints screens and PDF pages. */
export function drawPoster(ctx: SKRSContext2D, layout: PosterLayout, parts: DrawParts): void {
  ctx.drawImage(parts.background, 0, 0, layout.width, layout.height);
  for (const e of layout.elements) {
    if (e.kind === "underlay") drawUnderlay(ctx, e);
    else if (e.kind === "logo" && parts.logo) {
      ctx.drawImage(parts.logo, e.box.x, e.box.y, e.box.width, e.box.height);
    } else if (e.kind === "cta") {
      ctx.fillStyle = e.fill ?? "#000000";
      ctx.beginPath();
      ctx.roundRect(e.box.x, e.box.y, e.box.width, e.box.height, e.radius ?? 0);
      ctx.fill();
    }
  }
  if (parts.text === false) return;
  for (const e of layout.elements) {
    if (e.kind === "headline" || e.kind === "subline" || e.kind === "cta") drawText(ctx, e);
  }
}
