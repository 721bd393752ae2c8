import type { Db, Prisma } from "@hyperposter/db";
import { AppError, BrandPreset } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { z } from "zod";
import { catalogFont } from "./fonts";
import { logoOf, presignLogo } from "./files";
import { fontOf, fontView, type FontView } from "./font-files";
import { slugify } from "./workspaces";

/** What a version stores: the domain preset without its slug and file references (columns). */
export const PresetData = BrandPreset.omit({ slug: true, logo: true, fontFiles: true });
export type PresetData = z.infer<typeof PresetData>;

const FileId = z.string().min(1).max(40).nullable().default(null);

export const PresetInput = PresetData.extend({
  logoFileId: FileId,
  /** An uploaded font for the role; its family name replaces `fonts.heading`. */
  headingFontFileId: FileId,
  bodyFontFileId: FileId,
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
}

const withCurrent = {
  versions: {
    orderBy: { version: "desc" },
    take: 1,
    include: { logoFile: true, headingFontFile: true, bodyFontFile: true },
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
  };
}

type Resolved = {
  data: PresetData;
  logoFileId: string | null;
  headingFontFileId: string | null;
  bodyFontFileId: string | null;
};

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
  const { logoFileId, headingFontFileId, bodyFontFileId, ...data } = input;
  if (logoFileId) await logoOf(db, workspaceId, logoFileId);
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
  return { data: { ...data, fonts }, logoFileId, headingFontFileId, bodyFontFileId };
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
  const { data, ...files } = await resolveInput(deps.db, workspaceId, input);
  const row = await deps.db.brandPreset.create({
    data: {
      workspaceId,
      slug: await uniqueSlug(deps.db, workspaceId, data.name),
      name: data.name,
      currentVersion: 1,
      versions: {
        create: { workspaceId, version: 1, data: toJson(data), ...files, createdById: userId },
      },
    },
    include: withCurrent,
  });
  return view(deps, row);
}

/** Every edit is a new immutable version; generations keep pointing at the one they used. */
export async function updatePreset(
  deps: Deps,
  workspaceId: string,
  userId: string | null,
  presetId: string,
  input: z.output<typeof PresetInput>,
): Promise<PresetView> {
  const existing = await rowOf(deps.db, workspaceId, presetId);
  const { data, ...files } = await resolveInput(deps.db, workspaceId, input);
  const version = existing.currentVersion + 1;
  await deps.db.$transaction([
    deps.db.brandPresetVersion.create({
      data: { workspaceId, presetId, version, data: toJson(data), ...files, createdById: userId },
    }),
    deps.db.brandPreset.update({
      where: { id: presetId },
      data: { name: data.name, currentVersion: version },
    }),
  ]);
  return getPreset(deps, workspaceId, presetId);
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

export async function listVersions(db: Db, workspaceId: string, presetId: string) {
  await rowOf(db, workspaceId, presetId);
  const rows = await db.brandPresetVersion.findMany({
    where: { presetId, workspaceId },
    orderBy: { version: "desc" },
    take: 50,
    select: { version: true, createdAt: true, createdById: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

function toJson(data: PresetData): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(data)) as Prisma.InputJsonValue;
}
