import {
  PRODUCT_KIND_LABELS,
  type Brief,
  type BrandPreset,
  type PosterCopy,
  type TraceEntry,
} from "@hyperposter/domain";
import { isCompliant } from "./compliance";
import { copyLength, type CopyLimits } from "./copy-limits";
import {
  TONE_CTA_ORDER,
  TONE_HEADLINES,
  TONE_KEYWORDS,
  TONE_SKIPS_KIND,
  type ToneFamily,
} from "./copy-templates";
import { kindCopy, OFFER_HEADLINES, RETAIL_HEALTH_CTA } from "./kinds/copy-sets";
import type { KindDetection } from "./kinds/detect";

export const COPY_CANDIDATES = 3;

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

/**
 * The tone family whose words the preset's tone holds first (by rank), skipping
 * families that do not suit the kind; undefined when the tone names none.
 */
export function toneFamilyFor(tone: string, kind: KindDetection["id"]): ToneFamily | undefined {
  const lower = tone.toLowerCase();
  const named = rankToneFamilies(tone).filter((f) =>
    TONE_KEYWORDS[f].some((w) => lower.includes(w)),
  );
  return named.find((f) => !TONE_SKIPS_KIND[f].includes(kind));
}

/** The kind's calls to action, those the tone prefers first (stable otherwise). */
export function orderByTone(ctas: readonly string[], family: ToneFamily | undefined): string[] {
  if (!family) return [...ctas];
  const pref = TONE_CTA_ORDER[family];
  const rank = (c: string) => {
    const i = pref.indexOf(c);
    return i < 0 ? pref.length : i;
  };
  return ctas
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
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

/** A headline template read as a subline: sentence case, the filled-in words as typed. */
const asSublineTemplate = (t: string) =>
  t.replace(/(?<=\S\s+)([A-Z])([a-z]+)/g, (_, a: string, rest: string) => a.toLowerCase() + rest);

/**
 * Names for the product in headlines: the brief's whole product, then (English)
 * its head phrase before a trailing "in/with/for …" clause. Never a cut-down
 * name ("Brew Coffee"): when no name fits, a line without the name is used.
 */
export function productNames(product: string, language: "en" | "zh"): string[] {
  const clean = product.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (language === "zh") {
    // The whole name, then its first clause (手工牛肉酱，香辣味 → 手工牛肉酱): never less.
    const head = clean.split(/[\s,，、。!！?？;；]+/)[0] ?? "";
    return [...new Set([clean.replace(/[\s,，、。!！?？]+/g, ""), head])].filter(Boolean);
  }
  const head = clean.split(/,| - | (?:in|with|for|on|from|featuring|by|at) /i)[0]?.trim() || clean;
  return [...new Set([clean, head].map(titleCase).filter(Boolean))];
}

/**
 * Whether a headline cuts the product's name: it holds the end of the name
 * (its head noun and some words before it: "Oolong Tea" of "Osmanthus Oolong
 * Tea", 乌龙茶 of 桂花乌龙茶) but not the whole name or its head phrase.
 * Rules copy never does this; LLM copy that does is rejected.
 */
// Leading words that say "new" or "classic", not which product: 新品水果茶 is
// still named by 水果茶, "New oat milk" by "Oat Milk".
const NOT_THE_NAME =
  /^(?:新品|新款|全新|爆款|经典|限量|限定|new|all-new|the|our|classic|limited)\s*/i;

export function cutsProductName(headline: string, product: string, language: "en" | "zh"): boolean {
  const full = productNames(product, language).map((n) => n.toLowerCase());
  const names = [...full, ...full.map((n) => n.replace(NOT_THE_NAME, "")).filter(Boolean)];
  const line = headline.normalize("NFKC").toLowerCase();
  if (names.some((n) => line.includes(n))) return false;
  const head = names[names.length - 1] ?? "";
  if (language === "zh") {
    const chars = Array.from(head);
    for (let i = 1; i < chars.length - 1; i++)
      if (line.includes(chars.slice(i).join(""))) return true;
    return false;
  }
  const words = head.split(/\s+/).filter(Boolean);
  const lineWords = ` ${line.replace(/[^\p{L}\p{N}'-]+/gu, " ")} `;
  for (let i = 1; i < words.length; i++) {
    const tail = words.slice(i).join(" ");
    if (tail.length >= 3 && lineWords.includes(` ${tail} `)) return true;
  }
  return false;
}

type Angle = "benefit" | "offer" | "audience";

interface Fill {
  names: string[];
  offer: string | undefined;
  audience: string | undefined;
}

/** The first template (in order) that fills, fits the limit, is compliant and unused. */
function firstLine(
  templates: readonly string[],
  fill: Fill,
  limit: number,
  used: ReadonlySet<string>,
  bareName = false,
): string | undefined {
  // Lines that name the product come first, then the bare name, then lines
  // without it: a headline that names the product beats a generic one.
  const named = templates.filter((t) => t.includes("{p}"));
  const ordered = [
    ...named,
    ...(bareName ? ["{p}"] : []),
    ...templates.filter((t) => !t.includes("{p}")),
  ];
  for (const template of ordered) {
    if (template.includes("{o}") && !fill.offer) continue;
    if (template.includes("{a}") && !fill.audience) continue;
    const base = template.replace("{o}", fill.offer ?? "").replace("{a}", fill.audience ?? "");
    const lines = base.includes("{p}") ? fill.names.map((n) => base.replace("{p}", n)) : [base];
    for (const line of lines) {
      if (copyLength(line) <= limit && isCompliant(line) && !used.has(line)) return line;
    }
  }
  return undefined;
}

export interface CopyDraft {
  /** Generated candidates, user copy already in place, best first. */
  candidates: PosterCopy[];
  trace: TraceEntry[];
}

/**
 * Three candidates with different angles — the benefit, the offer, the
 * audience — in the product kind's words (calls to action, headline patterns,
 * claims style), each line within the format's limit and free of banned
 * claims. The brief's own headline, subline and call to action are kept
 * verbatim in every candidate. Without an offer or an audience, that angle
 * becomes a second benefit line.
 */
export function draftCopy(
  brief: Brief,
  preset: BrandPreset,
  limits: CopyLimits,
  kind: KindDetection,
): CopyDraft {
  const lang = brief.language;
  const table = kindCopy(kind.id, lang);
  const general = kindCopy("general", lang);
  const families = rankToneFamilies(preset.tone);
  const trace: TraceEntry[] = [
    {
      action: "note",
      term: families.slice(0, 2).join(", "),
      slot: "copy",
      reason: `tone families from the preset's tone "${preset.tone}"`,
    },
  ];
  const tone = toneFamilyFor(preset.tone, kind.id);
  if (tone) {
    trace.push({
      action: "note",
      term: tone,
      slot: "copy",
      reason: `the ${tone} tone words its benefit headlines and orders the ${PRODUCT_KIND_LABELS[kind.id].en} calls to action`,
    });
  }
  const offer = brief.offer && isCompliant(brief.offer) ? brief.offer : undefined;
  const audience = brief.audience && isCompliant(brief.audience) ? brief.audience : undefined;
  // Headlines are title case in English, the audience too ("Cold Brew Coffee for
  // Young Professionals"); sublines keep the audience as typed.
  const fill: Fill = {
    names: productNames(brief.product, lang).filter(isCompliant),
    offer,
    audience: audience && lang === "en" ? titleCase(audience) : audience,
  };

  const ctaSource = kind.id === "health" && kind.retail ? RETAIL_HEALTH_CTA[lang] : table.cta;
  const fits = (limit: number) => (s: string) => copyLength(s) <= limit && isCompliant(s);
  let ctas = orderByTone(ctaSource, tone).filter(fits(limits.cta));
  if (ctas.length === 0) ctas = general.cta.filter(fits(limits.cta));
  // The tone's lines that name the product lead; its generic ones ("Bring It
  // On") come after the kind's own ("Wear It Your Way"), which say more.
  const toneLines = tone ? TONE_HEADLINES[lang][tone] : [];
  const benefitLines = [
    ...toneLines.filter((t) => t.includes("{p}")),
    ...table.benefit,
    ...toneLines.filter((t) => !t.includes("{p}")),
  ];
  const claims = [...table.claims, ...general.claims].filter(fits(limits.subline));
  const offerSubline = offer && copyLength(offer) <= limits.subline ? offer : undefined;

  const usedHeadlines = new Set<string>();
  const headline = (angle: Angle): string | undefined => {
    if (brief.headline) return brief.headline;
    const templates =
      angle === "offer"
        ? OFFER_HEADLINES[lang]
        : angle === "audience"
          ? table.audience
          : benefitLines;
    const line =
      firstLine(templates, fill, limits.headline, usedHeadlines, angle === "benefit") ??
      firstLine(benefitLines, fill, limits.headline, usedHeadlines, true) ??
      firstLine(general.benefit, fill, limits.headline, usedHeadlines);
    if (line) usedHeadlines.add(line);
    return line;
  };

  const angles: Angle[] = [
    "benefit",
    offer ? "offer" : "benefit",
    audience ? "audience" : "benefit",
  ];
  const candidates: PosterCopy[] = [];
  const keys = new Set<string>();
  angles.forEach((angle, i) => {
    const h = headline(angle);
    // The offer-led headline already says the offer; its subline says what the product does.
    // With the brief's own headline, the audience angle moves to the subline.
    const audienceSubline =
      angle === "audience" && brief.headline
        ? firstLine(
            table.audience.filter((t) => !t.includes("{p}")).map(asSublineTemplate),
            { ...fill, audience },
            limits.subline,
            new Set([brief.headline]),
          )
        : undefined;
    const subline =
      brief.subline ??
      audienceSubline ??
      (angle !== "offer" && offerSubline ? offerSubline : claims[i % Math.max(1, claims.length)]);
    const cta = brief.cta ?? ctas[i % ctas.length];
    if (!h || !cta) return;
    const c: PosterCopy = { headline: h, ...(subline ? { subline } : {}), cta };
    const key = JSON.stringify(c);
    if (keys.has(key)) return;
    keys.add(key);
    candidates.push(c);
    trace.push({
      action: "added",
      term: [c.headline, c.subline, c.cta].filter(Boolean).join(" / "),
      slot: "copy",
      reason: `${angle}-led candidate in ${PRODUCT_KIND_LABELS[kind.id].en} words (${lang}, ≤ ${limits.headline}/${limits.subline}/${limits.cta} characters)`,
    });
  });

  // Fewer than three distinct (user copy fixed most fields): vary what is left.
  for (let i = 0; candidates.length < COPY_CANDIDATES && i < 12; i++) {
    const c: PosterCopy = {
      headline:
        brief.headline ??
        firstLine([...benefitLines, ...general.benefit], fill, limits.headline, new Set()) ??
        "",
      subline: brief.subline ?? [offerSubline, ...claims].filter(Boolean)[i % (claims.length + 1)],
      cta: brief.cta ?? ctas[(i + 1) % ctas.length] ?? "",
    };
    if (!c.subline) delete c.subline;
    const key = JSON.stringify(c);
    if (!c.headline || !c.cta || keys.has(key)) continue;
    keys.add(key);
    candidates.push(c);
  }
  return { candidates, trace };
}
