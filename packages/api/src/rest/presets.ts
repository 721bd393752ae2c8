import { FORMATS, FORMAT_NAMES, parseInput } from "@hyperposter/domain";
import type { z } from "zod";
import {
  createPreset,
  getPreset,
  listPresets,
  type PresetView,
  updatePreset,
} from "../services/presets";
import type { RestDeps } from "./generations";
import { type Preset, PresetBody, PresetPatch } from "./schemas";

function restPreset(view: PresetView): z.infer<typeof Preset> {
  return {
    id: view.id,
    object: "preset",
    slug: view.slug,
    name: view.name,
    version: view.version,
    archived: view.archived,
    updated_at: view.updatedAt,
    colors: view.data.colors,
    fonts: view.data.fonts,
    tone: view.data.tone,
    style_keywords: view.data.styleKeywords,
    negative: view.data.negative,
    default_formats: view.data.defaultFormats ?? null,
    logo_url: view.logo?.url ?? null,
    style_references: view.styleReferences.map((r) => ({
      id: r.id,
      url: r.url,
      strength: r.strength,
    })),
  };
}

export async function listRestPresets(deps: RestDeps, workspaceId: string) {
  const views = await listPresets(deps, workspaceId, { includeArchived: false });
  return { object: "list" as const, data: views.map(restPreset) };
}

export async function createRestPreset(deps: RestDeps, workspaceId: string, body: unknown) {
  const input = parseInput(PresetBody, body);
  const view = await createPreset(deps, workspaceId, null, {
    name: input.name,
    colors: input.colors,
    fonts: input.fonts,
    tone: input.tone ?? "",
    styleKeywords: input.style_keywords ?? [],
    negative: input.negative ?? [],
    ...(input.default_formats ? { defaultFormats: input.default_formats } : {}),
    logoFileId: null,
    headingFontFileId: null,
    bodyFontFileId: null,
    styleReferences: [],
  });
  return restPreset(view);
}

/** A PATCH changes the named fields and keeps the rest (logo, font files and style references included): a new version. */
export async function patchRestPreset(
  deps: RestDeps,
  workspaceId: string,
  id: string,
  body: unknown,
) {
  const patch = parseInput(PresetPatch, body);
  const current = await getPreset(deps, workspaceId, id);
  const data = current.data;
  const view = await updatePreset(deps, workspaceId, null, id, {
    name: patch.name ?? data.name,
    colors: patch.colors ?? data.colors,
    fonts: patch.fonts ?? data.fonts,
    tone: patch.tone ?? data.tone,
    styleKeywords: patch.style_keywords ?? data.styleKeywords,
    negative: patch.negative ?? data.negative,
    ...((patch.default_formats ?? data.defaultFormats)
      ? { defaultFormats: patch.default_formats ?? data.defaultFormats }
      : {}),
    logoFileId: current.logo?.id ?? null,
    headingFontFileId: current.fontFiles.heading?.id ?? null,
    bodyFontFileId: current.fontFiles.body?.id ?? null,
    styleReferences: (
      patch.style_references ??
      current.styleReferences.map((r) => ({ id: r.id, strength: r.strength }))
    ).map((r) => ({ fileId: r.id, strength: r.strength })),
  });
  return restPreset(view);
}

export function listFormats() {
  return {
    object: "list" as const,
    data: FORMAT_NAMES.map((name) => {
      const spec = FORMATS[name];
      return {
        name,
        label: spec.label,
        width: spec.width,
        height: spec.height,
        dpi: spec.dpi,
        format_class: spec.formatClass,
      };
    }),
  };
}
