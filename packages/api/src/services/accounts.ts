import type { Db } from "@hyperposter/db";
import { grantCredits } from "@hyperposter/billing";
import { AppError } from "@hyperposter/domain";
import { z } from "zod";
import { hashPassword, verifyPassword } from "../auth/password";
import {
  deliver,
  passwordResetMail,
  verificationMail,
  type MailLocale,
  type Mailer,
} from "../mail";
import { Email, Password } from "./auth";
import { consumeEmailToken, createEmailToken } from "./email-tokens";
import { takeRateLimit } from "./throttle";

/**
 * Email verification, password reset and password change for local accounts.
 * Every link is a single-use token whose SHA-256 alone is stored
 * (`email-tokens.ts`); sign-up credits wait for the verified address.
 */

export const EmailTokenInput = z.object({
  token: z
    .string({ error: "token must be text." })
    .min(20, { error: "token is not a valid link token." })
    .max(100, { error: "token must be at most 100 characters." }),
});

export const ResetPasswordInput = EmailTokenInput.extend({ password: Password });

export const ChangePasswordInput = z.object({
  currentPassword: z
    .string({ error: "currentPassword must be text." })
    .min(1, { error: "currentPassword must not be empty." })
    .max(200),
  newPassword: Password,
});

export const RequestResetInput = z.object({ email: Email });

/** Resending a verification link: one a minute, five an hour per account. */
export const VERIFY_RESEND_LIMITS = { minIntervalMs: 60 * 1000, perHour: 5 } as const;
/** Reset links: three an hour per address; more requests are answered the same and send nothing. */
export const RESET_LIMITS = { perHour: 3 } as const;

export interface MailContext {
  db: Db;
  mailer?: Mailer | undefined;
  appUrl: string;
  log?: ((line: string) => void) | undefined;
}

const link = (appUrl: string, path: string, token: string) =>
  `${appUrl.replace(/\/$/, "")}${path}?token=${encodeURIComponent(token)}`;

export async function sendVerificationMail(
  ctx: MailContext,
  user: { email: string; name: string },
  token: string,
  locale: MailLocale,
): Promise<boolean> {
  const url = link(ctx.appUrl, "/verify-email", token);
  return deliver(
    ctx.mailer,
    verificationMail(locale, { to: user.email, name: user.name, url }),
    ctx.log,
  );
}

export const NOT_VERIFIED = {
  generate: new AppError(
    "FORBIDDEN",
    "Verify your email address before generating posters: open the link we emailed you, or send a new one from the banner at the top of the page.",
    {
      messageZh:
        "请先验证邮箱再生成海报：打开我们发给你的邮件中的链接，或在页面顶部的提示中重新发送。",
    },
  ),
  workspace: new AppError(
    "FORBIDDEN",
    "Verify your email address before creating another workspace: open the link we emailed you, or send a new one from the banner at the top of the page.",
    {
      field: "name",
      messageZh:
        "请先验证邮箱再创建新的工作区：打开我们发给你的邮件中的链接，或在页面顶部的提示中重新发送。",
    },
  ),
} as const;

export async function isEmailVerified(db: Db, userId: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { emailVerifiedAt: true },
  });
  return Boolean(user?.emailVerifiedAt);
}

/** Throws the given FORBIDDEN sentence unless the user's address is verified. */
export async function requireVerifiedEmail(
  db: Db,
  userId: string,
  error: AppError = NOT_VERIFIED.generate,
): Promise<void> {
  if (!(await isEmailVerified(db, userId))) throw error;
}

/**
 * Opens a verification link: marks the address verified and grants the
 * sign-up workspace its starting credits, once (the ledger's idempotency key
 * `signup:<workspaceId>:grant`), all in one transaction.
 */
