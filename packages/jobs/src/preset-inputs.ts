import type { Db } from "@hyperposter/db";
import { BrandPreset, parseInput } from "@hyperposter/domain";
import type { AssetStorage } from "./storage";

export interface PresetInputs {
  preset: BrandPreset;
  logo?: { bytes: Buffer; mime: string };
  fontFiles: { heading?: Buffer; body?: Buffer };
  /** The version's style reference images as stored (PNG/JPEG), in order, with their strengths. */
  styleReferences: { bytes: Buffer; strength: number }[];
}

/**
 * What composing a poster takes from a generation's preset version: the preset
 * as it was when the generation was made, its logo, its uploaded fonts and
 * its style reference images.
 * The worker (generating) and the API (re-rendering the copy) compose from the
 * same inputs, so they read them the same way. Null when the version is gone;
 * each caller says so in its own terms.
 */
export async function loadPresetInputs(
  db: Db,
  storage: AssetStorage,
  presetVersionId: string | null,
): Promise<PresetInputs | null> {
  const version = presetVersionId
    ? await db.brandPresetVersion.findUnique({
        where: { id: presetVersionId },
        include: {
          preset: true,
          logoFile: true,
          headingFontFile: true,
          bodyFontFile: true,
          styleReferences: { orderBy: { position: "asc" }, include: { file: true } },
        },
      })
    : null;
  if (!version) return null;
  const data = typeof version.data === "object" && version.data !== null ? version.data : {};
  const preset = parseInput(
    BrandPreset,
    {
      ...data,
      slug: version.preset.slug,
      name: version.preset.name,
      styleReferences: version.styleReferences.map((r) => ({
        file: r.fileId,
        strength: r.strength,
      })),
    },
    "preset",
  );
  const read = (file: { storageKey: string } | null) =>
    file ? storage.get(file.storageKey) : Promise.resolve(undefined);
  const [logoBytes, heading, body, ...references] = await Promise.all([
    read(version.logoFile),
    read(version.headingFontFile),
    read(version.bodyFontFile),
    ...version.styleReferences.map((r) => read(r.file)),
  ]);
  return {
    preset,
    ...(version.logoFile && logoBytes
      ? { logo: { bytes: logoBytes, mime: version.logoFile.mime } }
      : {}),
    fontFiles: { ...(heading ? { heading } : {}), ...(body ? { body } : {}) },
    styleReferences: version.styleReferences.flatMap((r, i) => {
      const bytes = references[i];
      return bytes ? [{ bytes, strength: r.strength }] : [];
    }),
  };
}
