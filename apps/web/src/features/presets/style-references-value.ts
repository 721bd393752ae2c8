import { STYLE_REFERENCE_LIMITS } from "@hyperposter/domain";

/** One reference as the editor holds it: the uploaded file and its strength 0–1. */
export interface StyleReferenceValue {
  id: string;
  url: string;
  name: string;
  strength: number;
}

export const MAX_STYLE_REFERENCES = STYLE_REFERENCE_LIMITS.max;

/** Adds an uploaded image at the default strength; the same file twice or a fifth is ignored. */
export function addReference(
  list: StyleReferenceValue[],
  file: { id: string; url: string; name: string },
): StyleReferenceValue[] {
  if (list.length >= MAX_STYLE_REFERENCES || list.some((r) => r.id === file.id)) return list;
  return [...list, { ...file, strength: STYLE_REFERENCE_LIMITS.defaultStrength }];
}

/** The slider shows whole percent; the preset stores 0–1. */
export function strengthPercent(strength: number): number {
  return Math.round(Math.min(1, Math.max(0, strength)) * 100);
}

export function withStrengthPercent(
  list: StyleReferenceValue[],
  index: number,
  percent: number,
): StyleReferenceValue[] {
  const strength = Math.min(100, Math.max(0, Math.round(percent))) / 100;
  return list.map((r, i) => (i === index ? { ...r, strength } : r));
}

export function withoutReference(list: StyleReferenceValue[], index: number) {
  return list.filter((_, i) => i !== index);
}

/** What the preset save sends. */
export function referencesInput(list: StyleReferenceValue[]) {
  return list.map((r) => ({ fileId: r.id, strength: r.strength }));
}
