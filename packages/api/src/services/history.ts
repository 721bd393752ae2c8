import { Prisma, type Db } from "@hyperposter/db";
import { AppError, Brief, displayFile, PosterCopy } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";
import { z } from "zod";
import { reviewSummaries, type ReviewSummary } from "./review-links";

const GenerationStatus = z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"], {
  error: "status must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELED.",
});
type GenerationStatus = z.infer<typeof GenerationStatus>;

// The parts of Generation.rephrased history shows; older rows may lack some.
const Rephrased = z.object({ prompt: z.string().optional(), copy: PosterCopy.optional() });

export const HISTORY_SEARCH_MAX = 100;
/** Matching ids looked at per search, newest first: beyond that, narrow the words or the dates. */
const SEARCH_CAP = 2000;

const DateInput = z.iso.date({ error: "must be a date such as 2026-11-25." });

export const HistoryFilter = z
  .object({
    presetId: z.string().min(1).max(40).optional(),
    status: GenerationStatus.optional(),
    /** Inclusive calendar days, UTC. */
    from: DateInput.optional(),
    to: DateInput.optional(),
    /** Words from the product or the copy (brief or generated), any case, Chinese included. */
    q: z
      .string()
      .trim()
      .max(HISTORY_SEARCH_MAX, { error: `q must be at most ${HISTORY_SEARCH_MAX} characters.` })
      .optional(),
    /** Only starred generations. */
    favorites: z.boolean().optional(),
    cursor: z.string().min(1).max(40).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ["to"],
    error: "to must be on or after from; swap the two dates.",
    params: { code: "date_order" },
  });
export type HistoryFilter = z.infer<typeof HistoryFilter>;

export interface HistoryItem {
  id: string;
  status: GenerationStatus;
  createdAt: string;
  finishedAt: string | null;
  seed: number;
  variants: number;
  formats: string[];
  preset: { id: string; name: string; version: number } | null;
  brief: Brief | null;
  prompt: string | null;
  copy: PosterCopy | null;
  outputs: number;
  errorMessage: string | null;
  favorite: boolean;
  /** The first asset's preview (a signed URL), if any. */
  thumbnail: { url: string; width: number; height: number } | null;
  /** The product photo's cut-out the generation drew, if it used one. */
  product: { name: string; cutoutUrl: string } | null;
  review: ReviewSummary | null;
}

/** `%`, `_` and `\\` typed by the user match themselves, not any character. */
function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Ids of the workspace's generations whose product or copy contains `q`.
 * ILIKE over the JSON values, not a tsvector: PostgreSQL's text search splits
 * words on spaces, and Chinese has none, so "乌龙" would never match
 * "桂花乌龙茶"; a substring match works for both languages. The
 * (workspaceId, createdAt) index bounds the rows scanned to one workspace.
 */
