import { randomInt, randomUUID } from "node:crypto";
import type {
  Db,
  Generation,
  GenerationOutput,
  OutputFile,
  Product,
  ProductPhoto,
} from "@hyperposter/db";
import {
  AppError,
  Brief,
  type Encoding,
  type FormatName,
  GenerationProgress,
  type GenerationView,
  MAX_SEED,
  parseInput,
  PriorityLane,
  ProductReport,
  Rephrased,
  type PosterLayout,
  type QualityResult,
  SeedInput,
  variantCopy,
} from "@hyperposter/domain";
import {
  assertCanSubmit,
  generationCost,
  holdCredits,
  InsufficientCredits,
  lockWorkspace,
  outOfCredits,
  releaseOutstanding,
} from "@hyperposter/billing";
import { type AssetStorage, enqueueJob } from "@hyperposter/jobs";
import { z } from "zod";
import { usableProductPhoto } from "./products";
import { QUEUED_TX } from "./queued-tx";

export interface ServiceContext {
  db: Db;
  storage: AssetStorage;
  assetUrlTtlSeconds: number;
  /** Dispatch the outbox right after commit (the web app passes one) for low latency. */
  nudge?: () => void;
}

export interface CreateGenerationInput {
  workspaceId: string;
  userId: string | null;
  /** Validated here with the domain Brief schema. */
  brief: unknown;
  presetId: string;
  /** A library product photo put into every asset (its cut-out must be confident or confirmed). */
  productPhotoId?: string | null;
  /** How the caller's request names that field (REST: product_photo_id / product_id). */
  productPhotoField?: string;
  seed?: number;
  variants: number;
  lane?: "INTERACTIVE" | "BATCH";
  /**
   * "More variations" of this generation (same workspace): the new variants
   * continue its series, so they carry copy candidates it did not use.
   */
  moreOf?: string;
  /** Carried into logs and the job message; one is made when omitted. */
  traceId?: string;
  /** Set by the REST API: the key that asked, and its request's webhook_url and passthrough. */
  api?: { keyId: string; webhookUrl: string | null; passthrough: string | null };
}

/** Variants and seed as every edge takes them (tRPC here, REST in rest/schemas.ts). */
export const VariantsInput = z
  .number({ error: "variants must be a number from 1 to 4." })
  .int({ error: "variants must be a whole number from 1 to 4." })
  .min(1, { error: "variants must be at least 1." })
  .max(4, { error: "variants must be at most 4." });
export { SeedInput };

const Options = z.object({
  variants: VariantsInput,
  seed: SeedInput.optional(),
  lane: PriorityLane.optional(),
  presetId: z.string({ error: "presetId must be text." }).min(1).max(64),
});

/**
 * Accept a generation: the row (QUEUED), the credit hold and the outbox
 * message are written in one transaction, so an accepted generation always
 * has its job on the way, and a refused one leaves nothing behind. Returns at
 * once even when the queue is unreachable: the dispatcher sends it later.
 */
export async function createGeneration(
  ctx: ServiceContext,
  input: CreateGenerationInput,
): Promise<{ generationId: string; cost: number }> {
  const brief = parseInput(Brief, input.brief, "brief");
  const options = parseInput(Options, {
    variants: input.variants,
    seed: input.seed,
    lane: input.lane,
    presetId: input.presetId,
  });
  const preset = await ctx.db.brandPreset.findFirst({
    where: { id: options.presetId, workspaceId: input.workspaceId, archivedAt: null },
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  const version =
    preset?.versions.find((v) => v.version === preset.currentVersion) ?? preset?.versions[0];
  if (!preset || !version)
    throw new AppError("NOT_FOUND", "This brand preset does not exist in this workspace.", {
      field: "presetId",
      messageZh: "此工作区中不存在该品牌预设。",
    });
  const productPhoto = input.productPhotoId
    ? await usableProductPhoto(
        ctx.db,
        input.workspaceId,
        input.productPhotoId,
        input.productPhotoField ?? "productPhotoId",
      )
    : null;
  const variantOffset = input.moreOf ? await seriesEnd(ctx.db, input.workspaceId, input.moreOf) : 0;
  const cost = generationCost(brief.formats.length, options.variants);
  const traceId = input.traceId ?? randomUUID();
  const lane = options.lane ?? "INTERACTIVE";
  const generationId = await ctx.db.$transaction(async (tx) => {
    if (!(await lockWorkspace(tx, input.workspaceId)))
      throw new AppError("NOT_FOUND", "This workspace does not exist.", { field: "workspaceId" });
    await assertCanSubmit(tx, input.workspaceId, { variants: options.variants });
    const generation = await tx.generation.create({
      data: {
        workspaceId: input.workspaceId,
        createdById: input.userId,
        presetVersionId: version.id,
        productPhotoId: productPhoto?.id ?? null,
        brief,
        seed: options.seed ?? randomInt(0, MAX_SEED + 1),
        variants: options.variants,
        variantOffset,
        formats: brief.formats,
        backend: "pending",
        lane,
        traceId,
        progress: GenerationProgress.parse({ stage: "queued", assetsTotal: cost }),
        ...(input.api
          ? {
              apiKeyId: input.api.keyId,
              webhookUrl: input.api.webhookUrl,
              passthrough: input.api.passthrough,
            }
          : {}),
      },
    });
    try {
      await holdCredits(tx, {
        workspaceId: input.workspaceId,
        generationId: generation.id,
        amount: cost,
      });
    } catch (error) {
      if (error instanceof InsufficientCredits) {
        const { slug } = await tx.workspace.findUniqueOrThrow({
          where: { id: input.workspaceId },
          select: { slug: true },
        });
        throw outOfCredits(slug, cost, error.balance);
      }
      throw error;
    }
    await enqueueJob(tx, {
      v: 1,
      generationId: generation.id,
      workspaceId: input.workspaceId,
      lane,
      traceId,
    });
    return generation.id;
  }, QUEUED_TX);
  ctx.nudge?.();
  return { generationId, cost };
}

/** Where the next variant of `generationId`'s series counts from. */
async function seriesEnd(db: Db, workspaceId: string, generationId: string): Promise<number> {
  const source = await db.generation.findFirst({
    where: { id: generationId, workspaceId },
    select: { variantOffset: true, variants: true },
  });
  if (!source)
    throw new AppError("NOT_FOUND", "This generation does not exist in this workspace.", {
      field: "moreOf",
      messageZh: "此工作区中不存在该生成任务。",
    });
  return source.variantOffset + source.variants;
}

export async function getGeneration(
  ctx: ServiceContext,
  workspaceId: string,
  generationId: string,
): Promise<GenerationView> {
  const generation = await ctx.db.generation.findFirst({
    where: { id: generationId, workspaceId, deletedAt: null },
    include: {
      outputs: { include: { files: true }, orderBy: [{ format: "asc" }, { variant: "asc" }] },
      productPhoto: { include: { product: true } },
    },
  });
  if (!generation) throw notFound();
  return toView(ctx, generation);
}

/**
 * Cancel: a QUEUED generation never starts; a RUNNING one stops at its next
 * stage (the worker's writes are fenced on RUNNING). What is still held is
 * released now; assets already delivered stay charged. Finished ones are
 * returned unchanged.
 */
export async function cancelGeneration(
  ctx: ServiceContext,
  workspaceId: string,
  generationId: string,
): Promise<GenerationView> {
  await ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text AS status FROM "Generation"
      WHERE id = ${generationId} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    const status = rows[0]?.status;
    if (!status) throw notFound();
    if (status !== "QUEUED" && status !== "RUNNING") return;
    const now = new Date();
    await tx.generation.update({
      where: { id: generationId },
      data: {
        status: "CANCELED",
        canceledAt: now,
        finishedAt: now,
        leaseExpiresAt: null,
        errorCode: "CANCELED",
        errorMessage: "This generation was canceled; unused credits were returned.",
      },
    });
    await releaseOutstanding(tx, { workspaceId, generationId, reason: "Canceled" });
  });
  return getGeneration(ctx, workspaceId, generationId);
}

