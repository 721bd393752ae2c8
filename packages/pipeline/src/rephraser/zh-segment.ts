import { CEDICT_MAX_WORD_LENGTH, cedict, chooseSense } from "./dictionary/cedict";
import { LEXICON, LEXICON_MAX_KEY_LENGTH, type LexiconEntry } from "./lexicon";
import { ZH_STOP_WORDS } from "./stop-words";

/** Where a term's English came from: the hand lexicon, or CC-CEDICT for a word it lacks. */
export interface TermEntry {
  zh: string;
  en: string;
  category: LexiconEntry["category"] | "cc-cedict";
}

export type ZhSegment =
  /** A lexicon or dictionary term, rendered in English. */
  | { kind: "term"; text: string; entry: TermEntry }
  /** A function word with no visual meaning. */
  | { kind: "stop"; text: string }
  /** A Chinese word the lexicon lacks: reported, never sent to CLIP. */
  | { kind: "unknown"; text: string };

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function wordBoundaries(run: string): Set<number> {
  const bounds = new Set<number>([run.length]);
  for (const s of segmenter.segment(run)) bounds.add(s.index);
  return bounds;
}

function longestMatchAt(run: string, i: number, bounds: ReadonlySet<number>): string | undefined {
  let anyMatch: string | undefined;
  for (let len = Math.min(LEXICON_MAX_KEY_LENGTH, run.length - i); len >= 1; len--) {
    const candidate = run.slice(i, i + len);
    if (!LEXICON.has(candidate)) continue;
    // A match that ends where ICU also sees a word end is trusted over a longer
    // one that would cut an ICU word in half (e.g. 大学|生活, not 大学生|活).
    if (bounds.has(i + len)) return candidate;
    anyMatch ??= candidate;
  }
  return anyMatch;
}

const MAX_STOP_LENGTH = Math.max(...Array.from(ZH_STOP_WORDS, (w) => w.length));

function stopWordAt(run: string, i: number, bounds: ReadonlySet<number>): string | undefined {
  for (let len = Math.min(MAX_STOP_LENGTH, run.length - i); len >= 1; len--) {
    const w = run.slice(i, i + len);
    if (ZH_STOP_WORDS.has(w) && bounds.has(i + len)) return w;
  }
  return undefined;
}

/**
 * The longest CC-CEDICT word at i that does not run into a lexicon term (the
 * curated lexicon wins where both know a word), preferring one that ends on an
 * ICU word boundary; a single character only where ICU sees a one-character word.
 */
function dictionaryWordAt(
  run: string,
  i: number,
  bounds: ReadonlySet<number>,
  slot: string,
): ZhSegment | undefined {
  const dict = cedict();
  let fallback: ZhSegment | undefined;
  let maxLen = Math.min(CEDICT_MAX_WORD_LENGTH, run.length - i);
  for (let j = i + 1; j < i + maxLen; j++) {
    if (longestMatchAt(run, j, bounds) && bounds.has(j)) {
      maxLen = j - i;
      break;
    }
  }
  for (let len = maxLen; len >= 1; len--) {
    const text = run.slice(i, i + len);
    const word = dict.get(text);
    if (!word || (len === 1 && !(bounds.has(i) && bounds.has(i + 1)))) continue;
    const en = chooseSense(word, slot);
    if (!en) continue;
    const seg: ZhSegment = { kind: "term", text, entry: { zh: text, en, category: "cc-cedict" } };
    if (bounds.has(i + len)) return seg;
    fallback ??= seg;
  }
  return fallback;
}

/**
 * Segments one run of Han characters: ICU word boundaries (Intl.Segmenter) plus
 * longest match against the hand lexicon, then stop words, then CC-CEDICT for
 * what the lexicon lacks (sense chosen for `slot`). The segments' texts
 * concatenate back to the run, so nothing the user wrote is lost silently.
 */
export function segmentHanRun(run: string, slot = "subject"): ZhSegment[] {
  const bounds = wordBoundaries(run);
  const segments: ZhSegment[] = [];
  let i = 0;
  while (i < run.length) {
    const match = longestMatchAt(run, i, bounds);
    // A longer dictionary word that ICU also sees whole beats a lexicon
    // fragment (麻辣 "numbing spicy", not 麻 "linen" + 辣); the lexicon wins ties.
    const longer = match ? dictionaryWordAt(run, i, bounds, slot) : undefined;
    if (longer && longer.text.length > (match?.length ?? 0) && bounds.has(i + longer.text.length)) {
      segments.push(longer);
      i += longer.text.length;
      continue;
    }
    if (match) {
      segments.push({ kind: "term", text: match, entry: LEXICON.get(match) as LexiconEntry });
      i += match.length;
      continue;
    }
    const stop = stopWordAt(run, i, bounds);
    if (stop) {
      segments.push({ kind: "stop", text: stop });
      i += stop.length;
      continue;
    }
    const word = dictionaryWordAt(run, i, bounds, slot);
    if (word) {
      segments.push(word);
      i += word.text.length;
      continue;
    }
    // Unknown: extend to the next ICU boundary, but stop where a lexicon term starts.
    let end = i + 1;
    while (end < run.length && !bounds.has(end) && !longestMatchAt(run, end, bounds)) end++;
    const text = run.slice(i, end);
    segments.push(ZH_STOP_WORDS.has(text) ? { kind: "stop", text } : { kind: "unknown", text });
    i = end;
  }
  return mergeUnknowns(segments);
}

// ICU splits unknown compounds into single characters; one reported term reads better.
function mergeUnknowns(segments: ZhSegment[]): ZhSegment[] {
  const out: ZhSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (s.kind === "unknown" && last?.kind === "unknown" && last.text.length + s.text.length <= 4) {
      out[out.length - 1] = { kind: "unknown", text: last.text + s.text };
    } else out.push(s);
  }
  return out;
}
