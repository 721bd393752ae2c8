import { badRequest, type Brief, type TraceEntry } from "@hyperposter/domain";
import type { ClipTokenizer } from "../text";
import { repeatedIn } from "./phrase-dedupe";
import { englishContentWords } from "./stop-words";
import { segmentHanRun } from "./zh-segment";

/** Subject terms alone may use at most this many CLIP tokens (start/end excluded). */
export const SUBJECT_TOKEN_LIMIT = 60;

export type SubjectField = "product" | "style";

export interface RenderedText {
  /** English text for CLIP, in the user's order, commas where the user separated. */
  phrase: string;
  /** Terms that must reach the prompt: English content words and lexicon renderings. */
  terms: string[];
  /** Chinese (or other CJK) words the lexicon lacks: reported, never sent to CLIP. */
  untranslated: string[];
  trace: TraceEntry[];
}

export interface RenderedField extends RenderedText {
  field: SubjectField;
  /** Only the terms, used when the phrase with its stop words is over budget. */
  compact: string;
}

export interface Subject {
  fields: RenderedField[];
  /** The subject as it opens the prompt. */
  text: string;
  /** CLIP tokens of `text` without start and end. */
  tokens: number;
}

// Separators the user may type between ideas, in ASCII after NFKC.
const SEPARATORS = /[,;:!?\n|/\u3001\u3002\u300c\u300d\u300e\u300f\u3010\u3011\u300a\u300b]+/u;
const PIECES = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
// Kana, Hangul, CJK punctuation and full-width forms: no lexicon for them, never to CLIP.
const OTHER_CJK = /[\u3000-\u303f\u3040-\u30ff\uac00-\ud7af\uff00-\uffef]+/gu;
// The tokenizer maps these literally to BOS/EOS ids; user text must not inject them.
const SPECIAL_TOKENS = /<\|(?:startoftext|endoftext)\|>/giu;

/**
 * Renders user text for CLIP: Chinese through the lexicon, the rest lower-cased
 * as typed. With `keepHan` (a model whose text encoder is a bilingual LLM)
 * Chinese runs stay as written: nothing is translated, nothing is dropped.
 */
export function renderText(text: string, slot: string, keepHan = false): RenderedText {
  const out: RenderedText = { phrase: "", terms: [], untranslated: [], trace: [] };
  const chunks: string[] = [];
  const clean = text.normalize("NFKC").replace(SPECIAL_TOKENS, " ");
  for (const chunk of clean.split(SEPARATORS)) {
    const parts: string[] = [];
    for (const m of chunk.matchAll(PIECES)) {
      if (m[1] && keepHan) keepHanRun(m[1], slot, parts, out);
      else if (m[1]) renderHan(m[1], slot, parts, out);
      else renderLatin(m[2] ?? "", slot, parts, out);
    }
    const joined = parts.join(" ").trim();
    if (joined) chunks.push(joined);
  }
  out.phrase = chunks.join(", ");
  return out;
}

function keepHanRun(run: string, slot: string, parts: string[], out: RenderedText): void {
  out.trace.push({
    action: "kept",
    term: run,
    slot,
    reason: "the model's text encoder is a bilingual LLM: Chinese stays in the prompt as written",
  });
  if (!out.terms.includes(run)) out.terms.push(run);
  parts.push(run);
}

function renderHan(run: string, slot: string, parts: string[], out: RenderedText): void {
  for (const seg of segmentHanRun(run, slot === "style" ? "style" : "subject")) {
    if (seg.kind === "stop") continue;
    if (seg.kind === "unknown") {
      out.untranslated.push(seg.text);
      out.trace.push({
        action: "untranslated",
        term: seg.text,
        slot,
        reason:
          "neither in the bilingual lexicon nor in CC-CEDICT; left out of the prompt rather than sent to CLIP as Chinese",
      });
      continue;
    }
    const en = seg.entry.en;
    out.trace.push({
      action: "translated",
      term: `${seg.text} → ${en}`,
      slot,
      reason:
        seg.entry.category === "cc-cedict"
          ? `CC-CEDICT (not in the hand lexicon; the ${slot === "style" ? "style" : "subject"} sense)`
          : `lexicon (${seg.entry.category})`,
    });
    if (out.terms.includes(en)) continue;
    out.terms.push(en);
    parts.push(en);
  }
}

