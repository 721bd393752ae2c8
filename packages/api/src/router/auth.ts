import { SignInInput, SignUpInput, signIn, signUp } from "../services/auth";
import { AppError } from "@hyperposter/domain";
import { z } from "zod";
import {
  clearedSessionCookie,
  createSession,
  listSessions,
  revokeAllSessions,
  revokeSession,
  revokeSessionOf,
  sessionCookie,
} from "../services/sessions";
import { throttleSignUp } from "../services/throttle";
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
    await throttleSignUp(ctx.db, ctx.req.ip);
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

  /** Where the user is signed in. With Clerk, Clerk keeps the sessions and the list is its job. */
  sessions: protectedProcedure.query(async ({ ctx }) => ({
    managedBy: ctx.auth.sessionId ? ("local" as const) : ("clerk" as const),
    sessions: ctx.auth.sessionId
      ? await listSessions(ctx.db, ctx.auth.user.id, ctx.auth.sessionId)
      : [],
  })),

  /** Signs one of the user's other devices out. */
  revokeSession: protectedProcedure
    .input(
      z.object({
        sessionId: z.string({ error: "sessionId must be text." }).min(1).max(40, {
          error: "sessionId must be at most 40 characters.",
        }),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await revokeSessionOf(ctx.db, ctx.auth.user.id, input.sessionId);
      if (input.sessionId === ctx.auth.sessionId)
        ctx.req.setCookie(clearedSessionCookie(ctx.req.secureCookies));
      return { ok: true as const };
    }),

  /** Ends every session of the user, this one included: a lost laptop or a shared password. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    if (!ctx.auth.sessionId)
      throw new AppError(
        "BAD_REQUEST",
        "Your sessions are managed by Clerk; sign out of other devices from your Clerk account.",
        { messageZh: "你的登录会话由 Clerk 管理，请在 Clerk 账户中退出其他设备。" },
      );
    const revoked = await revokeAllSessions(ctx.db, ctx.auth.user.id);
    ctx.req.setCookie(clearedSessionCookie(ctx.req.secureCookies));
    return { revoked };
  }),
});
