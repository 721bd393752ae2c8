import { z } from "zod";
import {
  apiWebhookSecret,
  CreateApiKeyInput,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "../services/api-keys";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

/** REST API keys of a workspace: owners and admins create, list and revoke them. */
export const apiKeyRouter = createTRPCRouter({
  list: workspaceProcedure("ADMIN").query(({ ctx }) => listApiKeys(ctx.db, ctx.workspace.id)),

  create: workspaceProcedure("ADMIN")
    .input(CreateApiKeyInput)
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.db, ctx.workspace.id, { ...input, createdById: ctx.auth.user.id }),
    ),

  revoke: workspaceProcedure("ADMIN")
    .input(
      z.object({
        keyId: z
          .string({ error: "keyId must be text." })
          .min(1, { error: "keyId must not be empty." })
          .max(40, { error: "keyId must be at most 40 characters." }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.db, ctx.workspace.id, input.keyId);
      return { ok: true as const };
    }),

  /** The secret that signs webhooks to a request's own webhook_url. */
  webhookSecret: workspaceProcedure("ADMIN").query(async ({ ctx }) => ({
    secret: await apiWebhookSecret(ctx.db, ctx.workspace.id),
  })),

  rotateWebhookSecret: workspaceProcedure("ADMIN").mutation(async ({ ctx }) => ({
    secret: await apiWebhookSecret(ctx.db, ctx.workspace.id, true),
  })),
});
