import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrandPresetInput, BriefInput, Rephrased } from "@hyperposter/domain";

const examplesDir = fileURLToPath(new URL("../../../../examples/", import.meta.url));

export const EXAMPLES = ["coffee-en", "mooncake-zh", "sneaker-en", "tea-zh"] as const;

export function loadExample(name: string): { brief: BriefInput; preset: BrandPresetInput } {
  const brief = JSON.parse(readFileSync(`${examplesDir}${name}.json`, "utf8")) as BriefInput;
  const presets = JSON.parse(
    readFileSync(`${examplesDir}presets.json`, "utf8"),
  ) as BrandPresetInput[];
  const preset = presets.find((p) => p.slug === brief.preset);
  if (!preset) throw new Error(`no preset ${brief.preset}`);
  return { brief, preset };
}

export function presetNamed(slug: string): BrandPresetInput {
  const presets = JSON.parse(
    readFileSync(`${examplesDir}presets.json`, "utf8"),
  ) as BrandPresetInput[];
  const preset = presets.find((p) => p.slug === slug);
  if (!preset) throw new Error(`no preset ${slug}`);
  return preset;
}

/** Independent of the implementation: any Han, kana, Hangul or CJK punctuation. */
export const CJK_ANYWHERE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whole-word (or whole-phrase) presence, case-insensitive. */
export function containsTerm(text: string, term: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}(?![\\p{L}\\p{N}])`, "iu").test(text);
}

export function untranslatedTerms(r: Rephrased): string[] {
  return r.trace.filter((t) => t.action === "untranslated").map((t) => t.term);
}
