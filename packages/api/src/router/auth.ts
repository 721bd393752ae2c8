import { SignInInput, SignUpInput, signIn, signUp } from "../services/auth";
import {
  clearedSessionCookie,
  createSession,
  revokeSession,
  sessionCookie,
} from "../services/sessions";
import { listWorkspacesOf } from "../services/workspaces";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";
import type { ApiContext } from "../context";

async function startSession(ctx: ApiContext, userId: string) {
  const session = await createSession(ctx.db, userId, ctx.req);
  ctx.req.setCookie(sessionCookie(session.token, session.expiresAt, ctx.req.secureCookies));
}

export const authRouter = createTRPCRouter({
  /** The signed-in user and their workspaces, or null. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.auth) return null;
    return {
      user: ctx.auth.user,
      workspaces: await listWorkspacesOf(ctx.db, ctx.auth.user.id),
    };
  }),

  signUp: publicProcedure.input(SignUpInput).mutation(async ({ ctx, input }) => {
    const created = await signUp(ctx.db, input, { signupCredits: ctx.signupCredits });
    await startSession(ctx, created.user.id);
    return created;
  }),

  signIn: publicProcedure.input(SignInInput).mutation(async ({ ctx, input }) => {
    const user = await signIn(ctx.db, input, ctx.req);
    await startSession(ctx, user.id);
    return { user, workspaces: await listWorkspacesOf(ctx.db, user.id) };
  }),

  /** Revokes the session row, so the cookie is dead even if it was copied. */
  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    if (ctx.auth.sessionId) await revokeSession(ctx.db, ctx.auth.sessionId);
    ctx.req.setCookie(clearedSessionCookie(ctx.req.secureCookies));
    return { ok: true as const };
  }),
});
