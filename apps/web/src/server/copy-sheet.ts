import type { Brief, GenerationView } from "@hyperposter/domain";

export interface CopySheetSource {
  brief: Brief | null;
  preset: { id: string; name: string; version: number } | null;
}

/**
 * copy.json and copy.txt for a generation's zip: each variant's copy, the
 * prompts and the seed, so the words can be pasted elsewhere (ad managers,
 * alt text) and the result reproduced.
 */
export function copySheet(
  view: GenerationView,
  source: CopySheetSource,
): { json: string; txt: string } {
  const r = view.rephrased;
  const copies = r ? (r.variantCopies.length > 0 ? r.variantCopies : [r.copy]) : [];
  const variants = copies.map((copy, i) => ({
    variant: i + 1,
    headline: copy.headline,
    subline: copy.subline ?? null,
    cta: copy.cta,
  }));
  const data = {
    generationId: view.id,
    createdAt: view.createdAt,
    seed: view.seed,
    preset: source.preset,
    formats: view.formats,
    prompt: r?.prompt ?? null,
    negativePrompt: r?.negativePrompt ?? null,
    variants,
    brief: source.brief,
  };
  const lines = [
    `Generation ${view.id}`,
    `Seed: ${view.seed}`,
    ...(source.preset ? [`Preset: ${source.preset.name} (version ${source.preset.version})`] : []),
    `Formats: ${view.formats.join(", ")}`,
    "",
    ...variants.flatMap((v) => [
      `Variant ${v.variant}`,
      `  Headline: ${v.headline}`,
      ...(v.subline ? [`  Subline: ${v.subline}`] : []),
      `  Call to action: ${v.cta}`,
      "",
    ]),
    `Image prompt: ${data.prompt ?? "-"}`,
    `Negative prompt: ${data.negativePrompt ?? "-"}`,
    "",
  ];
  return { json: `${JSON.stringify(data, null, 2)}\n`, txt: lines.join("\n") };
}
