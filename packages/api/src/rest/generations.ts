import type { Db } from "@hyperposter/db";
import { type GenerationView, parseInput } from "@hyperposter/domain";
import { checkWebhookTarget, PRODUCTION_POLICY, type TargetPolicy } from "@hyperposter/webhooks";
import type { z } from "zod";
import {
  cancelGeneration,
  createGeneration,
  getGeneration,
  type ServiceContext,
} from "../services/generations";
import { RestError } from "./errors";
import { restProductPhoto } from "./products";
import { CreateGenerationBody, type Generation, type ListGenerationsQuery } from "./schemas";

export interface RestDeps extends ServiceContext {
  /** https://app.example.com/api/v1 */
  apiBase: string;
  webhookPolicy?: TargetPolicy;
}

const lower = (status: GenerationView["status"]) =>
  status.toLowerCase() as z.infer<typeof Generation>["status"];

/** Generations queued ahead of this one, across the service (the queue is shared), plus one. */
async function queuePosition(db: Db, id: string): Promise<number | null> {
  const rows = await db.$queryRaw<{ position: bigint | null }[]>`
    SELECT (SELECT count(*) FROM "Generation" o
            WHERE o.status = 'QUEUED' AND (o."queuedAt", o.id) < (g."queuedAt", g.id)) + 1 AS position
    FROM "Generation" g WHERE g.id = ${id} AND g.status = 'QUEUED'`;
  const position = rows[0]?.position;
  return position === undefined || position === null ? null : Number(position);
}

export async function restGeneration(
  deps: RestDeps,
  workspaceId: string,
  view: GenerationView,
): Promise<z.infer<typeof Generation>> {
  const self = `${deps.apiBase}/generations/${view.id}`;
  const minContrast = (quality: GenerationView["outputs"][number]["quality"]) => {
    const ratios = quality.contrast.map((c) => c.ratio);
    return ratios.length ? Math.min(...ratios) : null;
  };
  return {
    id: view.id,
    object: "generation",
    status: lower(view.status),
    created_at: view.createdAt,
    started_at: view.startedAt,
    finished_at: view.finishedAt,
    queue_position: view.status === "QUEUED" ? await queuePosition(deps.db, view.id) : null,
    progress: {
      stage: view.progress.stage,
      message: view.progress.message,
      step: view.progress.step ?? null,
      total_steps: view.progress.totalSteps ?? null,
      assets_done: view.progress.assetsDone,
      assets_total: view.progress.assetsTotal,
      formats_done: view.progress.formatsDone,
    },
    seed: view.seed,
    variants: view.variants,
    formats: view.formats,
    cost: view.cost,
    copy: view.rephrased
      ? {
          headline: view.rephrased.copy.headline,
          subline: view.rephrased.copy.subline ?? null,
          cta: view.rephrased.copy.cta,
        }
      : null,
    prompts: view.rephrased
      ? { prompt: view.rephrased.prompt, negative_prompt: view.rephrased.negativePrompt }
      : null,
    assets: view.outputs.map((output) => ({
      id: output.id,
      format: output.format,
      variant: output.variant,
      passed: output.passed,
      quality: {
        passed: output.quality.passed,
        reasons: output.quality.reasons,
        min_contrast: minContrast(output.quality),
        ocr_read_back: output.quality.ocr.skipped ? null : output.quality.ocr.share,
      },
      files: output.files
        .filter((file) => file.role === "ASSET")
        .map((file) => ({
          encoding: file.encoding,
          mime: file.mime,
          bytes: file.bytes,
          width: file.width,
          height: file.height,
          url: file.url,
        })),
    })),
    urls_expire_at: view.urlsExpireAt,
    error: view.error,
    passthrough: view.passthrough,
    product: view.product
      ? {
          id: view.product.productId,
          photo_id: view.product.photoId,
          name: view.product.name,
          cutout: view.product.report
            ? {
                method: view.product.report.method,
                confidence: view.product.report.confidence,
                colors: view.product.report.colors,
              }
            : null,
        }
      : null,
    status_url: self,
    cancel_url: self,
  };
}

export async function submitGeneration(
  deps: RestDeps,
  principal: { workspaceId: string; keyId: string },
  body: unknown,
) {
  const input = parseInput(CreateGenerationBody, body);
  if (input.webhook_url !== undefined) {
    const check = await checkWebhookTarget(
      input.webhook_url,
      deps.webhookPolicy ?? PRODUCTION_POLICY,
    );
    if (!check.ok)
      throw new RestError(400, "invalid_webhook_url", check.message, {
        field: "webhook_url",
        messageZh: check.messageZh,
      });
  }
  const productPhotoId = await restProductPhoto(deps, principal.workspaceId, input);
  const accepted = await createGeneration(deps, {
    workspaceId: principal.workspaceId,
    userId: null,
    brief: input.brief,
    presetId: input.preset_id,
    productPhotoId,
    productPhotoField: input.product_id ? "product_id" : "product_photo_id",
    variants: input.variants,
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    lane: "BATCH",
    api: {
      keyId: principal.keyId,
      webhookUrl: input.webhook_url ?? null,
      passthrough: input.passthrough ?? null,
    },
  });
  const self = `${deps.apiBase}/generations/${accepted.generationId}`;
  return {
    id: accepted.generationId,
    object: "generation" as const,
    status: "queued" as const,
    cost: accepted.cost,
    status_url: self,
    cancel_url: self,
  };
}

export async function readGeneration(deps: RestDeps, workspaceId: string, id: string) {
  return restGeneration(deps, workspaceId, await getGeneration(deps, workspaceId, id));
}

export async function cancelRestGeneration(deps: RestDeps, workspaceId: string, id: string) {
  return restGeneration(deps, workspaceId, await cancelGeneration(deps, workspaceId, id));
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const [at, id] = text.split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()))
    throw new RestError(
      400,
      "invalid_cursor",
      "cursor is not one this API returned; start without it.",
      {
        field: "cursor",
        messageZh: "cursor 不是本 API 返回的值；请不带它重新开始。",
      },
    );
  return { createdAt, id };
}

/** Newest first; `next_cursor` continues after the last one returned. */
export async function listRestGenerations(
  deps: RestDeps,
  workspaceId: string,
  query: z.infer<typeof ListGenerationsQuery>,
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await deps.db.generation.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      ...(query.status ? { status: query.status.toUpperCase() as GenerationView["status"] } : {}),
      createdAt: {
        ...(query.created_after ? { gte: new Date(query.created_after) } : {}),
        ...(query.created_before ? { lt: new Date(query.created_before) } : {}),
      },
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: { id: true, createdAt: true },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const data = [];
  for (const row of page) data.push(await readGeneration(deps, workspaceId, row.id));
  return {
    object: "list" as const,
    data,
    next_cursor:
      rows.length > query.limit && last
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}