export async function verifyEmail(
  db: Db,
  token: string,
  options: { signupCredits: number },
): Promise<{ email: string; creditsGranted: number }> {
  return db.$transaction(async (tx) => {
    const result = await consumeEmailToken(tx, token, "VERIFY_EMAIL");
    if (!result.ok) {
      const user = result.userId
        ? await tx.user.findUnique({ where: { id: result.userId } })
        : null;
      if (result.reason === "used")
        throw new AppError(
          "CONFLICT",
          `This verification link was already used${user?.emailVerifiedAt ? `: ${user.email} is verified` : ""}. Sign in to continue.`,
          {
            field: "token",
            messageZh: `该验证链接已使用过${user?.emailVerifiedAt ? `，${user.email} 已验证` : ""}。请登录继续。`,
          },
        );
      if (result.reason === "expired")
        throw new AppError(
          "BAD_REQUEST",
          "This verification link has expired. Sign in and send a new one from the banner at the top of the page.",
          { field: "token", messageZh: "该验证链接已过期。请登录后在页面顶部的提示中重新发送。" },
        );
      throw new AppError(
        "NOT_FOUND",
        "This verification link is not valid. Check that the whole link was opened, or send a new one.",
        { field: "token", messageZh: "该验证链接无效。请确认打开了完整的链接，或重新发送。" },
      );
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: result.userId } });
    if (!user.emailVerifiedAt)
      await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    let creditsGranted = 0;
    if (result.workspaceId && options.signupCredits > 0) {
      const workspace = await tx.workspace.findUnique({ where: { id: result.workspaceId } });
      if (workspace && !workspace.deletedAt) {
        const granted = await grantCredits(tx, {
          workspaceId: workspace.id,
          amount: options.signupCredits,
          cause: { type: "signup" },
          note: "Starting credits for a new workspace (email verified)",
        });
        if (granted) creditsGranted = options.signupCredits;
      }
    }
    return { email: user.email, creditsGranted };
  });
}

/** A fresh verification link for a signed-in, unverified user, within the resend limits. */
export async function resendVerification(
  ctx: MailContext,
  userId: string,
  locale: MailLocale,
): Promise<{ sentTo: string }> {
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerifiedAt)
    throw new AppError("BAD_REQUEST", `${user.email} is already verified.`, {
      messageZh: `${user.email} 已验证。`,
    });
  const recent = await ctx.db.emailToken.findMany({
    where: {
      userId,
      purpose: "VERIFY_EMAIL",
      createdAt: { gte: new Date(Date.now() - 60 * 60 * 1000) },
    },
    orderBy: { createdAt: "desc" },
  });
  const last = recent[0];
  if (last && Date.now() - last.createdAt.getTime() < VERIFY_RESEND_LIMITS.minIntervalMs)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      "We sent a verification link less than a minute ago. Check your inbox (and spam folder), then try again in a minute.",
      { messageZh: "一分钟内已发送过验证链接。请查看收件箱（及垃圾邮件），一分钟后再试。" },
    );
  if (recent.length >= VERIFY_RESEND_LIMITS.perHour)
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `We already sent ${VERIFY_RESEND_LIMITS.perHour} verification links this hour. Wait an hour, or check that ${user.email} is the right address.`,
      {
        messageZh: `本小时内已发送 ${VERIFY_RESEND_LIMITS.perHour} 封验证邮件。请一小时后再试，或确认 ${user.email} 地址无误。`,
      },
    );
  // The sign-up workspace travels from link to link, so any of them grants its credits.
  const first = await ctx.db.emailToken.findFirst({
    where: { userId, purpose: "VERIFY_EMAIL", workspaceId: { not: null } },
    orderBy: { createdAt: "asc" },
  });
  const token = await createEmailToken(ctx.db, {
    userId,
    purpose: "VERIFY_EMAIL",
    workspaceId: first?.workspaceId ?? null,
  });
  await sendVerificationMail(ctx, user, token, locale);
  return { sentTo: user.email };
}

/**
 * "Forgot password?": answers the same whether or not the address has an
 * account (no enumeration). A reset link goes out only to an existing local
 * account, at most RESET_LIMITS.perHour an hour; further requests are answered
 * the same and send nothing. The mail is sent in the background, so the
 * response time does not depend on whether one was sent.
 */
