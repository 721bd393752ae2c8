import type { Db } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import { z } from "zod";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "../auth/password";
import { createEmailToken } from "./email-tokens";
import { claimInvitation, usableInvitation } from "./invitations";
import { claimSignInAttempt, markSignInSucceeded } from "./throttle";
import { createWorkspace } from "./workspaces";

export const Email = z
  .string({ error: "email must be text." })
  .trim()
  .toLowerCase()
  .max(254, { error: "email must be at most 254 characters." })
  .pipe(z.email({ error: "email must be an address such as name@company.com." }));

export const Password = z
  .string({ error: "password must be text." })
  .min(10, { error: "password must be at least 10 characters." })
  .max(200, { error: "password must be at most 200 characters." });

export const SignUpInput = z
  .object({
    name: z
      .string({ error: "name must be text." })
      .trim()
      .min(1, { error: "name must not be empty." })
      .max(120, { error: "name must be at most 120 characters." }),
    email: Email,
    password: Password,
    /** Optional with an invitation: the person joins the inviting workspace and needs none of their own. */
    workspaceName: z
      .string({ error: "workspaceName must be text." })
      .trim()
      .min(2, { error: "workspaceName must be at least 2 characters." })
      .max(80, { error: "workspaceName must be at most 80 characters." })
      .optional(),
    /** The token of the invitation link the person arrived from. */
    invitationToken: z.string().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.invitationToken && !input.workspaceName)
      ctx.addIssue({
        code: "custom",
        path: ["workspaceName"],
        message: "workspaceName is required.",
        params: { code: "required" },
      });
  });
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.object({
  email: Email,
  password: z.string({ error: "password must be text." }).min(1, {
    error: "password must not be empty.",
  }),
});

export { SIGN_IN_LIMITS } from "./throttle";

export interface SignedUp {
  user: { id: string; email: string; name: string };
  workspace: { id: string; slug: string; name: string };
  /** The email verification link's token, to be mailed (never returned to the browser). */
  verificationToken: string;
}

/**
 * A new local account and its first workspace. The workspace's starting
 * credits wait for the address to be verified (`verifyEmail`), so a made-up
 * address gets no free credits.
 */
export async function signUp(db: Db, input: SignUpInput): Promise<SignedUp> {
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing)
    throw new AppError("CONFLICT", "email is already registered to an account.", {
      field: "email",
      messageZh: "该邮箱已注册。",
    });
  // From an invitation link: the link is checked before anything is created.
  const invitation = input.invitationToken
    ? await usableInvitation(db, input.invitationToken)
    : null;
  if (invitation?.email && invitation.email.toLowerCase() !== input.email)
    throw new AppError(
      "FORBIDDEN",
      `This invitation is for ${invitation.email}. Sign up with that address to join.`,
      { field: "email", messageZh: `此邀请发给 ${invitation.email}，请用该邮箱注册后加入。` },
    );
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash },
      select: { id: true, email: true, name: true },
    });
    // A workspace of their own only when asked for (always without an invitation).
    const own = input.workspaceName
      ? await createWorkspace(tx, user.id, input.workspaceName, { signupCredits: 0 })
      : null;
    if (invitation) await claimInvitation(tx, invitation, user.id);
    const workspace = invitation
      ? {
          id: invitation.workspace.id,
          slug: invitation.workspace.slug,
          name: invitation.workspace.name,
        }
      : own!;
    // The sign-up credits belong to the person's own workspace, never to the inviting one.
    const verificationToken = await createEmailToken(tx, {
      userId: user.id,
      purpose: "VERIFY_EMAIL",
      workspaceId: own?.id ?? null,
    });
    return { user, workspace, verificationToken };
  });
}

export async function signIn(
  db: Db,
  input: z.infer<typeof SignInInput>,
  meta: { ip: string | null; clerkEnabled?: boolean },
): Promise<{ id: string; email: string; name: string }> {
  // Counted (as a failure) before the password is checked; refused here when a limit is reached.
  const attemptId = await claimSignInAttempt(db, input.email, meta.ip);
  const user = await db.user.findUnique({ where: { email: input.email } });
  // The claimed attempt stays a failure.
  if (user?.clerkUserId && meta.clerkEnabled)
    throw new AppError(
      "FORBIDDEN",
      "This account signs in with Clerk, not with a password here. Use the Clerk sign-in on this page.",
      {
        field: "email",
        messageZh: "该账户通过 Clerk 登录，不能在此用密码登录。请使用本页的 Clerk 登录。",
      },
    );
  // A missing user still costs one scrypt so response time does not reveal who has an account.
  const ok = user?.passwordHash
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyPassword(input.password, dummyHash()).then(() => false);
  if (ok && user) await markSignInSucceeded(db, attemptId);
  if (!ok || !user)
    throw new AppError(
      "UNAUTHORIZED",
      "The email or password is not right. Check both and try again.",
      {
        field: "password",
        messageZh: "邮箱或密码不正确。",
      },
    );
  // A hash made with weaker parameters is re-made now that the password is known;
  // the condition on the old hash keeps a password changed meanwhile untouched.
  if (user.passwordHash && needsRehash(user.passwordHash))
    await db.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: await hashPassword(input.password) },
    });
  return { id: user.id, email: user.email, name: user.name };
}
