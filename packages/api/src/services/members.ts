import type { Db, Prisma, Role } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import { z } from "zod";

export const RoleInput = z.enum(["OWNER", "ADMIN", "EDITOR", "VIEWER"], {
  error: "role must be one of OWNER, ADMIN, EDITOR or VIEWER.",
});

export async function listMembers(db: Db, workspaceId: string) {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    include: { user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({
    id: m.id,
    role: m.role,
    joinedAt: m.createdAt.toISOString(),
    user: m.user,
  }));
}

interface Actor {
  userId: string;
  role: Role;
}

async function memberOf(
  db: Db | Prisma.TransactionClient,
  workspaceId: string,
  membershipId: string,
) {
  const member = await db.membership.findFirst({ where: { id: membershipId, workspaceId } });
  if (!member)
    throw new AppError("NOT_FOUND", "That member is not in this workspace.", {
      field: "membershipId",
      messageZh: "该成员不在此工作区。",
    });
  return member;
}

/** Admins manage editors and viewers; only owners touch owners and admins, or make admins. */
function guard(actor: Actor, target: { role: Role; userId: string }, newRole?: Role) {
  const ownerOnly =
    target.role === "OWNER" ||
    target.role === "ADMIN" ||
    newRole === "OWNER" ||
    newRole === "ADMIN";
  if (ownerOnly && actor.role !== "OWNER")
    throw new AppError("FORBIDDEN", "Only an owner can change owners and admins or make admins.", {
      messageZh: "只有所有者可以更改所有者和管理员，或任命管理员。",
    });
}

type Tx = Prisma.TransactionClient;

/**
 * Runs `change` with the workspace's owner memberships locked (SELECT … FOR
 * UPDATE), after checking the target is not the last owner: two owners
 * demoting each other at once queue on the lock, and the second sees one owner.
 */
async function withOwnersLocked(
  db: Db,
  workspaceId: string,
  membershipId: string,
  losesOwner: (role: Role) => boolean,
  actor: Actor,
  newRole: Role | undefined,
  change: (tx: Tx) => Promise<unknown>,
) {
  await db.$transaction(async (tx) => {
    const owners = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Membership"
      WHERE "workspaceId" = ${workspaceId} AND "role" = 'OWNER'
      ORDER BY "id" FOR UPDATE`;
    // Read the target after the lock: its role may have changed while we waited.
    const member = await memberOf(tx, workspaceId, membershipId);
    // So is the actor's own role (an owner demoted a moment ago is an owner no more).
    const actorNow = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId, userId: actor.userId } },
      select: { role: true },
    });
    if (!actorNow)
      throw new AppError("FORBIDDEN", "You are no longer a member of this workspace.", {
        messageZh: "你已不是此工作区的成员。",
      });
    guard({ userId: actor.userId, role: actorNow.role }, member, newRole);
    if (losesOwner(member.role) && owners.length <= 1)
      throw new AppError(
        "CONFLICT",
        "A workspace needs at least one owner. Make someone else owner first.",
        { field: "role", messageZh: "工作区至少需要一位所有者。" },
      );
    await change(tx);
  });
}

export async function changeRole(
  db: Db,
  workspaceId: string,
  actor: Actor,
  membershipId: string,
  role: Role,
) {
  const member = await memberOf(db, workspaceId, membershipId);
  guard(actor, member, role);
  await withOwnersLocked(
    db,
    workspaceId,
    membershipId,
    (current) => current === "OWNER" && role !== "OWNER",
    actor,
    role,
    (tx) => tx.membership.update({ where: { id: membershipId }, data: { role } }),
  );
}

export async function removeMember(
  db: Db,
  workspaceId: string,
  actor: Actor,
  membershipId: string,
) {
  const member = await memberOf(db, workspaceId, membershipId);
  guard(actor, member);
  await withOwnersLocked(
    db,
    workspaceId,
    membershipId,
    (current) => current === "OWNER",
    actor,
    undefined,
    (tx) => tx.membership.delete({ where: { id: membershipId } }),
  );
}
