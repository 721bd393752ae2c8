/**
 * The cost rule, in one place: one credit is one rendered format of one
 * variant. Pure (no imports) so the studio can show the price in the browser.
 */
export function generationCost(formats: number, variants: number): number {
  return formats * variants;
}
