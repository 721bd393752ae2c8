/**
 * `npm run bench:copy`: runs the rules rephraser over the 300 hand-labelled
 * briefs of bench/copy/briefs.txt (150 en, 150 zh) and prints
 * - kind accuracy (the detected product kind against the label),
 * - CTA fit (every generated call to action in the kind's acceptable set,
 *   bench/copy/ctas.json — written by hand, not read from the rephraser),
 * - repeated phrases (a comma-separated prompt phrase equal to, or contained
 *   word for word in, another phrase of the same prompt after normalisation),
 * - untranslated Chinese terms by count on the zh half (trace entries),
 * - headline use of the brief's audience, and time per brief;
 * then kind accuracy and CTA fit on the held-out sets: bench/copy/heldout.txt
 * (written after the first tuning; its misses guided the second) and
 * bench/copy/heldout2.txt (written before the second tuning, never tuned on).
 * Presets and formats rotate over the examples so that brand keywords meet
 * products they do not suit. `-- --show` prints every miss. Writes
 * out/bench/copy.json with each brief's result.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrandPresetInput, BriefInput, FormatName, Rephrased } from "@hyperposter/domain";
import { rephrase } from "../src/rephraser";
import { ClipTokenizer } from "../src/text";

interface LabelledBrief {
  lang: "en" | "zh";
  kind: string;
  product: string;
  offer?: string;
  audience?: string;
  style?: string;
  extraCtas: string[];
  line: number;
}

const here = fileURLToPath(new URL("./copy/", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));
const show = process.argv.includes("--show");

function loadBriefs(file: string): LabelledBrief[] {
  const out: LabelledBrief[] = [];
  let lang: "en" | "zh" = "en";
  readFileSync(`${here}${file}`, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === "## en" || line === "## zh") lang = line.slice(3) as "en" | "zh";
      if (!line || line.startsWith("#")) return;
      const [kind, product, offer, audience, style, extra] = line.split("|").map((s) => s.trim());
      if (!kind || !product) throw new Error(`${file}:${i + 1}: kind and product are required`);
      out.push({
        lang,
        kind,
        product,
        offer: offer || undefined,
        audience: audience || undefined,
        style: style || undefined,
        extraCtas: extra ? extra.split("/").map((s) => s.trim()) : [],
        line: i + 1,
      });
    });
  return out;
}

type CtaTable = Record<"en" | "zh", Record<string, string[]>>;
const ctaTable = JSON.parse(readFileSync(`${here}ctas.json`, "utf8")) as CtaTable;
const normCta = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[.!！。…\s]+$/u, "")
    .trim();

function acceptableCtas(b: LabelledBrief): Set<string> {
  const set = new Set((ctaTable[b.lang][b.kind] ?? []).map(normCta));
  if (set.size === 0) throw new Error(`ctas.json has no ${b.lang} set for kind ${b.kind}`);
  for (const extra of b.extraCtas) {
    if (extra.startsWith("+")) {
      for (const c of ctaTable[b.lang][extra.slice(1)] ?? []) set.add(normCta(c));
    } else set.add(normCta(extra));
  }
  return set;
}

// The rephraser before product kinds named its photographic kind only in the
// trace; map those names so the figures before the change can be measured too.
const LEGACY_KINDS: Record<string, string> = {
  beverage: "food",
  food: "food",
  fashion: "fashion",
  beauty: "beauty",
  tech: "electronics",
  home: "home",
  gift: "gift",
  generic: "(none)",
};

function detectedKind(r: Rephrased): string {
  const withKind = r as Rephrased & { kind?: { id: string } };
  if (withKind.kind?.id) return withKind.kind.id;
  for (const t of r.trace) {
    const m = /^detail a (\w+) shot needs$/.exec(t.reason);
    if (m?.[1]) return LEGACY_KINDS[m[1]] ?? m[1];
  }
  return "(none)";
}

/** Normalised phrase words: NFKC, lower case, simple plural -s dropped. */
const phraseWords = (p: string) =>
  p
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean)
    .map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));

