import {
  PRODUCT_KIND_LABELS,
  type Brief,
  type KindChoice,
  type ProductKind,
} from "@hyperposter/domain";
import { KIND_WORDS, RETAIL_HEALTH_WORDS } from "./keywords";

type DetectableKind = Exclude<ProductKind, "general">;

interface KindWord {
  kind: DetectableKind;
  word: string;
  weight: number;
  pattern: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function parseWords(lang: "en" | "zh"): KindWord[] {
  const out: KindWord[] = [];
  const seen = new Set<string>();
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
const EN_TAIL = /\s(?:for|with|in|on|near|from|by|at|to|and|featuring)\s|:|,|\s-\s/i;

function matchesIn(text: string, field: Field): Match[] {
  const lower = text.normalize("NFKC").toLowerCase();
  const all: Match[] = [];
  for (const w of WORDS) {
    w.pattern.lastIndex = 0;
    for (const m of lower.matchAll(w.pattern)) {
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
  const inHead = kept.filter((m) => m.end <= headEnd);
  for (const m of inHead) m.score *= 1.5;
  const lastEnd = Math.max(...inHead.map((m) => m.end), -1);
  for (const m of inHead) if (m.end === lastEnd) m.score += 2;
  return kept;
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
