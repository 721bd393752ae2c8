import type { SKRSContext2D } from "@napi-rs/canvas";
import { emojiFont, hasEmoji, textRuns } from "../fonts/resolve";

export interface Ink {
  width: number;
  ascent: number;
  descent: number;
}

/** Advance and ink extent of a line whose emoji runs use the emoji font. */
export function measureRuns(ctx: SKRSContext2D, font: string, size: number, text: string): Ink {
  if (!hasEmoji(text)) {
    ctx.font = font;
    const m = ctx.measureText(text);
    return {
      width: m.width,
      ascent: m.actualBoundingBoxAscent,
      descent: m.actualBoundingBoxDescent,
    };
  }
  const ink: Ink = { width: 0, ascent: 0, descent: 0 };
  for (const run of textRuns(text)) {
    ctx.font = run.emoji ? emojiFont(size) : font;
    const m = ctx.measureText(run.text);
    ink.width += m.width;
    ink.ascent = Math.max(ink.ascent, m.actualBoundingBoxAscent);
    ink.descent = Math.max(ink.descent, m.actualBoundingBoxDescent);
  }
  return ink;
}

/** Draws a line run by run from its pen position (left end of the baseline). */
export function fillRuns(
  ctx: SKRSContext2D,
  font: string,
  size: number,
  text: string,
  x: number,
  y: number,
): void {
  if (!hasEmoji(text)) {
    ctx.font = font;
    ctx.fillText(text, x, y);
    return;
  }
  let pen = x;
  for (const run of textRuns(text)) {
    ctx.font = run.emoji ? emojiFont(size) : font;
    ctx.fillText(run.text, pen, y);
    pen += ctx.measureText(run.text).width;
  }
}
