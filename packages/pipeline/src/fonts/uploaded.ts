import { createHash } from "node:crypto";
import { GlobalFonts } from "@napi-rs/canvas";
import { type FontFileInfo, scriptOfFont } from "@hyperposter/domain";
import type { CatalogFamily, Registered } from "./catalog";
import { describeFontFile, toRanges } from "./describe";

/**
 * A brand's own font file, registered with Skia under an alias of its hash:
 * one face, drawn at whatever weight it was made in.
 */
export interface UploadedFamily {
  kind: "uploaded";
  name: string;
  script: CatalogFamily["script"];
  info: FontFileInfo;
  face: Registered;
}

/** What the composer can set text in: a catalog family or an uploaded face. */
export type DrawFamily = CatalogFamily | UploadedFamily;

export function isUploaded(family: DrawFamily): family is UploadedFamily {
  return "kind" in family && family.kind === "uploaded";
}

// Registered once per process and file: a worker renders the same brand fonts
// job after job, and Skia keeps registered faces until the process ends.
const loaded = new Map<string, UploadedFamily>();

/** Registers an uploaded font file (TTF, OTF, WOFF, WOFF2); throws FontFileError for bad files. */
export function uploadedFamily(bytes: Buffer): UploadedFamily {
  const sha = createHash("sha256").update(bytes).digest("hex");
  const known = loaded.get(sha);
  if (known) return known;
  const { info, codePoints } = describeFontFile(bytes);
  const alias = `HP upload ${sha.slice(0, 16)}`;
  if (!GlobalFonts.register(bytes, alias))
    throw new Error(`the renderer could not register the font "${info.family}"`);
  const family: UploadedFamily = {
    kind: "uploaded",
    name: info.family,
    script: scriptOfFont(info),
    info,
    face: { alias, ranges: toRanges(codePoints) },
  };
  loaded.set(sha, family);
  return family;
}
