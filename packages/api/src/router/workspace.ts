import { z } from "zod";
import {
  WorkspaceName,
  createAnotherWorkspace,
  deleteWorkspace,
  listWorkspacesOf,
  renameWorkspace,
} from "../services/workspaces";
import { NOT_VERIFIED, requireVerifiedEmail } from "../services/accounts";
import { createTRPCRouter, protectedProcedure, workspaceProcedure } from "../trpc";

export const workspaceRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listWorkspacesOf(ctx.db, ctx.auth.user.id)),

  /** Each new workspace starts with credits, so it needs a verified address. */
  create: protectedProcedure
    .input(z.object({ name: WorkspaceName }))
    .mutation(async ({ ctx, input }) => {
      await requireVerifiedEmail(ctx.db, ctx.auth.user.id, NOT_VERIFIED.workspace);
      return createAnotherWorkspace(ctx.db, ctx.auth.user.id, input.name, {
        signupCredits: ctx.signupCredits,
      });
    }),

  get: workspaceProcedure("VIEWER").query(({ ctx }) => ctx.workspace),

  rename: workspaceProcedure("ADMIN")
    .input(z.object({ name: WorkspaceName }))
    .mutation(({ ctx, input }) => renameWorkspace(ctx.db, ctx.workspace.id, input.name)),

  delete: workspaceProcedure("OWNER")
    .input(z.object({ confirmSlug: z.string({ error: "confirmSlug must be text." }).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await deleteWorkspace(ctx.db, ctx.workspace, input.confirmSlug);
      return { ok: true as const };
    }),
});
