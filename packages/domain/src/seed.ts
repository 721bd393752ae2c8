import { z } from "zod";
import type { FieldIssue } from "./issues";
import { MAX_SEED } from "./limits";

/**
 * A seed as every edge takes it: an integer 0…2^32−1. The range is checked
 * before integrality so a 20-digit seed says "at most 4,294,967,295" rather
 * than "must be a whole number" (it is one, past what a double holds exactly).
 */
export const SeedInput = z
  .number({ error: "seed must be a number." })
  .min(0, { error: "seed must not be negative." })
  .max(MAX_SEED, { error: `seed must be at most ${MAX_SEED}.` })
  .int({ error: "seed must be a whole number." });

/**
 * A seed typed into a form: digits only, nothing silently dropped ("1.5" is
 * not 15). Blank means "pick one for me".
 */
export function seedFromText(
  text: string,
  field = "seed",
): { seed: number | undefined; issue: FieldIssue | null } {
  const trimmed = text.trim();
  if (trimmed === "") return { seed: undefined, issue: null };
  if (!/^\d+$/.test(trimmed))
    return {
      seed: undefined,
      issue: { field, code: "not_integer", params: { min: 0, max: MAX_SEED } },
    };
  const seed = Number(trimmed);
  if (seed > MAX_SEED)
    return { seed: undefined, issue: { field, code: "too_large", params: { max: MAX_SEED } } };
  return { seed, issue: null };
}