/** Phrases of the prompt that repeat another phrase (whole, or inside a longer one). */
export function repeatedPhrases(prompt: string): string[] {
  const phrases = prompt
    .split(",")
    .map((p) => phraseWords(p).join(" "))
    .filter(Boolean);
  const repeats: string[] = [];
  phrases.forEach((p, i) => {
    // Single words recur legitimately ("soft light", "soft shadows"); a repeated
    // phrase is two words or more, or an identical one-word phrase.
    const twice = phrases.some(
      (q, j) =>
        j !== i &&
        (q === p ? j < i : p.includes(" ") && ` ${q} `.includes(` ${p} `) && q.length > p.length),
    );
    if (twice) repeats.push(p);
  });
  return repeats;
}

const presets = JSON.parse(
  readFileSync(`${root}examples/presets.json`, "utf8"),
) as BrandPresetInput[];
const FORMAT_SETS: FormatName[][] = [
  ["instagram-square", "story"],
  ["banner-medium-rectangle", "instagram-portrait"],
  ["print-a4"],
  ["link-ad-landscape"],
];

const tk = ClipTokenizer.bundled();
const briefs = loadBriefs("briefs.txt");
const heldOut = loadBriefs("heldout.txt");
const rows: Array<Record<string, unknown>> = [];
const byLang = { en: newTally(), zh: newTally() };
let untranslated = 0;
let translated = 0;
const missingTerms = new Map<string, number>();

function briefInput(b: LabelledBrief, i: number): { brief: BriefInput; preset: BrandPresetInput } {
  return {
    preset: presets[i % presets.length] as BrandPresetInput,
    brief: {
      language: b.lang,
      product: b.product,
      ...(b.offer ? { offer: b.offer } : {}),
      ...(b.audience ? { audience: b.audience } : {}),
      ...(b.style ? { style: b.style } : {}),
      formats: FORMAT_SETS[i % FORMAT_SETS.length] as FormatName[],
    },
  };
}

function newTally() {
  return {
    n: 0,
    kindOk: 0,
    ctas: 0,
    ctaOk: 0,
    briefsAllCtaOk: 0,
    repeats: 0,
    promptsWithRepeat: 0,
    withAudience: 0,
    audienceUsed: 0,
    overBudget: 0,
    ms: 0,
  };
}

const started = performance.now();
for (const [i, b] of briefs.entries()) {
  const { brief, preset } = briefInput(b, i);
  const t0 = performance.now();
  const r = await rephrase(brief, preset);
  const tally = byLang[b.lang];
  tally.ms += performance.now() - t0;
  tally.n++;

  const kind = detectedKind(r);
  if (kind === b.kind) tally.kindOk++;
  const ok = acceptableCtas(b);
  const ctaMisses = r.copyCandidates.map((c) => c.cta).filter((c) => !ok.has(normCta(c)));
  tally.ctas += r.copyCandidates.length;
  tally.ctaOk += r.copyCandidates.length - ctaMisses.length;
  if (ctaMisses.length === 0) tally.briefsAllCtaOk++;
  const repeats = repeatedPhrases(r.prompt);
  tally.repeats += repeats.length;
  if (repeats.length) tally.promptsWithRepeat++;
  if (tk.countTokens(r.prompt) > 77) tally.overBudget++;
  if (b.audience) {
    tally.withAudience++;
    if (
      r.copyCandidates.some((c) =>
        c.headline.toLowerCase().includes((b.audience as string).toLowerCase()),
      )
    )
      tally.audienceUsed++;
  }
  const missing = r.trace.filter((t) => t.action === "untranslated").map((t) => t.term);
  if (b.lang === "zh") {
    untranslated += missing.length;
    translated += r.trace.filter((t) => t.action === "translated").length;
    for (const m of missing) missingTerms.set(m, (missingTerms.get(m) ?? 0) + 1);
  }
  const row = {
    line: b.line,
    lang: b.lang,
    product: b.product,
    preset: preset.slug,
    expected: b.kind,
    kind,
    ctas: r.copyCandidates.map((c) => c.cta),
    ctaMisses,
    headlines: r.copyCandidates.map((c) => c.headline),
    repeats,
    untranslated: missing,
    prompt: r.prompt,
  };
  rows.push(row);
  if (show && (kind !== b.kind || ctaMisses.length || repeats.length)) {
    console.log(
      `briefs.txt:${b.line} ${b.product} [${b.kind}→${kind}] cta ${JSON.stringify(row.ctas)}${repeats.length ? ` repeats ${JSON.stringify(repeats)}` : ""}`,
    );
  }
}
const wall = performance.now() - started;

