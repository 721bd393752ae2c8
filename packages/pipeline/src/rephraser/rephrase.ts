import {
  AppError,
  BrandPreset,
  Brief,
  FORMATS,
  parseInput,
  PRODUCT_KIND_LABELS,
  Rephrased,
  type ComplianceWarning,
  type FormatName,
  type PosterCopy,
  type TraceEntry,
} from "@hyperposter/domain";
import { ClipTokenizer } from "../text";
import { containsCjk } from "./cjk";
import { checkUserCopy, findBannedTerms } from "./compliance";
import { copyLimits, strictestFormatClass } from "./copy-limits";
import { createLlmBackend } from "./llm-backend";
import { LlmFailure, type LlmOptions } from "./llm-client";
import { buildNegativePrompt } from "./negative-prompt";
import { detectKind } from "./kinds/detect";
import { fitPrompt } from "./prompt-fit";
import { rulesBackend } from "./rules-backend";
import { analyseSubject } from "./subject";
import type { BackendProposal, RephraseContext, RephraserBackend } from "./types";

export interface RephraseOptions {
  /** "rules" (default, deterministic) or "llm" (needs `llm`). */
  backend?: "rules" | "llm";
  llm?: LlmOptions;
  tokenizer?: ClipTokenizer;
  /**
   * "translate" (default: CLIP/T5 models, Chinese through the lexicon) or
   * "keep-chinese" (the model's text encoder is a bilingual LLM: the brief's
   * Chinese stays in the prompt; see textEncoderKindOf in diffusion/text-encoders).
   */
  promptLanguage?: "translate" | "keep-chinese";
}

/** Text goes where the image is calm: at the top unless every format is wide. */
export function calmAreaFor(formats: readonly FormatName[]): "top" | "left" {
  const allWide = formats.every((f) => FORMATS[f].width / FORMATS[f].height > 1.6);
  return allWide ? "left" : "top";
}

function pickBackend(options: RephraseOptions): RephraserBackend {
  if ((options.backend ?? "rules") === "rules") return rulesBackend;
  if (!options.llm) {
    throw new AppError("BAD_REQUEST", "The llm backend needs llm options (baseUrl and model).", {
      field: "backend",
    });
  }
  return createLlmBackend(options.llm);
}

/**
 * Brief + brand preset → image prompt, negative prompt, poster copy and trace.
 * Pure apart from the optional LLM call. Invariants hold for every backend:
 * the subject opens the prompt, the prompt fits 77 CLIP ids and holds no CJK,
 * user copy is kept verbatim and generated copy carries no banned claims.
 */
export async function rephrase(
  briefInput: unknown,
  presetInput: unknown,
  options: RephraseOptions = {},
): Promise<Rephrased> {
  const brief = parseInput(Brief, briefInput);
  const preset = parseInput(BrandPreset, presetInput, "preset");
  const tokenizer = options.tokenizer ?? ClipTokenizer.bundled();
  const keepChinese = options.promptLanguage === "keep-chinese";
  const subject = analyseSubject(brief, tokenizer, keepChinese);
  const formatClass = strictestFormatClass(brief.formats);
  const kind = detectKind(brief);
  const ctx: RephraseContext = {
    brief,
    preset,
    tokenizer,
    subject,
    formatClass,
    limits: copyLimits(brief.language, formatClass),
    calmArea: calmAreaFor(brief.formats),
    kind,
  };

  const backend = pickBackend(options);
  const trace: TraceEntry[] = [
    {
      action: "note",
      term: kind.id,
      slot: "kind",
      reason: `${PRODUCT_KIND_LABELS[kind.id].en}, ${kind.source === "brief" ? "set by the brief" : `detected with confidence ${kind.confidence}`}: ${kind.reason}`,
    },
    ...subject.fields.flatMap((f) => f.trace),
  ];
  let proposal: BackendProposal;
  let used: Rephrased["backend"] = backend.name;
  try {
    proposal = await backend.propose(ctx);
  } catch (error) {
    if (backend === rulesBackend) throw error;
    const reason =
      error instanceof LlmFailure ? error.message : `LLM backend error: ${String(error)}`;
    trace.push({ action: "fallback", term: "llm → rules", slot: "backend", reason });
    proposal = await rulesBackend.propose(ctx);
    used = "rules";
  }
  trace.push(...proposal.trace);

  const fitted = fitPrompt(subject.text, proposal.slots, tokenizer);
  trace.push(...fitted.trace);
  const subjectTerms = subject.fields.flatMap((f) => f.terms);
  const negative = buildNegativePrompt(preset, subjectTerms, tokenizer);
  trace.push(...negative.trace);

  if (!keepChinese && (containsCjk(fitted.prompt) || containsCjk(negative.negativePrompt))) {
    // Unreachable by construction; refusing beats sending Chinese bytes to CLIP.
    throw new AppError("INTERNAL", "The rephrased prompt still contains CJK text.");
  }

  const copyCandidates = proposal.copyCandidates.filter((c) => generatedCopyIsClean(c, brief));
  const [copy] = copyCandidates;
  if (!copy) throw new AppError("INTERNAL", "The rephraser produced no usable copy.");

  const result: Rephrased = {
    prompt: fitted.prompt,
    negativePrompt: negative.negativePrompt,
    copy,
    copyCandidates,
    tokenCount: fitted.tokenCount,
    trace,
    warnings: complianceWarnings(brief),
    backend: used,
    kind: { id: kind.id, confidence: kind.confidence, source: kind.source, reason: kind.reason },
  };
  return Rephrased.parse(result);
}

function generatedCopyIsClean(c: PosterCopy, brief: Brief): boolean {
  return (["headline", "subline", "cta"] as const).every(
    (f) => brief[f] !== undefined || !c[f] || findBannedTerms(c[f]).length === 0,
  );
}

function complianceWarnings(brief: Brief): ComplianceWarning[] {
  const warnings = checkUserCopy({
    headline: brief.headline,
    subline: brief.subline,
    cta: brief.cta,
  });
  for (const term of brief.offer ? findBannedTerms(brief.offer) : []) {
    warnings.push({
      field: "offer",
      term,
      message: `The offer contains "${term}", an absolute or unprovable claim; it was left out of the generated copy.`,
    });
  }
  return warnings;
}
