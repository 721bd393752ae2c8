import type { Db, Prisma } from "@hyperposter/db";
import { AppError, BrandPreset, STYLE_REFERENCE_LIMITS, StyleStrength } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { z } from "zod";
import { catalogFont } from "./fonts";
import { logoOf, presignLogo } from "./files";
import { fontOf, fontView, type FontView } from "./font-files";
import {
  describeReferences,
  presetChanges,
  type PresetChange,
  type VersionSnapshot,
} from "./preset-versions";
import {
  checkStyleReferences,
  styleReferenceFileView,
  type StyleReferenceFile,
} from "./style-references";
import { slugify } from "./workspaces";

/** What a version stores: the domain preset without its slug and file references (columns). */
export const PresetData = BrandPreset.omit({
  slug: true,
  logo: true,
  fontFiles: true,
  styleReferences: true,
});
export type PresetData = z.infer<typeof PresetData>;

const FileId = z.string().min(1).max(40).nullable().default(null);

export const PresetInput = PresetData.extend({
  logoFileId: FileId,
  /** An uploaded font for the role; its family name replaces `fonts.heading`. */
  headingFontFileId: FileId,
  bodyFontFileId: FileId,
  /** Uploaded reference images (uploadStyleReference), in order, each with its strength 0–1. */
  styleReferences: z
    .array(z.object({ fileId: z.string().min(1).max(40), strength: StyleStrength }))
    .max(STYLE_REFERENCE_LIMITS.max)
    .default([]),
});
export type PresetInput = z.input<typeof PresetInput>;

interface Deps {
  db: Db;
  storage: AssetStorage;
  assetUrlTtlSeconds: number;
}

export interface PresetView {
  id: string;
  slug: string;
  name: string;
  version: number;
  archived: boolean;
  updatedAt: string;
  data: PresetData;
  logo: { id: string; url: string; mime: string; originalName: string } | null;
  /** Uploaded fonts the roles are set in; null where a catalog family is used. */
  fontFiles: { heading: FontView | null; body: FontView | null };
  styleReferences: (StyleReferenceFile & { strength: number })[];
}

const withCurrent = {
  versions: {
    orderBy: { version: "desc" },
    take: 1,
    include: {
      logoFile: true,
      headingFontFile: true,
      bodyFontFile: true,
      styleReferences: { orderBy: { position: "asc" }, include: { file: true } },
    },
  },
} satisfies Prisma.BrandPresetInclude;

type Row = Prisma.BrandPresetGetPayload<{ include: typeof withCurrent }>;

async function view(deps: Deps, row: Row): Promise<PresetView> {
  const current = row.versions[0];
  const data = PresetData.parse({ name: row.name, ...(current?.data as object) });
  const logo = current?.logoFile;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    version: row.currentVersion,
    archived: row.archivedAt !== null,
    updatedAt: row.updatedAt.toISOString(),
    data,
    logo: logo
      ? {
          id: logo.id,
          mime: logo.mime,
          originalName: logo.originalName,
          url: await presignLogo(deps, logo),
        }
      : null,
    fontFiles: {
      heading: current?.headingFontFile ? fontView(current.headingFontFile) : null,
      body: current?.bodyFontFile ? fontView(current.bodyFontFile) : null,
    },
    styleReferences: await Promise.all(
      (current?.styleReferences ?? []).map(async (ref) => ({
        ...(await styleReferenceFileView(deps, ref.file)),
        strength: ref.strength,
      })),
    ),
  };
}

type Resolved = {
  data: PresetData;
  logoFileId: string | null;
  headingFontFileId: string | null;
  bodyFontFileId: string | null;
  styleReferences: StyleReferenceRef[];
};

type StyleReferenceRef = { fileId: string; strength: number };

/**
 * Checks every reference against the workspace and settles the font names: a
 * role with an uploaded file takes that file's family, a role without one must
 * name a catalog family.
 */
async function resolveInput(
  db: Db,
  workspaceId: string,
  input: z.output<typeof PresetInput>,
): Promise<Resolved> {
  const { logoFileId, headingFontFileId, bodyFontFileId, styleReferences, ...data } = input;
  if (logoFileId) await logoOf(db, workspaceId, logoFileId);
  await checkStyleReferences(
    db,
    workspaceId,
    styleReferences.map((r) => r.fileId),
  );
  const fonts = { ...data.fonts };
  const files = { heading: headingFontFileId, body: bodyFontFileId };
  for (const key of ["heading", "body"] as const) {
    const fileId = files[key];
    if (fileId) fonts[key] = (await fontOf(db, workspaceId, fileId, `fonts.${key}`)).view.family;
    else if (!catalogFont(fonts[key]))
      throw new AppError(
        "BAD_REQUEST",
        `fonts.${key} "${fonts[key]}" is not in the font catalog or this workspace's fonts; pick Inter, Noto Sans SC, Noto Serif SC or an uploaded font.`,
        { field: `fonts.${key}`, messageZh: "字体不在字体目录或此工作区已上传的字体中。" },
      );
  }
  return {
    data: { ...data, fonts },
    logoFileId,
    headingFontFileId,
    bodyFontFileId,
    styleReferences,
  };
}

