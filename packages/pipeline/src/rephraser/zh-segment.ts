import { LEXICON, LEXICON_MAX_KEY_LENGTH, type LexiconEntry } from "./lexicon";
import { ZH_STOP_WORDS } from "./stop-words";

export type ZhSegment =
  /** A lexicon term, rendered in English. */
  | { kind: "term"; text: string; entry: LexiconEntry }
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

/**
 * Segments one run of Han characters: ICU word boundaries (Intl.Segmenter) plus
 * longest match against the lexicon. The segments' texts concatenate back to
 * the run, so nothing the user wrote is lost silently.
 */
export function segmentHanRun(run: string): ZhSegment[] {
  const bounds = wordBoundaries(run);
  const segments: ZhSegment[] = [];
  let i = 0;
  while (i < run.length) {
    const match = longestMatchAt(run, i, bounds);
    if (match) {
      segments.push({ kind: "term", text: match, entry: LEXICON.get(match) as LexiconEntry });
      i += match.length;
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
