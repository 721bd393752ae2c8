import type { BrandPreset, Brief, Rephrased } from "@hyperposter/domain";
import { rephrase } from "../rephraser";

/** Prompt and copy from the rephraser's default (rules) backend. */
export async function rephraseBrief(brief: Brief, preset: BrandPreset): Promise<Rephrased> {
  return rephrase(brief, preset);
}
