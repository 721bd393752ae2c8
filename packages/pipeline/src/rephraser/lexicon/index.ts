import { COLORS } from "./colors";
import { COMPOSITION } from "./composition";
import { DEFECTS } from "./defects";
import { FESTIVALS } from "./festivals";
import { FOOD } from "./food";
import { LIGHTING } from "./lighting";
import { MATERIALS } from "./materials";
import { MOODS } from "./moods";
import { MOTIFS } from "./motifs";
import { PLACES } from "./places";
import { PRODUCTS } from "./products";
import { SEASONS } from "./seasons";
import { STYLES } from "./styles";
import type { LexiconCategory, LexiconCategoryName } from "./types";

export type { LexiconCategory, LexiconCategoryName } from "./types";

export const LEXICON_CATEGORIES: Readonly<Record<LexiconCategoryName, LexiconCategory>> = {
  festival: FESTIVALS,
  style: STYLES,
  product: PRODUCTS,
  food: FOOD,
  material: MATERIALS,
  color: COLORS,
  lighting: LIGHTING,
  composition: COMPOSITION,
  season: SEASONS,
  place: PLACES,
  mood: MOODS,
  motif: MOTIFS,
  defect: DEFECTS,
};

export interface LexiconEntry {
  zh: string;
  en: string;
  category: LexiconCategoryName;
}

function buildIndex(): ReadonlyMap<string, LexiconEntry> {
  const index = new Map<string, LexiconEntry>();
  for (const [category, entries] of Object.entries(LEXICON_CATEGORIES) as Array<
    [LexiconCategoryName, LexiconCategory]
  >) {
    for (const [zh, en] of Object.entries(entries)) {
      // First category wins; the lexicon test keeps keys unique across categories.
      if (!index.has(zh)) index.set(zh, { zh, en, category });
    }
  }
  return index;
}

/** The bilingual visual lexicon: every Chinese term the rephraser can render for CLIP. */
export const LEXICON: ReadonlyMap<string, LexiconEntry> = buildIndex();

export const LEXICON_MAX_KEY_LENGTH = Math.max(...Array.from(LEXICON.keys(), (k) => k.length));

export function lookupTerm(zh: string): LexiconEntry | undefined {
  return LEXICON.get(zh);
}
