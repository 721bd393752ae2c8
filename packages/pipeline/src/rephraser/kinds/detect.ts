import {
  PRODUCT_KIND_LABELS,
  type Brief,
  type KindChoice,
  type ProductKind,
} from "@hyperposter/domain";
import { cedict } from "../dictionary/cedict";
import { segmentHanRun } from "../zh-segment";
import { KIND_WORDS, RETAIL_HEALTH_WORDS } from "./keywords";

type DetectableKind = Exclude<ProductKind, "general">;

interface KindWord {
  kind: DetectableKind;
  word: string;
  weight: number;
  pattern: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Either language's list may hold the same Latin word (SPA, App): the first one counts.
const seen = new Set<string>();

function parseWords(lang: "en" | "zh"): KindWord[] {
  const out: KindWord[] = [];
  for (const [kind, lists] of Object.entries(KIND_WORDS) as Array<
    [DetectableKind, { en: string; zh: string }]
  >) {
    for (const item of lists[lang].split(",")) {
      const [raw, w] = item.trim().split("*");
      const word = (raw ?? "").trim().toLowerCase();
      if (!word || seen.has(`${kind}:${word}`)) continue;
      seen.add(`${kind}:${word}`);
      const body = escape(word);
      const pattern = /^[\p{Script=Han}]/u.test(word)
        ? new RegExp(body, "gu")
        : // Latin words end at anything but a Latin letter or digit: "外卖App" holds "app".
          new RegExp(
            `(?<![\\p{Script=Latin}\\p{N}])${body}(?:s|es)?(?![\\p{Script=Latin}\\p{N}])`,
            "giu",
          );
      out.push({ kind, word, weight: w ? Number(w) : 1, pattern });
    }
  }
  return out;
}

// Brief text of either language may hold words of the other ("外卖App", "AI写作助手").
const WORDS: readonly KindWord[] = [...parseWords("en"), ...parseWords("zh")];
const KNOWN = new Set(WORDS.map((w) => w.word));

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/**
 * A one-character Chinese word (班, 车, 房, 险…) names a kind only as the head
 * of the word it ends: 三轮车 is a vehicle and 暑期班 a class, but 车 in 车厘子
 * (cherries) and 班 in 上班族 (office workers) or 下班 ("to get off work")
 * are not. The word is ICU's; a word CC-CEDICT renders as a verb ("to …")
 * has no head noun.
 */
function insideOtherWord(lower: string, at: number): boolean {
  for (const seg of segmenter.segment(lower)) {
    if (at < seg.index || at >= seg.index + seg.segment.length) continue;
    const w = seg.segment;
    if (w.length === 1 || KNOWN.has(w)) return false;
    if (at !== seg.index + w.length - 1) return true;
    const senses = cedict().get(w)?.senses ?? [];
    return senses.length > 0 && senses.every((sense) => sense.startsWith("to "));
  }
  return false;
}

/** How much each brief field says about the kind: the product most, the style least. */
const FIELD_WEIGHT = { product: 3, offer: 1, audience: 0.6, style: 0.3 } as const;
type Field = keyof typeof FIELD_WEIGHT;

interface Match {
  kind: DetectableKind;
  word: string;
  field: Field;
  start: number;
  end: number;
  score: number;
}

// The English head phrase ends before these: "software for freelancers" is software.
const EN_TAIL = /\s(?:for|with|in|on|near|from|by|at|to|featuring)\s|:|,|\s-\s/i;

function matchesIn(text: string, field: Field): Match[] {
  const lower = text.normalize("NFKC").toLowerCase();
  const all: Match[] = [];
  for (const w of WORDS) {
    // A substring test first: most of the ~2,000 words are absent from a brief.
    if (!lower.includes(w.word)) continue;
    w.pattern.lastIndex = 0;
    for (const m of lower.matchAll(w.pattern)) {
      if (w.word.length === 1 && /\p{Script=Han}/u.test(w.word) && insideOtherWord(lower, m.index))
        continue;
      all.push({
        kind: w.kind,
        word: w.word,
        field,
        start: m.index,
        end: m.index + m[0].length,
        score: FIELD_WEIGHT[field] * w.weight,
      });
    }
  }
  // A match inside a longer one is not a second opinion ("coffee" in "coffee shop").
  const kept = all.filter(
    (m) =>
      !all.some(
        (o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start,
      ),
  );
  if (field !== "product" || kept.length === 0) return kept;

  // The head noun comes last in both languages ("coffee gift box" is a gift),
  // before any trailing phrase in English ("app for runners" is an app).
  const tail = /\p{Script=Han}/u.test(lower) ? -1 : lower.search(EN_TAIL);
  const headEnd = tail > 0 ? tail : lower.length;
  // The head's bonus scales with the word's weight: a weak hint that happens to
  // come last ("spaces", 会) does not outvote the product noun before it.
  const inHead = kept.filter((m) => m.end <= headEnd);
  for (const m of inHead) m.score *= 1.5;
  const lastEnd = Math.max(...inHead.map((m) => m.end), -1);
  for (const m of inHead) if (m.end === lastEnd) m.score += 2 * Math.min(1, m.score / 4.5);
  return kept;
}

/** The English words of the zh product's terms, as CC-CEDICT and the lexicon render them. */
function glossesOf(product: string): string {
  const runs = product.normalize("NFKC").match(/\p{Script=Han}+/gu) ?? [];
  return runs
    .flatMap((run) => segmentHanRun(run, "subject"))
    .map((seg) => (seg.kind === "term" ? seg.entry.en : ""))
    .filter(Boolean)
    .join(" ");
}

/**
 * Chinese products the zh word lists do not know (卸妆油, 乳胶枕) are matched
 * again through their English glosses ("makeup remover oil", "latex pillow"),
 * at a lower weight since a gloss is one dictionary sense among several.
 */
function glossMatches(product: string): Match[] {
  const glosses = glossesOf(product);
  if (!glosses) return [];
  return matchesIn(glosses, "product").map((m) => ({
    ...m,
    word: `${m.word} (gloss)`,
    score: m.score * 0.8,
  }));
}

export interface KindDetection extends KindChoice {
  /** For health: a product sold in shops (vitamins) rather than booked (a clinic). */
  retail: boolean;
  /** Scores per kind, best first, for the trace and tests. */
  scores: Array<{ kind: DetectableKind; score: number }>;
}

/**
 * The product kind from the brief's own words (English or Chinese), with a
 * confidence and the words that decided it. A brief that names its kind wins.
 */
export function detectKind(
  brief: Pick<Brief, "product" | "offer" | "audience" | "style" | "kind">,
): KindDetection {
  const matches: Match[] = [];
  for (const field of ["product", "offer", "audience", "style"] as const) {
    const text = brief[field];
    if (text) matches.push(...matchesIn(text, field));
  }
  if (/\p{Script=Han}/u.test(brief.product) && !matches.some((m) => m.field === "product"))
    matches.push(...glossMatches(brief.product));
  const totals = new Map<DetectableKind, number>();
  for (const m of matches) totals.set(m.kind, (totals.get(m.kind) ?? 0) + m.score);
  const scores = [...totals.entries()]
    .map(([kind, score]) => ({ kind, score: Math.round(score * 100) / 100 }))
    .sort((a, b) => b.score - a.score);
  const retail = matches.some((m) => m.kind === "health" && RETAIL_HEALTH_WORDS.has(m.word));

  if (brief.kind) {
    return {
      id: brief.kind,
      confidence: 1,
      source: "brief",
      reason: `the brief sets the kind to ${PRODUCT_KIND_LABELS[brief.kind].en}`,
      retail,
      scores,
    };
  }
  const [top, second] = scores;
  if (!top) {
    return {
      id: "general",
      confidence: 0,
      source: "detected",
      reason: "no word of the brief names a product kind; general copy",
      retail,
      scores,
    };
  }
  const confidence = Math.round((top.score / (top.score + (second?.score ?? 0) + 1)) * 100) / 100;
  const because = matches
    .filter((m) => m.kind === top.kind)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((m) => `"${m.word}" in the ${m.field}`);
  const runnerUp = second ? `; next: ${PRODUCT_KIND_LABELS[second.kind].en} (${second.score})` : "";
  return {
    id: top.kind,
    confidence,
    source: "detected",
    reason: `${because.join(", ")} (score ${top.score}${runnerUp})`,
    retail,
    scores,
  };
}