function renderLatin(piece: string, slot: string, parts: string[], out: RenderedText): void {
  const withoutCjk = piece.replace(OTHER_CJK, (run) => {
    if (/[\p{L}\p{N}]/u.test(run)) {
      out.untranslated.push(run);
      out.trace.push({
        action: "untranslated",
        term: run,
        slot,
        reason: "no lexicon for this script; left out of the prompt",
      });
    }
    return " ";
  });
  const cleaned = withoutCjk.toLowerCase().replace(/\s+/gu, " ").trim();
  if (!cleaned) return;
  parts.push(cleaned);
  for (const w of englishContentWords(cleaned)) if (!out.terms.includes(w)) out.terms.push(w);
}

export function renderField(field: SubjectField, text: string, keepHan = false): RenderedField {
  const r = renderText(text, "subject", keepHan);
  for (const term of r.terms) {
    r.trace.push({ action: "kept", term, slot: "subject", reason: `the user's ${field}` });
  }
  return { ...r, field, compact: r.terms.join(" ") };
}

/**
 * Style chunks that repeat the product's ("国潮运动鞋" with the style "国潮")
 * leave the style: the product already carries them, first. A style chunk that
 * holds a whole product chunk and more keeps the rest ("云纹中秋" after "中秋").
 */
function withoutRepeats(style: RenderedField, product: RenderedField | undefined): RenderedField {
  const productChunks = product?.phrase.split(", ").filter(Boolean) ?? [];
  const chunks = style.phrase.split(", ");
  const kept: string[] = [];
  for (const chunk of chunks) {
    let rest = chunk;
    for (const p of productChunks) {
      if (p.includes(" ") && ` ${rest} `.includes(` ${p} `) && rest !== p)
        rest = ` ${rest} `.replace(` ${p} `, " ").trim();
    }
    const earlier = repeatedIn(rest, productChunks);
    if (rest !== chunk || earlier !== undefined) {
      style.trace.push({
        action: "dropped",
        term: earlier !== undefined ? chunk : chunk.replace(rest, "").trim() || chunk,
        slot: "subject",
        reason: `the style repeats the product's "${earlier ?? chunk}"; said once`,
      });
    }
    if (earlier === undefined && rest) kept.push(rest);
  }
  return kept.length === chunks.length && kept.every((k, i) => k === chunks[i])
    ? style
    : { ...style, phrase: kept.join(", ") };
}

const joinSubject = (parts: readonly string[]) => parts.filter(Boolean).join(", ");
const subjectTokens = (tk: ClipTokenizer, text: string) => tk.countTokens(text) - 2;

/**
 * The subject opens the prompt and is never dropped. Over 60 tokens with its
 * stop words, it is compacted to its terms; still over, the brief is refused
 * (4xx) naming the field that does not fit.
 */
export function analyseSubject(brief: Brief, tk: ClipTokenizer, keepHan = false): Subject {
  const fields: RenderedField[] = [renderField("product", brief.product, keepHan)];
  if (brief.style)
    fields.push(withoutRepeats(renderField("style", brief.style, keepHan), fields[0]));
  const phrases = fields.map((f) => f.phrase);
  let text = joinSubject(phrases);
  let tokens = subjectTokens(tk, text);

  // Compact the style first: the product's own wording matters most.
  for (const i of [1, 0]) {
    const f = fields[i];
    if (tokens <= SUBJECT_TOKEN_LIMIT || !f || f.compact === f.phrase) continue;
    phrases[i] = f.compact;
    text = joinSubject(phrases);
    tokens = subjectTokens(tk, text);
    f.trace.push({
      action: "note",
      term: f.compact,
      slot: "subject",
      reason: `the ${f.field} was over the ${SUBJECT_TOKEN_LIMIT}-token subject budget with its stop words; kept only its terms`,
    });
  }

  if (tokens > SUBJECT_TOKEN_LIMIT) {
    const productTokens = subjectTokens(tk, phrases[0] ?? "");
    const field: SubjectField = productTokens > SUBJECT_TOKEN_LIMIT ? "product" : "style";
    throw badRequest(
      field,
      `The ${field} is too long for the image model: the subject terms need ${tokens} CLIP tokens, at most ${SUBJECT_TOKEN_LIMIT} fit; shorten the ${field}.`,
      `${field === "product" ? "产品描述" : "风格描述"}过长：主体词需要 ${tokens} 个 CLIP 词元，最多 ${SUBJECT_TOKEN_LIMIT} 个，请精简。`,
    );
  }
  return { fields, text, tokens };
}