async function searchIds(db: Db, workspaceId: string, q: string): Promise<string[]> {
  const pattern = likePattern(q);
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT g.id FROM "Generation" g
    WHERE g."workspaceId" = ${workspaceId} AND (
      EXISTS (
        SELECT 1 FROM jsonb_each_text(CASE WHEN jsonb_typeof(g.brief) = 'object' THEN g.brief ELSE '{}'::jsonb END) b
        WHERE b.key IN ('product', 'offer', 'headline', 'subline', 'cta') AND b.value ILIKE ${pattern}
      )
      OR EXISTS (
        SELECT 1 FROM jsonb_each_text(CASE WHEN jsonb_typeof(g.rephrased->'copy') = 'object' THEN g.rephrased->'copy' ELSE '{}'::jsonb END) c
        WHERE c.value ILIKE ${pattern}
      )
      OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(g.rephrased->'copyCandidates') = 'array' THEN g.rephrased->'copyCandidates' ELSE '[]'::jsonb END) cand,
          jsonb_each_text(CASE WHEN jsonb_typeof(cand) = 'object' THEN cand ELSE '{}'::jsonb END) c
        WHERE c.value ILIKE ${pattern}
      )
    )
    ORDER BY g."createdAt" DESC
    LIMIT ${SEARCH_CAP}`);
  return rows.map((r) => r.id);
}

export interface HistoryDeps {
  db: Db;
  storage: AssetStorage;
  assetUrlTtlSeconds: number;
}

/** Every generation of one workspace, newest first, keyset-paginated on (createdAt, id). */
export async function listHistory(
  deps: HistoryDeps,
  workspaceId: string,
  filter: HistoryFilter,
): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  const { db } = deps;
  const q = filter.q?.trim();
  const ids = q ? await searchIds(db, workspaceId, q) : null;
  const where: Prisma.GenerationWhereInput = {
    workspaceId,
    deletedAt: null,
    ...(ids ? { id: { in: ids } } : {}),
    ...(filter.favorites ? { favoritedAt: { not: null } } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.presetId ? { presetVersion: { presetId: filter.presetId } } : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to
              ? { lt: new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) }
              : {}),
          },
        }
      : {}),
  };
  const rows = await db.generation.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    // A cursor from another workspace matches nothing in `where`, so it cannot leak rows.
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    include: {
      presetVersion: { select: { version: true, preset: { select: { id: true, name: true } } } },
      _count: { select: { outputs: true } },
      outputs: {
        where: { status: "SUCCEEDED" },
        orderBy: [{ variant: "asc" }, { createdAt: "asc" }],
        take: 1,
        include: { files: { where: { role: { in: ["ASSET", "THUMBNAIL", "PREVIEW"] } } } },
      },
      productPhoto: {
        select: {
          cutoutFile: { select: { storageKey: true } },
          product: { select: { name: true } },
        },
      },
    },
  });
  const page = rows.slice(0, filter.limit);
  const ttl = deps.assetUrlTtlSeconds;
  const reviews = await reviewSummaries(
    db,
    page.map((r) => r.id),
  );
  return {
    items: await Promise.all(
      page.map(async (row) => {
        const preview = displayFile(row.outputs[0]?.files ?? [], "THUMBNAIL");
        const photo = row.productPhoto;
        const brief = Brief.safeParse(row.brief);
        const rephrased = Rephrased.safeParse(row.rephrased ?? {});
        return {
          id: row.id,
          status: row.status,
          createdAt: row.createdAt.toISOString(),
          finishedAt: row.finishedAt?.toISOString() ?? null,
          seed: Number(row.seed),
          variants: row.variants,
          formats: row.formats,
          preset: row.presetVersion
            ? {
                id: row.presetVersion.preset.id,
                name: row.presetVersion.preset.name,
                version: row.presetVersion.version,
              }
            : null,
          brief: brief.success ? brief.data : null,
          prompt: rephrased.success ? (rephrased.data.prompt ?? null) : null,
          copy: rephrased.success ? (rephrased.data.copy ?? null) : null,
          outputs: row._count.outputs,
          errorMessage: row.errorMessage,
          favorite: row.favoritedAt !== null,
          thumbnail: preview
            ? {
                url: await deps.storage.presignGet(preview.storageKey, ttl, undefined, {
                  contentType: preview.mime,
                  inline: true,
                }),
                width: preview.width,
                height: preview.height,
              }
            : null,
          product: photo
            ? {
                name: photo.product.name,
                cutoutUrl: await deps.storage.presignGet(
                  photo.cutoutFile.storageKey,
                  ttl,
                  undefined,
                  {
                    contentType: "image/png",
                    inline: true,
                  },
                ),
              }
            : null,
          review: reviews.get(row.id) ?? null,
        };
      }),
    ),
    nextCursor: rows.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** What "same seed again" and "more variations" resubmit: the brief, preset and seed used. */
export async function generationSource(db: Db, workspaceId: string, generationId: string) {
  const row = await db.generation.findFirst({
    where: { id: generationId, workspaceId, deletedAt: null },
    select: {
      brief: true,
      seed: true,
      variants: true,
      presetVersion: {
        select: { presetId: true, version: true, preset: { select: { name: true } } },
      },
      productPhoto: {
        select: { id: true, removedAt: true, product: { select: { archivedAt: true } } },
      },
    },
  });
  if (!row)
    throw new AppError("NOT_FOUND", "This generation does not exist in this workspace.", {
      field: "generationId",
      messageZh: "此工作区中不存在该生成任务。",
    });
  const brief = Brief.safeParse(row.brief);
  return {
    brief: brief.success ? brief.data : null,
    seed: Number(row.seed),
    variants: row.variants,
    preset: row.presetVersion
      ? {
          id: row.presetVersion.presetId,
          name: row.presetVersion.preset.name,
          version: row.presetVersion.version,
        }
      : null,
    // A rerun carries the product photo while it is still in the library.
    productPhotoId:
      row.productPhoto && !row.productPhoto.removedAt && !row.productPhoto.product.archivedAt
        ? row.productPhoto.id
        : null,
  };
}
