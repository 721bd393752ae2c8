import { assertSeatAvailable, lockWorkspace } from "@hyperposter/billing";
import type { Db, Prisma, Role } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import { hashToken, newToken } from "../auth/tokens";
import { deliver, invitationMail, type MailLocale, type Mailer } from "../mail";

type Tx = Prisma.TransactionClient;

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface CreatedInvitation {
  id: string;
  role: Role;
  email: string | null;
  expiresAt: string;
  /** The only time the link exists in clear: shown once, mailed to `email` when set, never stored or logged. */
  url: string;
  /** Whether the link went out by mail (only with an address and a mail server). */
  emailed: boolean;
}

export async function createInvitation(
  db: Db,
  workspaceId: string,
  input: { role: Role; email?: string | null; createdById: string; actorRole: Role },
  options: {
    appUrl: string;
    mailer?: Mailer | undefined;
    /** The inviter's UI language; the mail is written in it. */
    locale: MailLocale;
    inviterName: string;
    log?: ((line: string) => void) | undefined;
  },
): Promise<CreatedInvitation> {
  if ((input.role === "OWNER" || input.role === "ADMIN") && input.actorRole !== "OWNER")
    throw new AppError("FORBIDDEN", "Only an owner can invite an owner or an admin.", {
      field: "role",
      messageZh: "只有所有者可以邀请所有者或管理员。",
    });
  const token = newToken();
  // Under the workspace lock, so two invitations cannot both take the last seat.
  const row = await db.$transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId);
    await assertSeatAvailable(tx, workspaceId);
    return tx.invitation.create({
      data: {
        workspaceId,
        role: input.role,
        email: input.email ?? null,
        tokenHash: hashToken(token),
        createdById: input.createdById,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
      include: { workspace: { select: { name: true } } },
    });
  });
  const url = `${options.appUrl.replace(/\/$/, "")}/invite/${token}`;
  // The link is a credential: it goes to the invitee's mailbox and the inviter's screen, never to a log.
  const emailed = row.email
    ? await deliver(
        options.mailer,
        invitationMail(options.locale, {
          to: row.email,
          inviterName: options.inviterName,
          workspaceName: row.workspace.name,
          role: row.role,
          url,
        }),
        options.log,
      )
    : false;
  return {
    id: row.id,
    role: row.role,
    email: row.email,
    expiresAt: row.expiresAt.toISOString(),
    url,
    emailed,
  };
}

export async function listInvitations(db: Db, workspaceId: string) {
  const rows = await db.invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    email: r.email,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

export async function revokeInvitation(db: Db, workspaceId: string, invitationId: string) {
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", "That invitation is not pending in this workspace.", {
      field: "invitationId",
      messageZh: "该邀请不存在或已失效。",
    });
}

/** Invitation links carry 32 random bytes as base64url: exactly 43 of these characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * A link that lost characters (a line break in an email client, a partial
 * copy) is told apart from one that was revoked or used: the fix differs.
 */
function assertWholeToken(token: string) {
  if (!TOKEN_SHAPE.test(token))
    throw new AppError(
      "BAD_REQUEST",
      "This invitation link is incomplete: part of it was probably cut off when it was copied. Open the whole link from the email, or ask the person who invited you to send it again.",
      {
        field: "token",
        messageZh:
          "邀请链接不完整：复制时可能被截断了。请打开邮件中的完整链接，或请邀请人重新发送。",
      },
    );
}

export async function usableInvitation(db: Db | Tx, token: string) {
  assertWholeToken(token);
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { workspace: { select: { id: true, slug: true, name: true, deletedAt: true } } },
  });
  if (
    !invitation ||
    invitation.revokedAt ||
    invitation.acceptedAt ||
    invitation.expiresAt.getTime() <= Date.now() ||
    invitation.workspace.deletedAt
  )
    throw new AppError(
      "NOT_FOUND",
      "This invitation link is not valid any more. Ask for a new link.",
      { field: "token", messageZh: "邀请链接已失效，请索取新的链接。" },
    );
  return invitation;
}

/** What the invitation page shows before anyone accepts. */
export async function previewInvitation(db: Db, token: string) {
  const invitation = await usableInvitation(db, token);
  return {
    workspaceName: invitation.workspace.name,
    role: invitation.role,
    email: invitation.email,
  };
}

export async function acceptInvitation(
  db: Db,
  token: string,
  user: { id: string; email: string },
): Promise<{ slug: string; name: string; role: Role }> {
  const invitation = await usableInvitation(db, token);
  if (invitation.email && invitation.email.toLowerCase() !== user.email.toLowerCase())
    throw new AppError(
      "FORBIDDEN",
      `This invitation is for ${invitation.email}. Sign in with that address to accept it.`,
      { field: "token", messageZh: `此邀请发给 ${invitation.email}，请用该邮箱登录后接受。` },
    );
  const existing = await db.$transaction((tx) => claimInvitation(tx, invitation, user.id));
  return {
    slug: invitation.workspace.slug,
    name: invitation.workspace.name,
    role: existing?.role ?? invitation.role,
  };
}

/**
 * Makes the user a member, inside the caller's transaction (accepting, or
 * signing up from the link). One conditional update claims the link: of two
 * parallel claims only one sees it still open; the other is refused.
 */
export async function claimInvitation(
  tx: Tx,
  invitation: { id: string; workspaceId: string; role: Role },
  userId: string,
) {
  const workspaceId = invitation.workspaceId;
  const now = new Date();
  const { count } = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now, acceptedById: userId },
  });
  if (count === 0)
    throw new AppError(
      "NOT_FOUND",
      "This invitation link is not valid any more. Ask for a new link.",
      { field: "token", messageZh: "邀请链接已失效，请索取新的链接。" },
    );
  const member = await tx.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
  });
  // Already a member: keep the existing role rather than silently changing it.
  if (!member) await tx.membership.create({ data: { workspaceId, userId, role: invitation.role } });
  return member;
}
