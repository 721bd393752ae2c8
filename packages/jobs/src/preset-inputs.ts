import type { Db } from "@hyperposter/db";
import { BrandPreset, parseInput } from "@hyperposter/domain";
import type { AssetStorage } from "./storage";

export interface PresetInputs {
  preset: BrandPreset;
  logo?: { bytes: Buffer; mime: string };
  fontFiles: { heading?: Buffer; body?: Buffer };
}

/**
 * What composing a poster takes from a generation's preset version: the preset
 * as it was when the generation was made, its logo and its uploaded fonts.
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
        include: { preset: true, logoFile: true, headingFontFile: true, bodyFontFile: true },
      })
    : null;
  if (!version) return null;
  const data = typeof version.data === "object" && version.data !== null ? version.data : {};
  const preset = parseInput(
    BrandPreset,
    { ...data, slug: version.preset.slug, name: version.preset.name },
    "preset",
  );
  const read = (file: { storageKey: string } | null) =>
    file ? storage.get(file.storageKey) : Promise.resolve(undefined);
  const [logoBytes, heading, body] = await Promise.all([
    read(version.logoFile),
    read(version.headingFontFile),
    read(version.bodyFontFile),
  ]);
  return {
    preset,
    ...(version.logoFile && logoBytes
      ? { logo: { bytes: logoBytes, mime: version.logoFile.mime } }
      : {}),
    fontFiles: { ...(heading ? { heading } : {}), ...(body ? { body } : {}) },
  };
}
