import type { LayoutElement, PosterLayout } from "@hyperposter/domain";
import {
  type Canvas,
  type Image,
  ImageData,
  type SKRSContext2D,
  createCanvas,
} from "@napi-rs/canvas";
import sharp from "sharp";
import type { RgbImage } from "../image-backend/types";
import { hexToRgb, rgba } from "./color";
import { drawProduct } from "./product";
import { fillRuns } from "./runs";

const pixels = new WeakMap<RgbImage, Promise<ImageData>>();
const canvases = new WeakMap<RgbImage, Promise<Canvas>>();

/**
 * An RGB background as RGBA ImageData, cached per image: sharp adds the alpha
 * channel natively, several times faster than a JS loop.
 */
export function backgroundPixels(bg: RgbImage): Promise<ImageData> {
  let hit = pixels.get(bg);
  if (!hit) {
    hit = sharp(Buffer.from(bg.data.buffer, bg.data.byteOffset, bg.data.byteLength), {
      raw: { width: bg.width, height: bg.height, channels: 3 },
    })
      .ensureAlpha(1)
      .raw()
      .toBuffer()
      .then((rgba) => {
        const data = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength);
        return new ImageData(data, bg.width, bg.height);
      });
    pixels.set(bg, hit);
  }
  return hit;
}

/** The background as a canvas, for drawImage (PDF pages, the gate's backdrop); cached per image. */
export function backgroundCanvas(bg: RgbImage): Promise<Canvas> {
  let hit = canvases.get(bg);
  if (!hit) {
    hit = backgroundPixels(bg).then((img) => {
      const c = createCanvas(bg.width, bg.height);
      c.getContext("2d").putImageData(img, 0, 0);
      return c;
    });
    canvases.set(bg, hit);
  }
  return hit;
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
  const font = fontOf(e);
  ctx.fillStyle = colour;
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = "left";
  for (const line of e.lines ?? [])
    fillRuns(ctx, font, e.fontSize ?? 16, line.text, line.x, line.baseline);
}

export interface DrawParts {
  /** Omitted when the caller already put the background pixels on the canvas. */
  background?: Canvas | Image;
  /** The logo artwork at the size of its box. */
  logo?: Canvas | Image;
  /** The product cut-out (any size: drawn into its box with its shadows). */
  product?: Canvas | Image;
  /** false draws only what lies under the text (for the quality gate). */
  text?: boolean;
}

/** Draws a composed layout; the same code paints screens and PDF pages. */
export function drawPoster(ctx: SKRSContext2D, layout: PosterLayout, parts: DrawParts): void {
  if (parts.background) ctx.drawImage(parts.background, 0, 0, layout.width, layout.height);
  for (const e of layout.elements) {
    if (e.kind === "underlay") drawUnderlay(ctx, e);
    else if (e.kind === "product") drawProduct(ctx, e, parts.product);
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
