import type { PosterCopy, TraceEntry } from "@hyperposter/domain";
import { PRODUCT_KIND_LABELS } from "@hyperposter/domain";
import { z } from "zod";
import { containsCjk } from "./cjk";
import { findBannedTerms } from "./compliance";
import { copyLength } from "./copy-limits";
import { COPY_CANDIDATES, cutsProductName, draftCopy } from "./copywriter";
import { kindCopy } from "./kinds/copy-sets";
import { chatJson, type ChatMessage, type LlmOptions } from "./llm-client";
import { rulesSlots } from "./rules-slots";
import type { BackendProposal, RephraseContext, RephraserBackend, SlotTerm } from "./types";

const phrase = z.string().trim().min(1).max(80);

/** The JSON the model must answer with; anything else is a failed attempt. */
export const LlmReply = z.object({
  subjectDetail: z.array(phrase).max(4),
  setting: z.array(phrase).max(3),
  lighting: z.array(phrase).max(2),
  medium: phrase,
  copy: z
    .array(
      z.object({
        headline: z.string().trim().min(1),
        subline: z.string().trim().min(1).optional(),
        cta: z.string().trim().min(1),
      }),
    )
    .min(1)
    .max(6),
});
export type LlmReply = z.infer<typeof LlmReply>;

export function parseLlmReply(content: string): LlmReply {
  // Some servers wrap JSON in a Markdown fence despite response_format.
  const unfenced = content.trim().replace(/^```(?:json)?\s*|\s*```$/g, "");
  let data: unknown;
  try {
    data = JSON.parse(unfenced);
  } catch {
    throw new Error("the model's content is not valid JSON");
  }
  const result = LlmReply.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `the model's JSON does not match the schema (${issue?.path.join(".") || "root"}: ${issue?.message})`,
    );
  }
  return result.data;
}

