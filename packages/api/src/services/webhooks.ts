import type { Db } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import { GENERATION_EVENTS, replayDelivery } from "@hyperposter/jobs";
import {
  checkWebhookTarget,
  newWebhookSecret,
  PRODUCTION_POLICY,
  type TargetPolicy,
} from "@hyperposter/webhooks";
import { z } from "zod";

/** Endpoints a workspace may register (each gets every event it subscribes to). */
export const MAX_ENDPOINTS = 10;

export const WebhookEventInput = z.enum(GENERATION_EVENTS, {
  error: `events must be among ${GENERATION_EVENTS.join(", ")}.`,
});

export const CreateEndpointInput = z.object({
  url: z
    .string({ error: "url must be text." })
    .trim()
    .min(1, { error: "url must not be empty." })
    .max(2_000, { error: "url must be at most 2000 characters." }),
  events: z
    .array(WebhookEventInput)
    .min(1, { error: "events must name at least one event." })
    .max(GENERATION_EVENTS.length)
    .default([...GENERATION_EVENTS])
    .transform((events) => [...new Set(events)]),
});

const endpointView = {
  id: true,
  url: true,
  events: true,
  createdAt: true,
  disabledAt: true,
  disabledReason: true,
} as const;

/** Register a receiver; its whsec_ secret is returned here and never again. */
export async function createWebhookEndpoint(
  db: Db,
  workspaceId: string,
  input: z.output<typeof CreateEndpointInput> & { createdById: string },
  policy: TargetPolicy = PRODUCTION_POLICY,
) {
  const check = await checkWebhookTarget(input.url, policy);
  if (!check.ok)
    throw new AppError("BAD_REQUEST", check.message.replace(/^webhook_url/, "url"), {
      field: "url",
      messageZh: check.messageZh.replace(/^webhook_url/, "url"),
    });
  const existing = await db.webhookEndpoint.count({ where: { workspaceId, disabledAt: null } });
  if (existing >= MAX_ENDPOINTS)
    throw new AppError(
      "CONFLICT",
      `This workspace already has ${MAX_ENDPOINTS} webhook endpoints; delete one before adding another.`,
      { messageZh: `此工作区已有 ${MAX_ENDPOINTS} 个 Webhook 端点；请先删除一个再添加。` },
    );
  const secret = newWebhookSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: {
      workspaceId,
      url: check.url.href,
      events: input.events,
      secret,
      createdById: input.createdById,
    },
    select: endpointView,
  });
  return { ...endpoint, secret };
}

export function listWebhookEndpoints(db: Db, workspaceId: string) {
  return db.webhookEndpoint.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: endpointView,
  });
}

function notFound(): AppError {
  return new AppError("NOT_FOUND", "There is no such webhook endpoint in this workspace.", {
    field: "endpointId",
    messageZh: "此工作区中没有这个 Webhook 端点。",
  });
}

/** Deleting an endpoint also drops its pending deliveries (cascade). */
export async function deleteWebhookEndpoint(db: Db, workspaceId: string, endpointId: string) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id: endpointId, workspaceId } });
  if (count === 0) throw notFound();
}

/** The delivery log: newest first, with each attempt's status and latency. */
export async function listWebhookDeliveries(
  db: Db,
  workspaceId: string,
  options: { endpointId?: string; limit: number },
) {
  const rows = await db.webhookDelivery.findMany({
    where: { workspaceId, ...(options.endpointId ? { endpointId: options.endpointId } : {}) },
    orderBy: { createdAt: "desc" },
    take: options.limit,
    select: {
      id: true,
      endpointId: true,
      url: true,
      event: true,
      generationId: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatus: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
      attemptLog: {
        orderBy: { attempt: "asc" },
        select: {
          attempt: true,
          at: true,
          outcome: true,
          httpStatus: true,
          latencyMs: true,
          error: true,
        },
      },
    },
  });
  return rows.map(({ nextAttemptAt, ...row }) => ({
    ...row,
    nextAttemptAt: row.status === "PENDING" ? nextAttemptAt : null,
  }));
}

/** Send a delivery's event again, as a new message with a new webhook-id. */
export async function replayWebhookDelivery(db: Db, workspaceId: string, deliveryId: string) {
  const id = await replayDelivery(db, workspaceId, deliveryId);
  if (!id)
    throw new AppError("NOT_FOUND", "There is no such webhook delivery in this workspace.", {
      field: "deliveryId",
      messageZh: "此工作区中没有这条 Webhook 投递记录。",
    });
  return { id };
}
