import type { BrandPreset } from "@hyperposter/domain";

/** What a version stores (presets.ts `PresetData`): the preset without slug and file references. */
type PresetData = Omit<BrandPreset, "slug" | "logo" | "fontFiles" | "styleReferences">;

/** One stored version as the comparison sees it: the data and its file references. */
export interface VersionSnapshot {
  data: PresetData;
  logoFileId: string | null;
  headingFontFileId: string | null;
  bodyFontFileId: string | null;
  /** In order; the order is kept because several references are averaged by strength. */
  styleReferences: { fileId: string; strength: number }[];
}

/** A field that differs between two versions, with both values as shown to people. */
export interface PresetChange {
  field: string;
  before: string;
  after: string;
}

/**
 * The preset as flat, comparable fields ("colors.primary" → "#8B1E24"). Lists
 * compare in order (keyword order is the marketer's emphasis); file
 * references compare by id, since a re-upload is a new file.
 */
export function flattenVersion(v: VersionSnapshot): Record<string, string> {
  const d = v.data;
  return {
    name: d.name,
    "colors.primary": d.colors.primary,
    "colors.secondary": d.colors.secondary,
    "colors.accent": d.colors.accent,
    "colors.background": d.colors.background,
    "colors.text": d.colors.text,
    "fonts.heading": d.fonts.heading,
    "fonts.body": d.fonts.body,
    tone: d.tone,
    styleKeywords: d.styleKeywords.join(", "),
    negative: d.negative.join(", "),
    defaultFormats: (d.defaultFormats ?? []).join(", "),
    logo: v.logoFileId ?? "",
    "fontFiles.heading": v.headingFontFileId ?? "",
    "fontFiles.body": v.bodyFontFileId ?? "",
    styleReferences: describeReferences(v.styleReferences, (id) => id),
  };
}

/** References as one comparable line: "mood.jpg 60 %, grain.png 30 %" (ids until named). */
export function describeReferences(
  refs: { fileId: string; strength: number }[],
  name: (fileId: string) => string,
): string {
  return refs.map((r) => `${name(r.fileId)} ${Math.round(r.strength * 100)} %`).join(", ");
}

/** What changed from `before` to `after`, field by field, in a stable order. */
export function presetChanges(before: VersionSnapshot, after: VersionSnapshot): PresetChange[] {
  const a = flattenVersion(before);
  const b = flattenVersion(after);
  return Object.keys(b)
    .filter((field) => a[field] !== b[field])
    .map((field) => ({ field, before: a[field] ?? "", after: b[field] ?? "" }));
}
