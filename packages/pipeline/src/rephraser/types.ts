import type { BrandPreset, Brief, FormatClass, PosterCopy, TraceEntry } from "@hyperposter/domain";
import type { ClipTokenizer } from "../text";
import type { CopyLimits } from "./copy-limits";
import type { KindDetection } from "./kinds/detect";
import type { Subject } from "./subject";

/** Prompt slots after the subject, in the order they appear in the prompt. */
export const SLOT_NAMES = [
  "product-photo",
  "subject-detail",
  "setting",
  "composition",
  "lighting",
  "palette",
  "style",
  "quality",
] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/**
 * Which slot loses terms first when the prompt is over budget (first = dropped
 * first). Generic filler goes before what the brand or the layout asked for:
 * quality boilerplate, then the invented setting and detail, then lighting;
 * brand style keywords, brand colors, what the product photo shows and the
 * calm text area go last.
 */
export const DROP_ORDER: readonly SlotName[] = [
  "quality",
  "setting",
  "subject-detail",
  "lighting",
  "style",
  "palette",
  "product-photo",
  "composition",
];

export interface SlotTerm {
  slot: SlotName;
  term: string;
  reason: string;
  /** A generic default (not from the user, brand or layout) that an LLM may replace. */
  generic?: boolean;
}

/** Everything a backend may read: validated inputs and the analysed subject. */
export interface RephraseContext {
  brief: Brief;
  preset: BrandPreset;
  tokenizer: ClipTokenizer;
  subject: Subject;
  formatClass: FormatClass;
  limits: CopyLimits;
  /** Where the layout puts text, so the image keeps that area calm. */
  calmArea: "top" | "left";
  /** The product kind the copy and the scene are written for. */
  kind: KindDetection;
}

/** What a backend contributes; rephrase() enforces budget, language and compliance. */
export interface BackendProposal {
  slots: SlotTerm[];
  /** Generated copy for the fields the brief lacks (user fields are applied later). */
  copyCandidates: PosterCopy[];
  trace: TraceEntry[];
}

export interface RephraserBackend {
  readonly name: "rules" | "llm";
  propose(ctx: RephraseContext): Promise<BackendProposal>;
}
