import { FORMATS, type FormatName } from "./formats";

/** The copy the studio knows before generating (typed by the marketer). */
export interface TypedCopy {
  headline?: string | undefined;
  subline?: string | undefined;
  /** Without a typed subline, the copywriter sets the offer as the subline. */
  offer?: string | undefined;
  cta?: string | undefined;
}

export interface PredictedDrop {
  format: FormatName;
  field: "subline" | "offer";
  text: string;
  reason: string;
  reasonZh: string;
}

// Average advance per character in em, measured on the catalog fonts (Inter, Noto Sans SC):
// CJK is square; Latin text averages about 0.55 em (bold headline type a little wider).
const em = (text: string, bold: boolean) => {
  let w = 0;
  for (const ch of text) {
    if (
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u.test(ch)
    )
      w += 1;
    else if (ch === " ") w += 0.26;
    else if (/[A-Z0-9]/.test(ch)) w += bold ? 0.68 : 0.64;
    else w += bold ? 0.56 : 0.5;
  }
  return w;
};

/**
 * Which typed copy fields the chosen formats cannot hold, before anything is
 * generated. It mirrors the composer's rules (packages/pipeline compose/plan.ts):
 * the 728×90 strip keeps a subline only as a one-line second line at 11 px or
 * more under a one-line headline at least 1.25× larger, beside the CTA; the
 * 300×250 rectangle with a product photo has no subline at all. Widths are
 * estimated from average glyph widths, so a line within a few percent of the
 * limit may go either way (the result card then says what happened).
 */
export function predictDroppedCopy(
  copy: TypedCopy,
  formats: readonly FormatName[],
  options: { withProduct?: boolean; withLogo?: boolean } = {},
): PredictedDrop[] {
  const column = options.withLogo === false ? STRIP_FULL : STRIP_COLUMN;
  const field: PredictedDrop["field"] = copy.subline?.trim() ? "subline" : "offer";
  const text = (copy.subline?.trim() || copy.offer?.trim()) ?? "";
  if (!text) return [];
  const drops: PredictedDrop[] = [];
  for (const name of formats) {
    const f = FORMATS[name];
    const size = `${f.width}×${f.height}`;
    if (name === "banner-leaderboard" && !stripHolds(column, copy.headline, text, copy.cta)) {
      drops.push({
        format: name,
        field,
        text,
        reason: `${size}: too long for the second line under the headline (about ${stripRoom(column, copy.cta)} characters fit at the smallest legible size); it will not be shown there.`,
        reasonZh: `${size}：放不进标题下方的第二行（最小可读字号下约能放 ${stripRoomZh(column, copy.cta)} 个汉字），该尺寸上不会显示。`,
      });
    }
    if (name === "banner-medium-rectangle" && options.withProduct) {
      drops.push({
        format: name,
        field,
        text,
        reason: `${size}: with a product photo there is room for the headline and the call to action only; it will not be shown there.`,
        reasonZh: `${size}：放入产品图后只放得下标题和行动按钮，该尺寸上不会显示。`,
      });
    }
  }
  return drops;
}

// The strip's text column (728×90, safe inset 8/12, logo 163 px + 26 px gutter; without a
// logo the whole safe width) and CTA button.
const STRIP_COLUMN = 515;
const STRIP_FULL = 704;
const STRIP_HEIGHT = 74;
const SUB_MIN = 11;
const SUB_MAX = Math.min(16, STRIP_HEIGHT * 0.22);
const CTA_SIZE = Math.min(18, STRIP_HEIGHT * 0.3);

function stripTextWidth(column: number, cta: string | undefined): number {
  const label = em(cta?.trim() || "Shop now", true) * CTA_SIZE;
  const button = Math.min(label, column * 0.3) + CTA_SIZE * 1.8;
  return column - button - 16;
}

function stripHolds(
  column: number,
  headline: string | undefined,
  sub: string,
  cta: string | undefined,
): boolean {
  const width = stripTextWidth(column, cta);
  const subSize = Math.min(SUB_MAX, width / Math.max(0.01, em(sub, false)));
  if (subSize < SUB_MIN) return false;
  // Unknown headline (the copywriter writes it): assume one that fits.
  if (!headline?.trim()) return true;
  const headSize = width / Math.max(0.01, em(headline, true));
  return headSize >= Math.max(12, subSize * 1.25);
}

const stripRoom = (column: number, cta: string | undefined) =>
  Math.floor(stripTextWidth(column, cta) / (SUB_MIN * 0.5));
const stripRoomZh = (column: number, cta: string | undefined) =>
  Math.floor(stripTextWidth(column, cta) / SUB_MIN);
