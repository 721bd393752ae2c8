import type { Brief, BrandPreset, PosterCopy, TraceEntry } from "@hyperposter/domain";
import { isCompliant } from "./compliance";
import { copyLength, type CopyLimits } from "./copy-limits";
import {
  EN_TEMPLATES,
  FALLBACK_TEMPLATES,
  TONE_KEYWORDS,
  ZH_TEMPLATES,
  type Templates,
  type ToneFamily,
} from "./copy-templates";
import { segmentHanRun } from "./zh-segment";

export const COPY_CANDIDATES = 3;
type CopyField = keyof PosterCopy;
const FIELDS: readonly CopyField[] = ["headline", "subline", "cta"];

/** Tone families by how often the preset's tone names them; ties by first mention. */
export function rankToneFamilies(tone: string): ToneFamily[] {
  const lower = tone.toLowerCase();
  const scored = (Object.entries(TONE_KEYWORDS) as Array<[ToneFamily, readonly string[]]>).map(
    ([family, words]) => {
      const positions = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
      return {
        family,
        hits: positions.length,
        first: positions.length ? Math.min(...positions) : Infinity,
      };
    },
  );
  const hit = scored
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.first - b.first)
    .map((s) => s.family);
  const rest = (["calm", "warm", "fresh", "elegant", "bold"] as ToneFamily[]).filter(
    (f) => !hit.includes(f),
  );
  return [...hit, ...rest];
}

const SMALL_WORDS = new Set(["a", "an", "and", "of", "the", "to", "in", "on", "for", "with", "or"]);
const titleCase = (s: string) =>
  s
    .split(" ")
    .map((w, i) =>
      i > 0 && SMALL_WORDS.has(w.toLowerCase())
        ? w.toLowerCase()
        : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(" ");

/** Shorter and shorter names for the product: the head noun comes last in both languages. */
export function productNames(product: string, language: "en" | "zh"): string[] {
  const clean = product.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (language === "zh") {
    const compact = clean.replace(/[\s,，、。!！?？]+/g, "");
    const names = [compact];
    if (/^\p{Script=Han}+$/u.test(compact)) {
      const segs = segmentHanRun(compact);
      for (let i = 1; i < segs.length; i++)
        names.push(
          segs
            .slice(i)
            .map((s) => s.text)
            .join(""),
        );
    }
    return [...new Set(names.filter(Boolean))];
  }
  const head = clean.split(/,| - | (?:in|with|for|on|from|featuring|by|at) /i)[0]?.trim() || clean;
  const words = head.split(" ");
  const names = [head, words.slice(-2).join(" "), words.slice(-1).join(" ")].map(titleCase);
  return [...new Set(names.filter(Boolean))];
}

/** Primary tone first, with a second tone mixed in so the candidates differ in voice. */
function orderedTemplates(
  field: CopyField,
  families: readonly ToneFamily[],
  lang: "en" | "zh",
): string[] {
  const table = lang === "zh" ? ZH_TEMPLATES : EN_TEMPLATES;
  const [first, second, ...others] = families.map((f) => [...table[f][field]]);
  const mixed: string[] = [];
  const a = first ?? [];
  const b = second ?? [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    // Pattern a0 a1 b0 a2 b1 a3 b2 … keeps the preset's main tone in front.
    if (i === 0) {
      if (a[0]) mixed.push(a[0]);
      continue;
    }
    if (a[i]) mixed.push(a[i] as string);
    if (b[i - 1]) mixed.push(b[i - 1] as string);
  }
  if (b.length) mixed.push(b[b.length - 1] as string);
  for (const o of others) mixed.push(...o);
  mixed.push(...(FALLBACK_TEMPLATES[lang] as Templates)[field]);
  return [...new Set(mixed)];
}

interface Fill {
  p: string[];
  o: string | undefined;
  a: string | undefined;
}

function fillings(template: string, fill: Fill): string[] {
  if (template.includes("{o}") && !fill.o) return [];
  if (template.includes("{a}") && !fill.a) return [];
  const base = template.replace("{o}", fill.o ?? "").replace("{a}", fill.a ?? "");
  return base.includes("{p}") ? fill.p.map((p) => base.replace("{p}", p)) : [base];
}

export interface CopyDraft {
  /** Generated values per field the brief lacks, best first. */
  options: Partial<Record<CopyField, string[]>>;
  trace: TraceEntry[];
}

/** Candidate lines per missing field, each within the limit and free of banned claims. */
export function draftCopy(brief: Brief, preset: BrandPreset, limits: CopyLimits): CopyDraft {
  const lang = brief.language;
  const families = rankToneFamilies(preset.tone);
  const trace: TraceEntry[] = [
    {
      action: "note",
      term: families.slice(0, 2).join(", "),
      slot: "copy",
      reason: `tone families from the preset's tone "${preset.tone}"`,
    },
  ];
  const offer = brief.offer && isCompliant(brief.offer) ? brief.offer : undefined;
  const audience = brief.audience && isCompliant(brief.audience) ? brief.audience : undefined;
  const fill: Fill = {
    p: productNames(brief.product, lang).filter(isCompliant),
    o: offer,
    a: audience,
  };
  const options: CopyDraft["options"] = {};

  for (const field of FIELDS) {
    if (brief[field]) continue;
    // The offer is the message the marketer is paying for: when it fits, every
    // candidate carries it and the variants differ in headline and call to action.
    const offerFits =
      field === "subline" && offer !== undefined && copyLength(offer) <= limits.subline;
    if (offerFits && (!brief.headline || !brief.cta)) {
      options.subline = [offer];
      trace.push({
        action: "added",
        term: offer,
        slot: "copy",
        reason: "the brief's offer as the subline of every candidate",
      });
      continue;
    }
    // Only the subline is left to vary: the offer leads, other lines follow.
    const values: string[] = offerFits ? [offer] : [];
    for (const template of orderedTemplates(field, families, lang)) {
      for (const line of fillings(
        template,
        field === "subline" ? { ...fill, o: undefined } : fill,
      )) {
        if (values.includes(line) || copyLength(line) > limits[field] || !isCompliant(line))
          continue;
        values.push(line);
        break;
      }
      if (values.length >= COPY_CANDIDATES * 2) break;
    }
    options[field] = values;
    for (const v of values.slice(0, COPY_CANDIDATES)) {
      trace.push({
        action: "added",
        term: v,
        slot: "copy",
        reason: `generated ${field} (${lang}, ≤ ${limits[field]} characters)`,
      });
    }
  }
  return { options, trace };
}

/**
 * Combines user copy (verbatim, in every candidate) with generated options into
 * at least three distinct candidates when anything was generated.
 */
export function assembleCandidates(
  brief: Brief,
  options: CopyDraft["options"],
  count = COPY_CANDIDATES,
): PosterCopy[] {
  const generated = FIELDS.filter((f) => !brief[f]);
  if (generated.length === 0) {
    return [
      { headline: brief.headline as string, subline: brief.subline, cta: brief.cta as string },
    ];
  }
  const candidates: PosterCopy[] = [];
  const keys = new Set<string>();
  for (let i = 0; candidates.length < count && i < count * 4; i++) {
    const pick = (f: CopyField) => {
      if (brief[f]) return brief[f];
      const list = options[f] ?? [];
      return list.length ? list[i % list.length] : undefined;
    };
    const c: PosterCopy = {
      headline: pick("headline") ?? "",
      subline: pick("subline"),
      cta: pick("cta") ?? "",
    };
    const key = JSON.stringify(c);
    if (!c.headline || !c.cta || keys.has(key)) continue;
    keys.add(key);
    candidates.push(c);
  }
  return candidates;
}
