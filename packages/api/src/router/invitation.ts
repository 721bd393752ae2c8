import { z } from "zod";
import { LOCALE_COOKIE } from "../context";
import { mailLocale } from "../mail";
import { Email } from "../services/auth";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "../services/invitations";
import { RoleInput } from "../services/members";
import { createTRPCRouter, protectedProcedure, publicProcedure, workspaceProcedure } from "../trpc";

/** Any text up to 200 characters: the service says whether the link is whole, used or revoked. */
const Token = z.object({ token: z.string().max(200) });

export const invitationRouter = createTRPCRouter({
  list: workspaceProcedure("ADMIN").query(({ ctx }) => listInvitations(ctx.db, ctx.workspace.id)),

  create: workspaceProcedure("ADMIN")
    .input(z.object({ role: RoleInput, email: Email.nullable().default(null) }))
    .mutation(({ ctx, input }) =>
      createInvitation(
        ctx.db,
        ctx.workspace.id,
        {
          role: input.role,
          email: input.email,
          createdById: ctx.auth.user.id,
          actorRole: ctx.workspace.role,
        },
        {
          appUrl: ctx.appUrl,
          mailer: ctx.mailer,
          locale: mailLocale(ctx.req.cookies[LOCALE_COOKIE]),
          inviterName: ctx.auth.user.name,
          log: ctx.log,
        },
      ),
    ),

  revoke: workspaceProcedure("ADMIN")
    .input(z.object({ invitationId: z.string().min(1).max(40) }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvitation(ctx.db, ctx.workspace.id, input.invitationId);
      return { ok: true as const };
    }),

  preview: publicProcedure
    .input(Token)
    .query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),

  accept: protectedProcedure
    .input(Token)
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, input.token, ctx.auth.user)),
});
