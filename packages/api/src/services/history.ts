import type { Db, Prisma } from "@hyperposter/db";
import { AppError, Brief, PosterCopy } from "@hyperposter/domain";
import { z } from "zod";

const GenerationStatus = z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED"], {
  error: "status must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELED.",
});
type GenerationStatus = z.infer<typeof GenerationStatus>;

// The parts of Generation.rephrased history shows; older rows may lack some.
const Rephrased = z.object({ prompt: z.string().optional(), copy: PosterCopy.optional() });

const DateInput = z.iso.date({ error: "must be a date such as 2026-11-25." });

export const HistoryFilter = z
  .object({
    presetId: z.string().min(1).max(40).optional(),
    status: GenerationStatus.optional(),
    /** Inclusive calendar days, UTC. */
    from: DateInput.optional(),
    to: DateInput.optional(),
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
}

/** Every generation of one workspace, newest first, keyset-paginated on (createdAt, id). */
export async function listHistory(
  db: Db,
  workspaceId: string,
  filter: HistoryFilter,
): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  const where: Prisma.GenerationWhereInput = {
    workspaceId,
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
    },
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((row) => {
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
      };
    }),
    nextCursor: rows.length > filter.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** What "same seed again" and "more variations" resubmit: the brief, preset and seed used. */
export async function generationSource(db: Db, workspaceId: string, generationId: string) {
  const row = await db.generation.findFirst({
    where: { id: generationId, workspaceId },
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
