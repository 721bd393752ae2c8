import type { BrandPreset, TraceEntry } from "@hyperposter/domain";
import { CLIP_CONTEXT_LENGTH, type ClipTokenizer } from "../text";
import { latinWords } from "./stop-words";
import { renderText } from "./subject";

/** Text in the image fights the poster's own typography, so it is always excluded. */
const ALWAYS = ["text", "letters", "watermark"];
const DEFAULTS = [
  "logo",
  "signature",
  "blurry",
  "low quality",
  "lowres",
  "deformed",
  "distorted",
  "jpeg artifacts",
  "cropped",
  "out of frame",
  "oversaturated",
];

export interface NegativePrompt {
  negativePrompt: string;
  tokenCount: number;
  trace: TraceEntry[];
}

/**
 * "text, letters, watermark", then the brand's negative terms (Chinese through
 * the lexicon), then defaults; a negative that names something the subject asks
 * for is left out, since it would fight the user's own words.
 */
export function buildNegativePrompt(
  preset: BrandPreset,
  subjectTerms: readonly string[],
  tk: ClipTokenizer,
): NegativePrompt {
  const trace: TraceEntry[] = [];
  const subjectWords = new Set(subjectTerms.flatMap((t) => latinWords(t)));
  const terms: Array<{ term: string; reason: string; removable: boolean }> = [];
  const push = (term: string, reason: string, removable: boolean) => {
    if (terms.some((t) => t.term === term)) return;
    const words = latinWords(term);
    if (!ALWAYS.includes(term) && words.length > 0 && words.every((w) => subjectWords.has(w))) {
      trace.push({ action: "dropped", term, slot: "negative", reason: "the subject asks for it" });
      return;
    }
    terms.push({ term, reason, removable });
  };

  for (const t of ALWAYS)
    push(t, "keeps the image free of text the poster would clash with", false);
  for (const raw of preset.negative) {
    const r = renderText(raw, "negative");
    trace.push(...r.trace);
    if (r.phrase) push(r.phrase, `brand negative term "${raw}"`, false);
  }
  for (const t of DEFAULTS) push(t, "common diffusion artifacts", true);

  const join = () => terms.map((t) => t.term).join(", ");
  let count = tk.countTokens(join());
  // The negative prompt goes through the same 77-id encoder: drop defaults first.
  while (count > CLIP_CONTEXT_LENGTH) {
    let index = terms.findLastIndex((t) => t.removable);
    if (index < 0) index = terms.length - 1;
    const [gone] = terms.splice(index, 1);
    if (!gone) break;
    trace.push({
      action: "dropped",
      term: gone.term,
      slot: "negative",
      reason: `over the ${CLIP_CONTEXT_LENGTH}-token budget`,
    });
    count = tk.countTokens(join());
  }
  for (const t of terms)
    trace.push({ action: "added", term: t.term, slot: "negative", reason: t.reason });
  return { negativePrompt: join(), tokenCount: count, trace };
}
