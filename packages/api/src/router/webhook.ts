import { z } from "zod";
import {
  CreateEndpointInput,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
} from "../services/webhooks";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const Id = (field: string) =>
  z
    .string({ error: `${field} must be text.` })
    .min(1, { error: `${field} must not be empty.` })
    .max(40, { error: `${field} must be at most 40 characters.` });

/** Webhook endpoints of a workspace: admins and owners only (the secret signs every event). */
export const webhookRouter = createTRPCRouter({
  list: workspaceProcedure("ADMIN").query(({ ctx }) =>
    listWebhookEndpoints(ctx.db, ctx.workspace.id),
  ),

  create: workspaceProcedure("ADMIN")
    .input(CreateEndpointInput)
    .mutation(({ ctx, input }) =>
      createWebhookEndpoint(
        ctx.db,
        ctx.workspace.id,
        { ...input, createdById: ctx.auth.user.id },
        ctx.webhookPolicy,
      ),
    ),

  delete: workspaceProcedure("ADMIN")
    .input(z.object({ endpointId: Id("endpointId") }))
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint(ctx.db, ctx.workspace.id, input.endpointId);
      return { ok: true as const };
    }),

  deliveries: workspaceProcedure("ADMIN")
    .input(
      z.object({
        endpointId: Id("endpointId").optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listWebhookDeliveries(ctx.db, ctx.workspace.id, {
        limit: input.limit,
        ...(input.endpointId ? { endpointId: input.endpointId } : {}),
      }),
    ),

  replay: workspaceProcedure("ADMIN")
    .input(z.object({ deliveryId: Id("deliveryId") }))
    .mutation(({ ctx, input }) =>
      replayWebhookDelivery(ctx.db, ctx.workspace.id, input.deliveryId),
    ),
});
