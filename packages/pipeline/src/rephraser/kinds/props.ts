import { PRODUCT_KIND_LABELS, type ProductKind } from "@hyperposter/domain";

/**
 * Brand style keywords that are props or settings rather than a look: a tea
 * brand's "fresh fruit, ice cubes" belong beside a drink, not a pair of
 * sneakers. Each entry names the kinds the prop suits; on any other kind the
 * keyword is left out of the prompt and the trace says so. Looks (colours,
 * light, film grain, motifs such as clouds or lanterns) always stay.
 */
const PROPS: ReadonlyArray<{ pattern: RegExp; name: string; kinds: readonly ProductKind[] }> = [
  {
    pattern:
      /\b(fresh )?(fruits?|berr(y|ies)|citrus|lemons?|limes?|oranges?|strawberr(y|ies)|peach(es)?|mango(es)?|watermelon)( slices?)?\b/,
    name: "fruit",
    kinds: ["food", "restaurant", "beauty", "health", "gift"],
  },
  { pattern: /\bice( cubes?)?\b|\bcrushed ice\b/, name: "ice", kinds: ["food", "restaurant"] },
  {
    pattern:
      /\b(wooden|rustic|dining|kitchen) (table|counter|board)\b|\btable setting\b|\bcutting board\b|\btablecloth\b|\bplates?\b/,
    name: "a table",
    kinds: ["food", "restaurant", "home", "gift"],
  },
  {
    pattern: /\b(coffee beans|tea leaves|fresh herbs|mint leaves|spices|ingredients)\b/,
    name: "ingredients",
    kinds: ["food", "restaurant", "beauty", "health", "gift"],
  },
  {
    pattern: /\b(water droplets|condensation|splash(es)?|bubbles)\b/,
    name: "droplets",
    kinds: ["food", "restaurant", "beauty", "electronics"],
  },
  {
    pattern: /\b(steam|steaming)\b/,
    name: "steam",
    kinds: ["food", "restaurant", "health", "travel"],
  },
];

export interface PropCheck {
  keep: boolean;
  reason?: string;
}

/** Whether a rendered brand keyword suits the product kind. */
export function checkProp(phrase: string, kind: ProductKind): PropCheck {
  const lower = phrase.toLowerCase();
  for (const prop of PROPS) {
    if (!prop.pattern.test(lower)) continue;
    if (kind === "general" || prop.kinds.includes(kind)) return { keep: true };
    return {
      keep: false,
      reason: `a prop (${prop.name}) that suits ${prop.kinds.map((k) => PRODUCT_KIND_LABELS[k].en).join(", ")}, not ${PRODUCT_KIND_LABELS[kind].en}`,
    };
  }
  return { keep: true };
}
