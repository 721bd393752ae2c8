/**
 * The product on the poster: where the background's light comes from, and
 * the grounding drawn under the cut-out (a tight contact shadow where it
 * stands and a soft cast shadow falling away from the light).
 */
import type { Box, LayoutElement } from "@hyperposter/domain";
import type { Canvas, Image, SKRSContext2D } from "@napi-rs/canvas";
import type { RgbImage } from "../image-backend/types";

/**
 * Unit vector from the product's centre towards the background's light: the
 * centroid of the brightest pixels (top 10% of luminance, sampled on a grid).
 * A flat background gives light from above.
 */
export function lightDirection(bg: RgbImage, product: Box): { x: number; y: number } {
  const step = Math.max(1, Math.floor(Math.sqrt((bg.width * bg.height) / 4000)));
  const lums: Array<[number, number, number]> = [];
  for (let y = 0; y < bg.height; y += step) {
    for (let x = 0; x < bg.width; x += step) {
      const o = (y * bg.width + x) * 3;
      const l =
        0.2126 * (bg.data[o] ?? 0) +
        0.7152 * (bg.data[o + 1] ?? 0) +
        0.0722 * (bg.data[o + 2] ?? 0);
      lums.push([l, x, y]);
    }
  }
  lums.sort((a, b) => b[0] - a[0]);
  const top = lums.slice(0, Math.max(1, Math.floor(lums.length * 0.1)));
  const spread = (lums[0]?.[0] ?? 0) - (lums[lums.length - 1]?.[0] ?? 0);
  if (spread < 12) return { x: 0, y: -1 };
  const cx = top.reduce((s, t) => s + t[1], 0) / top.length;
  const cy = top.reduce((s, t) => s + t[2], 0) / top.length;
  let dx = cx - (product.x + product.width / 2);
  // Studio light is overhead more often than not: bias upwards.
  let dy = cy - (product.y + product.height / 2) - bg.height * 0.25;
  const len = Math.hypot(dx, dy) || 1;
  dx /= len;
  dy /= len;
  return { x: dx, y: dy };
}

function ellipseShadow(
  ctx: SKRSContext2D,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  alpha: number,
): void {
  if (rx <= 0 || ry <= 0) return;
  ctx.save();
  ctx.translate(cx, cy);
  ctx.scale(1, ry / rx);
  const g = ctx.createRadialGradient(0, 0, 0, 0, 0, rx);
  g.addColorStop(0, `rgba(0,0,0,${alpha.toFixed(3)})`);
  g.addColorStop(0.55, `rgba(0,0,0,${(alpha * 0.45).toFixed(3)})`);
  g.addColorStop(1, "rgba(0,0,0,0)");
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.arc(0, 0, rx, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
}

/** Shadows, then the cut-out, in the element's box. */
export function drawProduct(
  ctx: SKRSContext2D,
  e: LayoutElement,
  art: Canvas | Image | undefined,
): void {
  const { x, y, width, height } = e.box;
  const light = e.light ?? { x: 0, y: -1 };
  const base = y + height;
  const cx = x + width / 2;
  // Cast shadow: a soft ellipse on the ground, pushed away from the light.
  const away = -light.x;
  ellipseShadow(
    ctx,
    cx + away * width * 0.22,
    base - height * 0.01,
    width * 0.62,
    height * 0.07,
    0.22,
  );
  // Contact shadow: tight and dark right under the base.
  ellipseShadow(ctx, cx, base - height * 0.005, width * 0.44, Math.max(2, height * 0.025), 0.42);
  if (!art) return;
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(art, x, y, width, height);
  ctx.restore();
}
