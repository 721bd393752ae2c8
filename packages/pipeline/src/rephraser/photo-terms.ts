import type { BriefProductDescription, TraceEntry } from "@hyperposter/domain";
import { containsCjk } from "./cjk";
import { normalisePhrase, repeatedIn } from "./phrase-dedupe";
import { renderText } from "./subject";
import type { SlotTerm } from "./types";

const MAX_COLOURS = 3;
const MAX_DETAILS = 2;

/**
 * Terms from the product photo's description, so the generated scene shows the
 * product the customer photographed (its material, colours, category and
 * visible details). They follow the marketer's subject, never replace it: a
 * term the subject already says is left out, and Chinese words go through the
 * same lexicon as the brief (unknown ones are reported, not sent to CLIP).
 */
export function photoTerms(
  description: BriefProductDescription,
  subject: string,
): { terms: SlotTerm[]; trace: TraceEntry[] } {
  const trace: TraceEntry[] = [];
  const said = subject.split(", ");
  const subjectWords = new Set(normalisePhrase(subject).split(" "));
  const render = (text: string): string => {
    const r = renderText(text, "product-photo");
    trace.push(...r.trace);
    const phrase = r.phrase.replace(/,\s*/g, " ").replace(/\s+/g, " ").trim();
    return containsCjk(phrase) ? "" : phrase;
  };
  const why =
    description.source === "vision"
      ? "the vision model's description of the product photo"
      : "the colours read from the product photo";
  const terms: SlotTerm[] = [];
  const add = (term: string, reason: string) => {
    if (!term || terms.some((t) => t.term === term)) return;
    // A single word the subject already holds ("bottle" in "cold brew bottle") is said.
    const single = normalisePhrase(term);
    const earlier =
      repeatedIn(term, said) ??
      (!single.includes(" ") && subjectWords.has(single) ? term : undefined);
    if (earlier !== undefined) {
      trace.push({
        action: "note",
        term,
        slot: "product-photo",
        reason: `the brief already says "${earlier}"`,
      });
      return;
    }
    terms.push({ slot: "product-photo", term, reason });
  };

  const colours = [...new Set(description.colors.map(render).filter(Boolean))].slice(
    0,
    MAX_COLOURS,
  );
  const material = description.material ? render(description.material) : "";
  const colourWords = colours.join(" and ");
  if (material && colourWords) add(`${colourWords} ${material}`, `${why}: colours and material`);
  else if (material) add(material, `${why}: material`);
  else if (colourWords) add(`in ${colourWords}`, `${why}: colours`);
  if (description.category) add(render(description.category), `${why}: category`);
  for (const detail of description.details.slice(0, MAX_DETAILS))
    add(render(detail), `${why}: a visible detail`);
  return { terms, trace };
}
