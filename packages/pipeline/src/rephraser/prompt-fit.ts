import type { TraceEntry } from "@hyperposter/domain";
import { CLIP_CONTEXT_LENGTH, type ClipTokenizer } from "../text";
import { repeatedIn } from "./phrase-dedupe";
import { DROP_ORDER, SLOT_NAMES, type SlotTerm } from "./types";

export interface FittedPrompt {
  prompt: string;
  tokenCount: number;
  kept: SlotTerm[];
  trace: TraceEntry[];
}

const assemble = (subject: string, terms: readonly SlotTerm[]) =>
  [subject, ...terms.map((t) => t.term)].filter(Boolean).join(", ");

/**
 * Subject first, then slots in prompt order; while over the encoder's 77 ids,
 * the last term of the lowest-priority slot still holding terms goes.
 */
export function fitPrompt(
  subject: string,
  terms: readonly SlotTerm[],
  tk: ClipTokenizer,
): FittedPrompt {
  const sorted = [...terms].sort((a, b) => SLOT_NAMES.indexOf(a.slot) - SLOT_NAMES.indexOf(b.slot));
  const trace: TraceEntry[] = [];
  // One phrase once, whichever backend proposed the terms: the earlier slot keeps it.
  const ordered: SlotTerm[] = [];
  const said = subject.split(", ");
  for (const t of sorted) {
    const earlier = repeatedIn(t.term, said);
    if (earlier !== undefined) {
      trace.push({
        action: "dropped",
        term: t.term,
        slot: t.slot,
        reason: `repeats "${earlier}", already in the prompt`,
      });
      continue;
    }
    ordered.push(t);
    said.push(t.term);
  }
  let prompt = assemble(subject, ordered);
  let count = tk.countTokens(prompt);
  while (count > CLIP_CONTEXT_LENGTH) {
    const slot = DROP_ORDER.find((s) => ordered.some((t) => t.slot === s));
    if (!slot) break; // The subject alone fits by construction (≤ 60 + 2 ids).
    const index = ordered.findLastIndex((t) => t.slot === slot);
    const [gone] = ordered.splice(index, 1) as [SlotTerm];
    trace.push({
      action: "dropped",
      term: gone.term,
      slot: gone.slot,
      reason: `prompt was ${count} CLIP tokens, over the ${CLIP_CONTEXT_LENGTH}-token budget; ${slot} is the lowest-priority slot left`,
    });
    prompt = assemble(subject, ordered);
    count = tk.countTokens(prompt);
  }
  const added: TraceEntry[] = ordered.map((t) => ({
    action: "added",
    term: t.term,
    slot: t.slot,
    reason: t.reason,
  }));
  return { prompt, tokenCount: count, kept: ordered, trace: [...added, ...trace] };
}