const pct = (a: number, b: number) => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)} %`);
const all = Object.values(byLang).reduce((acc, t) => {
  for (const k of Object.keys(acc) as Array<keyof typeof acc>) acc[k] += t[k];
  return acc;
}, newTally());
console.log(`bench:copy — ${briefs.length} labelled briefs, rules backend, ${wall.toFixed(0)} ms`);
console.log("                         all        en         zh");
const line = (label: string, f: (t: ReturnType<typeof newTally>) => string) =>
  console.log(
    `${label.padEnd(24)} ${f(all).padEnd(10)} ${f(byLang.en).padEnd(10)} ${f(byLang.zh)}`,
  );
line("kind accuracy", (t) => pct(t.kindOk, t.n));
line("CTA fit (candidates)", (t) => pct(t.ctaOk, t.ctas));
line("CTA fit (whole briefs)", (t) => pct(t.briefsAllCtaOk, t.n));
line("repeated phrases", (t) => String(t.repeats));
line("prompts with a repeat", (t) => String(t.promptsWithRepeat));
line("prompts over 77 tokens", (t) => String(t.overBudget));
line("headline uses audience", (t) => pct(t.audienceUsed, t.withAudience));
line("ms per brief (mean)", (t) => (t.ms / Math.max(1, t.n)).toFixed(1));
console.log(
  `untranslated zh terms: ${untranslated} of ${untranslated + translated} (${pct(untranslated, untranslated + translated)})`,
);
const top = [...missingTerms.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
if (top.length) console.log(`  left untranslated: ${top.map(([t, n]) => `${t}×${n}`).join(" ")}`);

// Held out: written after the kind tables were tuned, never used to tune them.
// heldout.txt was written after the first tuning (and its misses were then used
// for the second), heldout2.txt before the second tuning and never tuned on.
async function heldOutFigures(file: string, set: LabelledBrief[]): Promise<void> {
  let kindOk = 0;
  let ctaOk = 0;
  let ctas = 0;
  const byLangKind = { en: { ok: 0, n: 0 }, zh: { ok: 0, n: 0 } };
  const misses: string[] = [];
  for (const [i, b] of set.entries()) {
    const { brief, preset } = briefInput(b, i);
    const r = await rephrase(brief, preset);
    const kind = detectedKind(r);
    byLangKind[b.lang].n++;
    if (kind === b.kind) {
      kindOk++;
      byLangKind[b.lang].ok++;
    } else misses.push(`${b.product} (${b.kind}→${kind})`);
    const ok = acceptableCtas(b);
    ctas += r.copyCandidates.length;
    ctaOk += r.copyCandidates.filter((c) => ok.has(normCta(c.cta))).length;
  }
  console.log(
    `${file} (${set.length}): kind accuracy ${pct(kindOk, set.length)} (en ${pct(byLangKind.en.ok, byLangKind.en.n)}, zh ${pct(byLangKind.zh.ok, byLangKind.zh.n)}), CTA fit ${pct(ctaOk, ctas)}`,
  );
  // The new set's misses stay hidden unless asked for: reading them while
  // tuning would make it one more tuning set.
  if (misses.length && (!file.startsWith("heldout2") || process.argv.includes("--show-heldout2")))
    console.log(`  missed: ${misses.join("; ")}`);
}
await heldOutFigures("heldout.txt (old held-out)", heldOut);
await heldOutFigures("heldout2.txt (new held-out, never tuned on)", loadBriefs("heldout2.txt"));

mkdirSync(`${root}out/bench`, { recursive: true });
writeFileSync(`${root}out/bench/copy.json`, JSON.stringify(rows, null, 1));
