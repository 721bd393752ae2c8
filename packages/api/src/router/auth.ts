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
import {
  ChangePasswordInput,
  EmailTokenInput,
  RequestResetInput,
  ResetPasswordInput,
  changePassword,
  isEmailVerified,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  sendVerificationMail,
  verifyEmail,
} from "../services/accounts";
import { mailLocale } from "../mail";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";
import { LOCALE_COOKIE, type ApiContext } from "../context";

const localeOf = (ctx: ApiContext) => mailLocale(ctx.req.cookies[LOCALE_COOKIE]);

async function startSession(ctx: ApiContext, userId: string) {
  const session = await createSession(ctx.db, userId, ctx.req);
  ctx.req.setCookie(sessionCookie(session.token, session.expiresAt, ctx.req.secureCookies));
}

export const authRouter = createTRPCRouter({
  /** Remembers the UI language on the account, so it follows the person to other devices. */
  setLocale: protectedProcedure
    .input(z.object({ locale: z.enum(["en", "zh"]) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.user.update({ where: { id: ctx.auth.user.id }, data: { locale: input.locale } });
      return { locale: input.locale };
    }),

  /** The signed-in user and their workspaces, or null. */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.auth) return null;
    const [workspaces, emailVerified] = await Promise.all([
      listWorkspacesOf(ctx.db, ctx.auth.user.id),
      isEmailVerified(ctx.db, ctx.auth.user.id),
    ]);
    return {
      user: ctx.auth.user,
      emailVerified,
      /** Local accounts (a session row) can change their password here; Clerk's cannot. */
      passwordManagedBy: ctx.auth.sessionId ? ("local" as const) : ("clerk" as const),
      workspaces,
    };
  }),

  /** The account, its first workspace and a verification mail; credits wait for the verified address. */
  signUp: publicProcedure.input(SignUpInput).mutation(async ({ ctx, input }) => {
    await throttleSignUp(ctx.db, ctx.req.ip);
    const { verificationToken, ...created } = await signUp(ctx.db, input);
    await startSession(ctx, created.user.id);
    const emailed = await sendVerificationMail(ctx, created.user, verificationToken, localeOf(ctx));
    return { ...created, emailVerified: false, verificationEmailSent: emailed };
  }),

  /** Opens the emailed link: the address is verified and the sign-up workspace gets its credits, once. */
  verifyEmail: publicProcedure
    .input(EmailTokenInput)
    .mutation(({ ctx, input }) =>
      verifyEmail(ctx.db, input.token, { signupCredits: ctx.signupCredits }),
    ),

  /** A new verification link for the signed-in user (rate-limited). */
  resendVerification: protectedProcedure.mutation(({ ctx }) =>
    resendVerification(ctx, ctx.auth.user.id, localeOf(ctx)),
  ),

  /** "Forgot password?": the same answer whether or not the address has an account. */
  requestPasswordReset: publicProcedure
    .input(RequestResetInput)
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx, input.email, {
        locale: localeOf(ctx),
        clerkEnabled: Boolean(ctx.clerk),
      });
      return { ok: true as const };
    }),

  /** Sets a new password from a reset link; every session of the user ends. */
  resetPassword: publicProcedure.input(ResetPasswordInput).mutation(async ({ ctx, input }) => {
    const { email } = await resetPassword(ctx.db, input.token, input.password);
    return { email };
  }),

  /** Needs the current password; every other session of the user ends, this one stays. */
  changePassword: protectedProcedure
    .input(ChangePasswordInput)
    .mutation(({ ctx, input }) =>
      changePassword(ctx.db, { id: ctx.auth.user.id, sessionId: ctx.auth.sessionId }, input),
    ),

  signIn: publicProcedure.input(SignInInput).mutation(async ({ ctx, input }) => {
    const user = await signIn(ctx.db, input, { ip: ctx.req.ip, clerkEnabled: Boolean(ctx.clerk) });
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
