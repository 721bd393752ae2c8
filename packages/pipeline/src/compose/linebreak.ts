// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- every package that compiles this source (api, worker, client, web) needs the ambient declaration; an import cannot carry it
/// <reference path="./linebreak-module.d.ts" />
import LineBreaker from "linebreak";

/** Characters a line must not start with (Chinese kinsoku, plus Latin closers). */
export const NO_LINE_START = new Set([..."，。、！？）」』】》〉：；,.!?)]}%…·～—"]);
/** Characters a line must not end with. */
export const NO_LINE_END = new Set([..."（「『【《〈([{“‘￥¥$#"]);

/**
 * Marketing words the ICU dictionary in Node splits into single characters
 * (it segments "全场" as 全|场, "限时" as 限|时). Kept whole on a line.
 */
const LEXICON = [
  "全场",
  "限时",
  "限量",
  "限定",
  "立即",
  "马上",
  "抢购",
  "新品",
  "上新",
  "首发",
  "优惠",
  "折扣",
  "特价",
  "秒杀",
  "包邮",
  "满减",
  "会员",
  "专享",
  "独家",
  "爆款",
  "热卖",
  "好礼",
  "礼盒",
  "送礼",
  "中秋",
  "国庆",
  "春节",
  "元旦",
  "七夕",
  "端午",
  "元宵",
  "月饼",
  "月圆",
  "团圆",
  "人团圆",
  "尽享",
  "一盒",
  "半价",
  "买一送一",
  "第二杯",
  "水果茶",
  "鲜果",
  "清新",
  "夏日",
  "冰爽",
  "咖啡",
  "冷萃",
  "周末",
  "今日",
  "本周",
  "即刻",
  "现在",
  "下单",
  "购买",
  "了解",
  "更多",
  "详情",
  "预订",
  "预约",
  "领取",
  "领券",
  "优惠券",
  "口味",
  "十二种",
  "上市",
  "新品上市",
  "夏日限定",
  "限定款",
  "登场",
  "鲜活",
  "好味道",
  "味道",
  "好礼",
  "狂欢",
  "大促",
  "年货",
  "过年",
  "新年",
  "快乐",
  "开业",
  "庆典",
];

/** Spans that must stay on one line: dates, amounts, numbers with their unit. */
const PROTECTED: RegExp[] = [
  /\d{1,4}年\d{1,2}月\d{1,2}[日号]/g,
  /\d{1,2}月\d{1,2}[日号]/g,
  /\d{1,2}[:：]\d{2}/g,
  /满\d+(?:\.\d+)?(?:元)?减\d+(?:\.\d+)?元?/g,
  /[¥￥$€£]\s?\d+(?:[.,]\d+)*/g,
  /\d+(?:[.,]\d+)*\s?(?:%|％|折|元|块|月|日|号|点|年|岁|小时|分钟|秒|件|杯|盒|种|周|天|个|ml|g|kg|km)/g,
  /[一二三四五六七八九十两半百千万\d]+(?:折|种|杯|盒|件|天|周|个|倍)/g,
  /第[一二三四五六七八九十\d]+[杯件个天期位名]/g,
  /\d+(?:[.,]\d+)+/g,
];

export interface BreakPoint {
  /** UTF-16 index: a line may end before this position. */
  position: number;
  required: boolean;
  /** 0 = ideal (after a space or punctuation) … higher = worse. */
  penalty: number;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const HAN = /\p{Script=Han}/u;
const SPACE_OR_PUNCT = /[\s\p{P}]/u;
const CLAUSE_END = /[.,;:!?。，、；：！？…]/u;
// Trailing variation selectors and skin tones (U+1F3FB–1F3FF) belong to the emoji before them.
const EMOJI_END = /\p{Extended_Pictographic}(?:\u{fe0f}|\p{Emoji_Modifier})*$/u;
const EMOJI_START = /^\p{Extended_Pictographic}/u;

function protectedRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const re of PROTECTED) {
    for (const m of text.matchAll(re)) ranges.push([m.index, m.index + m[0].length]);
  }
  for (const word of LEXICON) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      ranges.push([at, at + word.length]);
    }
  }
  return ranges;
}

/**
 * Where `text` may break: a UAX #14 opportunity (npm linebreak) that is also a
 * word boundary (Intl.Segmenter), not inside a protected span, and not
 * violating kinsoku. Each point carries a penalty so the line breaker prefers
 * breaks after spaces and punctuation, then between words, then between
 * single characters.
 */
export function breakPoints(text: string): BreakPoint[] {
  const uax = new Map<number, boolean>();
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak())
    uax.set(bk.position, bk.required);

  const segments = [...segmenter.segment(text)];
  const wordEnds = new Map<number, { before: string; after: string }>();
  segments.forEach((seg, i) => {
    const end = seg.index + seg.segment.length;
    wordEnds.set(end, { before: seg.segment, after: segments[i + 1]?.segment ?? "" });
  });
  const guarded = protectedRanges(text);

  const points: BreakPoint[] = [];
  for (const [position, required] of uax) {
    if (position >= text.length) continue;
    const before = text[position - 1] ?? "";
    const after = text[position] ?? "";
    if (!required) {
      if (!wordEnds.has(position)) continue;
      if (guarded.some(([lo, hi]) => position > lo && position < hi)) continue;
      if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) continue;
      // A run of emoji is one picture: 🍉🧋 never splits across lines.
      if (EMOJI_END.test(text.slice(0, position)) && EMOJI_START.test(text.slice(position)))
        continue;
    }
    const words = wordEnds.get(position);
    let penalty = 0;
    if (!required && !SPACE_OR_PUNCT.test(before)) {
      const single = (w: string) => [...w].length === 1 && HAN.test(w);
      penalty = words && (single(words.before) || single(words.after)) ? 6 : 2;
    } else if (
      !required &&
      /\s/.test(before) &&
      !CLAUSE_END.test(text.slice(0, position).trimEnd().slice(-1))
    ) {
      // Between two words of one clause: fine, but a break after "." or "," reads better.
      penalty = 2;
    }
    points.push({ position, required, penalty });
  }
  return points.sort((a, b) => a.position - b.position);
}

export interface Unit {
  text: string;
  /** Penalty for breaking after this unit; Infinity on the last unit. */
  penalty: number;
  required: boolean;
}

/** Splits text into unbreakable units at its break points. */
export function units(text: string): Unit[] {
  const out: Unit[] = [];
  let start = 0;
  for (const p of breakPoints(text)) {
    out.push({ text: text.slice(start, p.position), penalty: p.penalty, required: p.required });
    start = p.position;
  }
  out.push({ text: text.slice(start), penalty: Infinity, required: false });
  return out.filter((u) => u.text.length > 0);
}