async function rowOf(db: Db, workspaceId: string, presetId: string): Promise<Row> {
  const row = await db.brandPreset.findFirst({
    where: { id: presetId, workspaceId },
    include: withCurrent,
  });
  if (!row)
    throw new AppError("NOT_FOUND", "That brand preset is not in this workspace.", {
      field: "presetId",
      messageZh: "此工作区中没有该品牌预设。",
    });
  return row;
}

export async function listPresets(
  deps: Deps,
  workspaceId: string,
  options: { includeArchived: boolean },
): Promise<PresetView[]> {
  const rows = await deps.db.brandPreset.findMany({
    where: { workspaceId, ...(options.includeArchived ? {} : { archivedAt: null }) },
    include: withCurrent,
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { updatedAt: "desc" }],
  });
  return Promise.all(rows.map((row) => view(deps, row)));
}

export async function getPreset(deps: Deps, workspaceId: string, presetId: string) {
  return view(deps, await rowOf(deps.db, workspaceId, presetId));
}

async function uniqueSlug(db: Db, workspaceId: string, name: string): Promise<string> {
  const base = slugify(name) === "workspace" ? "preset" : slugify(name);
  const taken = new Set(
    (
      await db.brandPreset.findMany({
        where: { workspaceId, slug: { startsWith: base } },
        select: { slug: true },
      })
    ).map((p) => p.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export async function createPreset(
  deps: Deps,
  workspaceId: string,
  userId: string | null,
  input: z.output<typeof PresetInput>,
): Promise<PresetView> {
  const { data, styleReferences, ...files } = await resolveInput(deps.db, workspaceId, input);
  const row = await deps.db.brandPreset.create({
    data: {
      workspaceId,
      slug: await uniqueSlug(deps.db, workspaceId, data.name),
      name: data.name,
      currentVersion: 1,
      versions: {
        create: {
          workspaceId,
          version: 1,
          data: toJson(data),
          ...files,
          createdById: userId,
          styleReferences: { create: referenceRows(styleReferences) },
        },
      },
    },
    include: withCurrent,
  });
  return view(deps, row);
}

/**
 * Every edit is a new immutable version; generations keep pointing at the one
 * they used. A save that changes nothing makes no version (`unchanged`).
 */
export async function updatePreset(
  deps: Deps,
  workspaceId: string,
  userId: string | null,
  presetId: string,
  input: z.output<typeof PresetInput>,
): Promise<PresetView & { unchanged: boolean }> {
  const existing = await rowOf(deps.db, workspaceId, presetId);
  const resolved = await resolveInput(deps.db, workspaceId, input);
  return saveVersion(deps, workspaceId, userId, existing, resolved);
}

async function saveVersion(
  deps: Deps,
  workspaceId: string,
  userId: string | null,
  existing: Row,
  { data, styleReferences, ...files }: Resolved,
): Promise<PresetView & { unchanged: boolean }> {
  const presetId = existing.id;
  const current = existing.versions[0];
  if (
    current &&
    presetChanges(snapshotOf(existing.name, current), { data, ...files, styleReferences })
      .length === 0
  )
    return { ...(await view(deps, existing)), unchanged: true };
  const version = existing.currentVersion + 1;
  await deps.db.$transaction([
    deps.db.brandPresetVersion.create({
      data: {
        workspaceId,
        presetId,
        version,
        data: toJson(data),
        ...files,
        createdById: userId,
        styleReferences: { create: referenceRows(styleReferences) },
      },
    }),
    deps.db.brandPreset.update({
      where: { id: presetId },
      data: { name: data.name, currentVersion: version },
    }),
  ]);
  return { ...(await getPreset(deps, workspaceId, presetId)), unchanged: false };
}

interface StoredVersion {
  data: Prisma.JsonValue;
  logoFileId: string | null;
  headingFontFileId: string | null;
  bodyFontFileId: string | null;
  styleReferences: { fileId: string; strength: number; position: number }[];
}

function referenceRows(refs: StyleReferenceRef[]) {
  return refs.map((ref, position) => ({ position, fileId: ref.fileId, strength: ref.strength }));
}

function snapshotOf(name: string, v: StoredVersion): VersionSnapshot {
  return {
    data: PresetData.parse({ name, ...(v.data as object) }),
    logoFileId: v.logoFileId,
    headingFontFileId: v.headingFontFileId,
    bodyFontFileId: v.bodyFontFileId,
    styleReferences: [...v.styleReferences]
      .sort((a, b) => a.position - b.position)
      .map((r) => ({ fileId: r.fileId, strength: r.strength })),
  };
}

export async function duplicatePreset(
  deps: Deps,
  workspaceId: string,
  userId: string,
  presetId: string,
): Promise<PresetView> {
  const source = await getPreset(deps, workspaceId, presetId);
  const name = `${source.name} (copy)`.slice(0, 120);
  return createPreset(deps, workspaceId, userId, {
    ...source.data,
    name,
    logoFileId: source.logo?.id ?? null,
    headingFontFileId: source.fontFiles.heading?.id ?? null,
    bodyFontFileId: source.fontFiles.body?.id ?? null,
    styleReferences: source.styleReferences.map((r) => ({ fileId: r.id, strength: r.strength })),
  });
}

export async function setArchived(
  deps: Deps,
  workspaceId: string,
  presetId: string,
  archived: boolean,
): Promise<PresetView> {
  await rowOf(deps.db, workspaceId, presetId);
  await deps.db.brandPreset.update({
    where: { id: presetId },
    data: { archivedAt: archived ? new Date() : null },
  });
  return getPreset(deps, workspaceId, presetId);
}

async function versionsOf(db: Db, workspaceId: string, presetId: string) {
  return db.brandPresetVersion.findMany({
    where: { presetId, workspaceId },
    orderBy: { version: "desc" },
    take: 50,
    include: { styleReferences: true },
  });
}

/** The versions, newest first, each with who saved it and what it changed from the one before. */
export async function listVersions(db: Db, workspaceId: string, presetId: string) {
  const row = await rowOf(db, workspaceId, presetId);
  const rows = await versionsOf(db, workspaceId, presetId);
  const authors = new Map(
    (
      await db.user.findMany({
        where: { id: { in: rows.flatMap((r) => (r.createdById ? [r.createdById] : [])) } },
        select: { id: true, name: true },
      })
    ).map((u) => [u.id, u.name]),
  );
  // Older versions kept their name in data (newer ones too); the row's name is the fallback.
  const snap = (r: (typeof rows)[number]) =>
    snapshotOf((r.data as { name?: string }).name ?? row.name, r);
  return rows.map((r, i) => {
    const previous = rows[i + 1];
    return {
      version: r.version,
      current: r.version === row.currentVersion,
      createdAt: r.createdAt.toISOString(),
      createdById: r.createdById,
      author: r.createdById ? (authors.get(r.createdById) ?? null) : null,
      changes: previous ? presetChanges(snap(previous), snap(r)).map((c) => c.field) : [],
    };
  });
}

async function versionOf(db: Db, workspaceId: string, presetId: string, version: number) {
  const row = await db.brandPresetVersion.findFirst({
    where: { workspaceId, presetId, version },
    include: { styleReferences: true },
  });
  if (!row)
    throw new AppError("NOT_FOUND", `This preset has no version ${version}.`, {
      field: "version",
      messageZh: `此预设没有第 ${version} 版。`,
    });
  return row;
}

/** Two versions side by side: every field that differs, with both values. */
export async function compareVersions(
  db: Db,
  workspaceId: string,
  presetId: string,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: PresetChange[] }> {
  const row = await rowOf(db, workspaceId, presetId);
  const [a, b] = await Promise.all([
    versionOf(db, workspaceId, presetId, from),
    versionOf(db, workspaceId, presetId, to),
  ]);
  const snap = (r: typeof a) => snapshotOf((r.data as { name?: string }).name ?? row.name, r);
  const changes = presetChanges(snap(a), snap(b));
  // File references are ids; people know the files by the names they uploaded.
  const FILE_FIELDS = ["logo", "fontFiles.heading", "fontFiles.body"];
  const ids = [
    ...changes.filter((c) => FILE_FIELDS.includes(c.field)).flatMap((c) => [c.before, c.after]),
    ...[a, b].flatMap((v) => v.styleReferences.map((r) => r.fileId)),
  ].filter(Boolean);
  const names = new Map(
    (
      await db.storedFile.findMany({
        where: { workspaceId, id: { in: ids } },
        select: { id: true, originalName: true },
      })
    ).map((f) => [f.id, f.originalName]),
  );
  const named = (value: string) => names.get(value) ?? value;
  return {
    from,
    to,
    changes: changes.map((c) => {
      if (FILE_FIELDS.includes(c.field))
        return { ...c, before: named(c.before), after: named(c.after) };
      if (c.field === "styleReferences") {
        const list = (v: typeof a) => describeReferences(snap(v).styleReferences, named);
        return { ...c, before: list(a), after: list(b) };
      }
      return c;
    }),
  };
}

/**
 * Restoring is a new version with an old one's content, so history only grows
 * and generations that used any version keep it. Restoring what is already
 * current makes no version.
 */
export async function restoreVersion(
  deps: Deps,
  workspaceId: string,
  userId: string | null,
  presetId: string,
  version: number,
): Promise<PresetView & { unchanged: boolean }> {
  const existing = await rowOf(deps.db, workspaceId, presetId);
  const old = await versionOf(deps.db, workspaceId, presetId, version);
  const snap = snapshotOf((old.data as { name?: string }).name ?? existing.name, old);
  return saveVersion(deps, workspaceId, userId, existing, snap);
}

function toJson(data: PresetData): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue;
}
