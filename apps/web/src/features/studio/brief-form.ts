import type { FormatName, ProductKind } from "@hyperposter/domain";

export interface BriefForm {
  language: "en" | "zh";
  product: string;
  offer: string;
  audience: string;
  style: string;
  headline: string;
  subline: string;
  cta: string;
  /** "" lets the rephraser detect the kind from the brief. */
  kind: ProductKind | "";
}

export const EMPTY_BRIEF: BriefForm = {
  language: "en",
  product: "",
  offer: "",
  audience: "",
  style: "",
  headline: "",
  subline: "",
  cta: "",
  kind: "",
};

/** Empty optional fields are left out rather than sent as "" (which the brief refuses). */
export function briefPayload(form: BriefForm, formats: FormatName[]) {
  const brief: Record<string, unknown> = {
    language: form.language,
    product: form.product,
    formats,
  };
  for (const key of ["offer", "audience", "style", "headline", "subline", "cta"] as const)
    if (form[key].trim()) brief[key] = form[key].trim();
  if (form.kind) brief.kind = form.kind;
  return brief;
}
