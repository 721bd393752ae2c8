import type { Db } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import type { AssetStorage } from "@hyperposter/jobs";

function notFound(): AppError {
  return new AppError("NOT_FOUND", "This generation does not exist in this workspace.", {
    field: "generationId",
    messageZh: "此工作区中不存在该生成任务。",
  });
}

/** Stars or unstars a generation for the whole team. */
export async function setFavorite(
  db: Db,
  workspaceId: string,
  generationId: string,
  favorite: boolean,
): Promise<{ id: string; favorite: boolean }> {
  const updated = await db.generation.updateMany({
    where: { id: generationId, workspaceId },
    data: { favoritedAt: favorite ? new Date() : null },
  });
  if (updated.count === 0) throw notFound();
  return { id: generationId, favorite };
}

/**
 * Deletes a finished generation with every object stored for it (assets,
 * backgrounds, renditions: everything under its key prefix, and every file
 * row's key in case one lives elsewhere). Credits are not touched: the row
 * itself stays, marked deleted and hidden from every read, because the credit
 * ledger is append-only and its entries point at it; outputs, file rows and
 * review links go. A queued or running one must be canceled first, or the
 * worker would write files after we removed them.
 */
export async function deleteGeneration(
  deps: { db: Db; storage: AssetStorage },
  workspaceId: string,
  generationId: string,
): Promise<{ id: string; deletedFiles: number }> {
  const { db, storage } = deps;
  const row = await db.generation.findFirst({
    where: { id: generationId, workspaceId, deletedAt: null },
    select: { status: true, outputs: { select: { files: { select: { storageKey: true } } } } },
  });
  if (!row) throw notFound();
  if (row.status === "QUEUED" || row.status === "RUNNING")
    throw new AppError(
      "CONFLICT",
      "This generation is still running; cancel it first, then delete it.",
      { field: "generationId", messageZh: "该生成任务仍在进行中，请先取消再删除。" },
    );
  const keys = new Set(row.outputs.flatMap((o) => o.files.map((f) => f.storageKey)));
  // Keys are workspace/generation/…: the trailing slash keeps "abc" from matching "abcd".
  for (const key of await storage.list(`${workspaceId}/${generationId}/`)) keys.add(key);
  // Rows first: if removing objects fails half-way, nothing points at the rest (and a
  // retry of the request answers NOT_FOUND instead of showing a generation with holes).
  await db.$transaction(async (tx) => {
    const marked = await tx.generation.updateMany({
      where: { id: generationId, workspaceId, deletedAt: null, status: row.status },
      data: { deletedAt: new Date(), favoritedAt: null },
    });
    if (marked.count === 0) throw notFound();
    await tx.generationOutput.deleteMany({ where: { generationId } });
    await tx.reviewLink.deleteMany({ where: { generationId } });
  });
  for (const key of keys) await storage.delete(key);
  return { id: generationId, deletedFiles: keys.size };
}