function buildMessages(ctx: RephraseContext): ChatMessage[] {
  const { brief, preset, limits } = ctx;
  const language = brief.language === "zh" ? "Simplified Chinese" : "English";
  const system = [
    "You are a senior art director writing prompts for a text-to-image model (CLIP text encoder) and poster copy.",
    "Answer with one JSON object only, with exactly these keys:",
    '{"subjectDetail": [English phrases], "setting": [English phrases], "lighting": [English phrases], "medium": "English phrase", "copy": [{"headline": "...", "subline": "...", "cta": "..."}]}',
    "Image phrases: short, concrete, visual, English only, no brand names, no text or lettering in the image.",
    "When productPhoto is given, the image must show that real product: subject details agree with its material, colours and details, never contradict them.",
    `Copy: ${COPY_CANDIDATES} distinct candidates in ${language}, in the brand's tone, using only facts from the brief (never invent discounts, dates or claims); one leads with the benefit, one with the offer, one with the audience.`,
    `The product kind is ${PRODUCT_KIND_LABELS[ctx.kind.id].en}: calls to action that kind of advertiser uses, such as ${kindCopy(
      ctx.kind.id,
      brief.language,
    )
      .cta.map((c) => `"${c}"`)
      .join(", ")}.`,
    `Limits in characters: headline ≤ ${limits.headline}, subline ≤ ${limits.subline}, cta ≤ ${limits.cta}.`,
    'Never use absolute or unprovable claims: no 最, 第一, 国家级, 顶级, 极品, 首个, 唯一, 全网, 万能; no "best", "#1", "number one", "guaranteed", "100%".',
  ].join("\n");
  const user = JSON.stringify({
    brief: {
      language: brief.language,
      product: brief.product,
      offer: brief.offer,
      audience: brief.audience,
      style: brief.style,
      headline: brief.headline,
      subline: brief.subline,
      cta: brief.cta,
    },
    subjectInEnglish: ctx.subject.text,
    // What the customer's product photo shows: details must not contradict it.
    ...(brief.productDescription ? { productPhoto: brief.productDescription } : {}),
    brand: { name: preset.name, tone: preset.tone, styleKeywords: preset.styleKeywords },
    formatClass: ctx.formatClass,
  });
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

/** Model phrases join the prompt only if CLIP can read them: English, lower case, no CJK. */
function slotTerms(
  slot: SlotTerm["slot"],
  phrases: readonly string[],
  trace: TraceEntry[],
): SlotTerm[] {
  const out: SlotTerm[] = [];
  for (const p of phrases) {
    const term = p
      .toLowerCase()
      .replace(/[\s,]+/g, " ")
      .trim();
    if (containsCjk(term) || /<\|/.test(term)) {
      trace.push({
        action: "dropped",
        term: p,
        slot,
        reason: "the model wrote non-English text; CLIP must not see it",
      });
      continue;
    }
    if (term) out.push({ slot, term, reason: "proposed by the LLM" });
  }
  return out;
}

function copyProblem(c: PosterCopy, ctx: RephraseContext): string | undefined {
  const zh = ctx.brief.language === "zh";
  for (const field of ["headline", "subline", "cta"] as const) {
    const text = c[field];
    if (!text || ctx.brief[field]) continue; // user fields are replaced verbatim later
    if (zh !== /\p{Script=Han}/u.test(text)) return `${field} is not in the brief's language`;
    if (copyLength(text) > ctx.limits[field])
      return `${field} is over ${ctx.limits[field]} characters`;
    const banned = findBannedTerms(text);
    if (banned.length) return `${field} contains the banned claim "${banned[0]}"`;
  }
  if (!ctx.brief.headline && cutsProductName(c.headline, ctx.brief.product, ctx.brief.language))
    return "headline cuts the product's name (it must name the whole product or leave it out)";
  return undefined;
}

export function createLlmBackend(options: LlmOptions): RephraserBackend {
  return {
    name: "llm",
    async propose(ctx: RephraseContext): Promise<BackendProposal> {
      const { value: reply, failures } = await chatJson(options, buildMessages(ctx), parseLlmReply);
      const trace: TraceEntry[] = failures.map((f) => ({
        action: "note",
        term: "llm",
        slot: "backend",
        reason: `retried: ${f}`,
      }));

      // Composition, brand palette, brand keywords and quality stay rule-made:
      // they carry the layout's and the brand's constraints, not taste.
      const rules = rulesSlots(ctx);
      const kept = rules.slots.filter((s) => !s.generic);
      const proposed = [
        ...slotTerms("subject-detail", reply.subjectDetail, trace),
        ...slotTerms("setting", reply.setting, trace),
        ...slotTerms("lighting", reply.lighting, trace),
        ...slotTerms("style", [reply.medium], trace),
      ];
      const replaced = new Set(proposed.map((s) => s.slot));
      // A slot the model left empty keeps the rules' default rather than going bare.
      const fallbackGeneric = rules.slots.filter((s) => s.generic && !replaced.has(s.slot));

      const user = { headline: ctx.brief.headline, subline: ctx.brief.subline, cta: ctx.brief.cta };
      const candidates: PosterCopy[] = [];
      for (const c of reply.copy) {
        const problem = copyProblem(c, ctx);
        if (problem) {
          trace.push({
            action: "dropped",
            term: JSON.stringify(c),
            slot: "copy",
            reason: `LLM copy rejected: ${problem}`,
          });
          continue;
        }
        const merged: PosterCopy = {
          headline: user.headline ?? c.headline,
          subline: user.subline ?? c.subline,
          cta: user.cta ?? c.cta,
        };
        if (!candidates.some((x) => JSON.stringify(x) === JSON.stringify(merged)))
          candidates.push(merged);
      }
      if (candidates.length < COPY_CANDIDATES) {
        const draft = draftCopy(ctx.brief, ctx.preset, ctx.limits, ctx.kind);
        for (const c of draft.candidates) {
          if (candidates.length >= COPY_CANDIDATES) break;
          if (candidates.some((x) => JSON.stringify(x) === JSON.stringify(c))) continue;
          candidates.push(c);
          trace.push({
            action: "added",
            term: JSON.stringify(c),
            slot: "copy",
            reason: "rules copy to reach three candidates",
          });
        }
      }
      // Within a slot the last term is dropped first: the model's medium goes
      // after the brand's style keywords so those outlive it.
      const slots = [
        ...proposed.filter((s) => s.slot !== "style"),
        ...fallbackGeneric,
        ...kept,
        ...proposed.filter((s) => s.slot === "style"),
      ];
      return { slots, copyCandidates: candidates, trace: [...rules.trace, ...trace] };
    },
  };
}
