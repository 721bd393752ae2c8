import { randomUUID } from "node:crypto";
import type { Prisma } from "@hyperposter/db";
import { AppError, GenerationProgress } from "@hyperposter/domain";
import { generationCost } from "@hyperposter/billing";
import type { ServiceContext } from "./generations";

/** Why running again with the same seed would not give the same files. */
export interface InputChange {
  code: "preset_changed" | "product_unavailable" | "not_finished";
  message: string;
  messageZh: string;
}

const SOURCE = {
  outputs: { include: { files: true } },
  presetVersion: { include: { preset: true } },
  productPhoto: { include: { product: true } },
} satisfies Prisma.GenerationInclude;
type Source = Prisma.GenerationGetPayload<{ include: typeof SOURCE }>;

export type SameSeedResult =
  | { kind: "reused"; generationId: string; cost: 0 }
  | { kind: "changed"; changes: InputChange[]; cost: number };

/**
 * "Same seed again". Same seed, same inputs, same model give the same pixels,
 * so when nothing changed (the preset is still at the version used, the
 * product photo still in the library, the source finished) the result is a
 * new generation that carries copies of the same files, free of charge and
 * without a job. Otherwise nothing is created and the caller learns what
 * changed and what a new run would cost, to ask before charging.
 *
 * Files are copied, not shared, so deleting either generation with its files
 * leaves the other whole.
 */
export async function sameSeedAgain(
  ctx: ServiceContext,
  input: { workspaceId: string; userId: string | null; generationId: string },
): Promise<SameSeedResult> {
  const source = await ctx.db.generation.findFirst({
    where: { id: input.generationId, workspaceId: input.workspaceId },
    include: SOURCE,
  });
  if (!source)
    throw new AppError("NOT_FOUND", "This generation does not exist in this workspace.", {
      field: "generationId",
      messageZh: "此工作区中不存在该生成任务。",
    });
  const changes = inputChanges(source);
  if (changes.length > 0)
    return {
      kind: "changed",
      changes,
      cost: generationCost(source.formats.length, source.variants),
    };

  const id = randomUUID();
  const from = `${input.workspaceId}/${source.id}/`;
  const to = `${input.workspaceId}/${id}/`;
  const newKey = (key: string) =>
    key.startsWith(from) ? to + key.slice(from.length) : `${to}copied/${key.split("/").pop()}`;
  const files = source.outputs.flatMap((o) => o.files);
  // Objects first: a failure here leaves no row pointing at missing files.
  await Promise.all(
    files.map(async (file) =>
      ctx.storage.put(newKey(file.storageKey), await ctx.storage.get(file.storageKey), file.mime),
    ),
  );
  const now = new Date();
  await ctx.db.$transaction(async (tx) => {
    await tx.generation.create({
      data: {
        id,
        workspaceId: input.workspaceId,
        createdById: input.userId,
        presetVersionId: source.presetVersionId,
        productPhotoId: source.productPhotoId,
        brief: source.brief ?? {},
        seed: source.seed,
        variants: source.variants,
        variantOffset: source.variantOffset,
        formats: source.formats,
        backend: source.backend,
        lane: "INTERACTIVE",
        traceId: randomUUID(),
        status: "SUCCEEDED",
        progress: GenerationProgress.parse({
          stage: "done",
          assetsDone: source.outputs.length,
          assetsTotal: source.outputs.length,
          formatsDone: source.formats,
        }),
        ...(source.rephrased ? { rephrased: source.rephrased } : {}),
        ...(source.productReport ? { productReport: source.productReport } : {}),
        sameAsId: source.id,
        queuedAt: now,
        startedAt: now,
        finishedAt: now,
      },
    });
    for (const output of source.outputs) {
      await tx.generationOutput.create({
        data: {
          workspaceId: input.workspaceId,
          generationId: id,
          variant: output.variant,
          format: output.format,
          status: output.status,
          layout: output.layout ?? {},
          quality: output.quality ?? {},
          passed: output.passed,
          files: {
            create: output.files.map((file) => ({
              workspaceId: input.workspaceId,
              role: file.role,
              encoding: file.encoding,
              mime: file.mime,
              storageKey: newKey(file.storageKey),
              bytes: file.bytes,
              width: file.width,
              height: file.height,
            })),
          },
        },
      });
    }
  });
  return { kind: "reused", generationId: id, cost: 0 };
}

function inputChanges(source: Source): InputChange[] {
  const changes: InputChange[] = [];
  if (source.status !== "SUCCEEDED" || source.outputs.length === 0)
    changes.push({
      code: "not_finished",
      message: "This generation did not finish with its files, so there is nothing to repeat.",
      messageZh: "该生成任务未完成出图，没有可复用的文件。",
    });
  const version = source.presetVersion;
  if (!version || version.preset.archivedAt)
    changes.push({
      code: "preset_changed",
      message: "The brand preset used was deleted.",
      messageZh: "所用的品牌预设已被删除。",
    });
  else if (version.preset.currentVersion !== version.version)
    changes.push({
      code: "preset_changed",
      message: `The preset “${version.preset.name}” changed since: version ${version.version} was used, it is now at version ${version.preset.currentVersion}.`,
      messageZh: `预设“${version.preset.name}”已修改：当时用的是第 ${version.version} 版，现在是第 ${version.preset.currentVersion} 版。`,
    });
  const photo = source.productPhoto;
  if (source.productPhotoId && (!photo || photo.removedAt || photo.product.archivedAt))
    changes.push({
      code: "product_unavailable",
      message: "The product photo used is no longer in the library.",
      messageZh: "所用的产品照片已不在产品库中。",
    });
  return changes;
}
