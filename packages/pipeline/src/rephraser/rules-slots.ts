import type { ProductKind as ProductKindId, TraceEntry } from "@hyperposter/domain";
import { nameColor } from "./color-names";
import { checkProp } from "./kinds/props";
import { photoTerms } from "./photo-terms";
import {
  detectProductKind,
  festivalScene,
  kindDefaults,
  type ProductKind as PhotoKind,
} from "./product-kind";
import { renderText } from "./subject";
import type { RephraseContext, SlotTerm } from "./types";

const USER_SET_LIGHTING =
  /\b(light|lights|lighting|lit|sunlight|daylight|golden hour|glow|glowing|neon|candlelight|moonlight|sunset|sunrise|backlit|backlight|dusk|night)\b/;
const USER_SET_MEDIUM =
  /\b(photo|photos|photography|photograph|shot|illustration|painting|render|3d|anime|cartoon|watercolor|sketch|drawing|art|cinematic|film|ink wash|pixel art|flat design)\b/;

const QUALITY = ["highly detailed", "sharp focus", "high resolution"];

interface SlotResult {
  slots: SlotTerm[];
  trace: TraceEntry[];
}

// When the subject's words name no photographic kind, the product kind still
// says what the picture shows: a restaurant's dishes, software on a screen.
const PHOTO_KIND_OF: Partial<Record<ProductKindId, PhotoKind>> = {
  food: "food",
  restaurant: "food",
  fashion: "fashion",
  beauty: "beauty",
  electronics: "tech",
  software: "tech",
  app: "tech",
  home: "home",
  "real-estate": "home",
  gift: "gift",
};

function photoKind(fromWords: PhotoKind, kind: ProductKindId): PhotoKind {
  return fromWords === "generic" ? (PHOTO_KIND_OF[kind] ?? "generic") : fromWords;
}

/** The deterministic slot filler: what a product photographer would add to the brief. */
export function rulesSlots(ctx: RephraseContext): SlotResult {
  const subject = ctx.subject.text;
  const product = ctx.subject.fields.find((f) => f.field === "product");
  const kind = photoKind(detectProductKind(product?.phrase.split(/[\s,]+/) ?? []), ctx.kind.id);
  const defaults = kindDefaults(kind);
  const slots: SlotTerm[] = [];
  const trace: TraceEntry[] = [];
  const add = (slot: SlotTerm["slot"], term: string, reason: string, generic = false) => {
    // A term the user already wrote adds nothing but tokens.
    if (subject.includes(term) || slots.some((s) => s.term === term)) return;
    slots.push({ slot, term, reason, ...(generic ? { generic } : {}) });
  };

  if (ctx.brief.productDescription) {
    const photo = photoTerms(ctx.brief.productDescription, subject);
    trace.push(...photo.trace);
    for (const t of photo.terms) add(t.slot, t.term, t.reason);
  }
  for (const d of defaults.detail) add("subject-detail", d, `detail a ${kind} shot needs`, true);

  const scene = festivalScene(subject);
  if (scene) add("setting", scene, "the occasion the subject names");
  for (const s of defaults.setting) add("setting", s, `a typical ${kind} setting`, true);

  if (ctx.calmArea === "top") {
    add(
      "composition",
      "clean negative space at the top",
      "the layout puts the headline at the top",
    );
    add("composition", "centered subject in the lower half", "keeps the text area free");
  } else {
    add("composition", "clean negative space on the left", "wide formats put the text on the left");
    add("composition", "subject on the right", "keeps the text area free");
  }
  add("composition", "uncluttered background", "text needs a calm backdrop to stay legible");

  if (USER_SET_LIGHTING.test(subject)) {
    trace.push({
      action: "note",
      term: "lighting",
      slot: "lighting",
      reason: "the user already named the light; no default added",
    });
  } else {
    for (const l of defaults.lighting)
      add("lighting", l, `flattering light for a ${kind} shot`, true);
  }

  addPalette(ctx, add);
  addStyle(ctx, add, trace, subject, defaults.medium);
  for (const q of QUALITY) add("quality", q, "quality terms CLIP-class models respond to");
  return { slots, trace };
}

function addPalette(
  ctx: RephraseContext,
  add: (slot: "palette", term: string, reason: string) => void,
) {
  const { primary, secondary, accent } = ctx.preset.colors;
  const names = [primary, secondary, accent].map((hex) => ({ hex, ...nameColor(hex) }));
  const [p, s, a] = names as [(typeof names)[0], (typeof names)[0], (typeof names)[0]];
  const why = (c: typeof p) => `${c.hex} ≈ ${c.name} (ΔE2000 ${c.deltaE.toFixed(1)})`;
  if (p.name === s.name) add("palette", `${p.name} color palette`, `brand colors ${why(p)}`);
  else add("palette", `${p.name} and ${s.name} color palette`, `brand colors ${why(p)}, ${why(s)}`);
  if (a.name !== p.name && a.name !== s.name)
    add("palette", `${a.name} accents`, `brand accent ${why(a)}`);
}

function addStyle(
  ctx: RephraseContext,
  add: (slot: "style", term: string, reason: string, generic?: boolean) => void,
  trace: TraceEntry[],
  subject: string,
  medium: string,
) {
  for (const keyword of ctx.preset.styleKeywords) {
    const r = renderText(keyword, "style");
    trace.push(...r.trace);
    if (!r.phrase) continue;
    const fit = checkProp(r.phrase, ctx.kind.id);
    if (fit.keep) add("style", r.phrase, `brand style keyword "${keyword}"`);
    else
      trace.push({
        action: "dropped",
        term: r.phrase,
        slot: "style",
        reason: `brand style keyword "${keyword}" is ${fit.reason}`,
      });
  }
  if (USER_SET_MEDIUM.test(subject)) {
    trace.push({
      action: "note",
      term: "medium",
      slot: "style",
      reason: "the user already named the medium; no default added",
    });
  } else {
    add("style", medium, "the medium for this kind of product", true);
  }
}