function notFound(): AppError {
  return new AppError("NOT_FOUND", "This generation does not exist in this workspace.", {
    field: "generationId",
    messageZh: "此工作区中不存在该生成任务。",
  });
}

type GenerationWithOutputs = Generation & {
  outputs: (GenerationOutput & { files: OutputFile[] })[];
  productPhoto: (ProductPhoto & { product: Product }) | null;
};

async function toView(ctx: ServiceContext, g: GenerationWithOutputs): Promise<GenerationView> {
  const ttl = ctx.assetUrlTtlSeconds;
  const progress = GenerationProgress.safeParse(g.progress);
  const rephrased = g.rephrased ? Rephrased.safeParse(g.rephrased) : undefined;
  const outputs = await Promise.all(
    g.outputs.map(async (output) => ({
      id: output.id,
      variant: output.variant,
      format: output.format as FormatName,
      status: output.status,
      passed: output.passed,
      layout: output.layout as PosterLayout,
      quality: output.quality as QualityResult,
      version: output.currentVersion,
      files: await Promise.all(
        output.files.map(async (file) => ({
          role: file.role,
          encoding: file.encoding.toLowerCase() as Encoding,
          mime: file.mime,
          bytes: file.bytes,
          width: file.width,
          height: file.height,
          url: await ctx.storage.presignGet(file.storageKey, ttl),
        })),
      ),
    })),
  );
  return {
    id: g.id,
    workspaceId: g.workspaceId,
    status: g.status,
    lane: g.lane,
    seed: Number(g.seed),
    variants: g.variants,
    variantOffset: g.variantOffset,
    formats: g.formats as FormatName[],
    cost: generationCost(g.formats.length, g.variants),
    attempts: g.attempts,
    progress: progress.success ? progress.data : GenerationProgress.parse({ stage: "queued" }),
    rephrased: rephrased?.success
      ? {
          prompt: rephrased.data.prompt,
          negativePrompt: rephrased.data.negativePrompt,
          copy: rephrased.data.copy,
          variantCopies: Array.from({ length: g.variants }, (_, v) =>
            variantCopy(rephrased.data, g.variantOffset + v),
          ),
          warnings: rephrased.data.warnings,
          ...(rephrased.data.kind ? { kind: rephrased.data.kind } : {}),
        }
      : null,
    error: g.errorCode ? { code: g.errorCode, message: g.errorMessage ?? g.errorCode } : null,
    outputs,
    urlsExpireAt: outputs.length > 0 ? new Date(Date.now() + ttl * 1000).toISOString() : null,
    createdAt: g.createdAt.toISOString(),
    startedAt: g.startedAt?.toISOString() ?? null,
    finishedAt: g.finishedAt?.toISOString() ?? null,
    traceId: g.traceId,
    passthrough: g.passthrough,
    sameAsId: g.sameAsId,
    product: g.productPhoto
      ? {
          productId: g.productPhoto.productId,
          photoId: g.productPhoto.id,
          name: g.productPhoto.product.name,
          report: g.productReport ? (ProductReport.safeParse(g.productReport).data ?? null) : null,
        }
      : null,
  };
}