export async function requestPasswordReset(
  ctx: MailContext,
  email: string,
  options: { locale: MailLocale; clerkEnabled: boolean },
): Promise<{ ok: true; sent: Promise<boolean> }> {
  const user = await ctx.db.user.findUnique({ where: { email } });
  const eligible = user && !(options.clerkEnabled && user.clerkUserId);
  if (!eligible) return { ok: true, sent: Promise.resolve(false) };
  // The shared atomic limiter, so parallel requests cannot mail-bomb an address past the cap;
  // over it the answer stays the same and nothing is sent.
  const withinLimit = await takeRateLimit(ctx.db, `reset:user:${user.id}`, {
    windowMs: 60 * 60 * 1000,
    max: RESET_LIMITS.perHour,
    sentence: "Too many password-reset links were requested for this address this hour.",
    sentenceZh: "本小时内该地址请求的重置链接过多。",
  }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof AppError && error.code === "TOO_MANY_REQUESTS") return false;
      throw error;
    },
  );
  if (!withinLimit) {
    (ctx.log ?? console.log)(`[accounts] reset link for ${email} not sent: hourly limit reached`);
    return { ok: true, sent: Promise.resolve(false) };
  }
  const token = await createEmailToken(ctx.db, { userId: user.id, purpose: "RESET_PASSWORD" });
  const url = link(ctx.appUrl, "/reset-password", token);
  const sent = deliver(
    ctx.mailer,
    passwordResetMail(options.locale, { to: user.email, name: user.name, url }),
    ctx.log,
  );
  return { ok: true, sent };
}

/**
 * Sets a new password from a reset link and signs the user out everywhere.
 * Opening the link proves the mailbox, so an unverified address counts as
 * verified from here on (its sign-up credits still come only from the
 * verification link).
 */
export async function resetPassword(
  db: Db,
  token: string,
  password: string,
): Promise<{ email: string; revoked: number }> {
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const result = await consumeEmailToken(tx, token, "RESET_PASSWORD");
    if (!result.ok)
      throw new AppError(
        result.reason === "unknown" ? "NOT_FOUND" : "BAD_REQUEST",
        result.reason === "used"
          ? "This reset link was already used. Ask for a new one from the sign-in page if you still need it."
          : result.reason === "expired"
            ? "This reset link has expired (links work for 1 hour). Ask for a new one from the sign-in page."
            : "This reset link is not valid. Check that the whole link was opened, or ask for a new one.",
        {
          field: "token",
          messageZh:
            result.reason === "used"
              ? "该重置链接已使用过。如仍需重置，请在登录页重新申请。"
              : result.reason === "expired"
                ? "该重置链接已过期（1 小时内有效）。请在登录页重新申请。"
                : "该重置链接无效。请确认打开了完整的链接，或重新申请。",
        },
      );
    const user = await tx.user.update({
      where: { id: result.userId },
      data: { passwordHash },
    });
    // Other reset links of this user die with this one.
    await tx.emailToken.updateMany({
      where: { userId: user.id, purpose: "RESET_PASSWORD", usedAt: null },
      data: { usedAt: new Date() },
    });
    // Every session ends, as revokeAllSessions does, inside this transaction.
    const { count: revoked } = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return { email: user.email, revoked };
  });
}

/** Changes the password after checking the current one; every other session of the user ends. */
export async function changePassword(
  db: Db,
  user: { id: string; sessionId: string | null },
  input: z.infer<typeof ChangePasswordInput>,
): Promise<{ revoked: number }> {
  if (!user.sessionId)
    throw new AppError(
      "BAD_REQUEST",
      "Your password is managed by Clerk; change it from your Clerk account.",
      { messageZh: "你的密码由 Clerk 管理，请在 Clerk 账户中修改。" },
    );
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  const ok = row.passwordHash
    ? await verifyPassword(input.currentPassword, row.passwordHash)
    : false;
  if (!ok)
    throw new AppError("BAD_REQUEST", "currentPassword is not your current password.", {
      field: "currentPassword",
      messageZh: "当前密码不正确。",
    });
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const { count } = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null, id: { not: user.sessionId! } },
      data: { revokedAt: new Date() },
    });
    return { revoked: count };
  });
}
