import type { Db, Role } from "@hyperposter/db";
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

async function memberOf(db: Db, workspaceId: string, membershipId: string) {
  const member = await db.membership.findFirst({ where: { id: membershipId, workspaceId } });
  if (!member)
    throw new AppError("NOT_FOUND", "That member is not in this workspace.", {
      field: "membershipId",
      messageZh: "该成员不在此工作区。",
    });
  return member;
}

/** Admins manage editors and viewers; only owners touch owners and admins. */
function guard(actor: Actor, target: { role: Role; userId: string }, newRole?: Role) {
  const ownerOnly = target.role === "OWNER" || target.role === "ADMIN" || newRole === "OWNER";
  if (ownerOnly && actor.role !== "OWNER")
    throw new AppError("FORBIDDEN", "Only an owner can change owners and admins.", {
      messageZh: "只有所有者可以更改所有者和管理员。",
    });
}

async function keepAnOwner(db: Db, workspaceId: string, target: { role: Role }) {
  if (target.role !== "OWNER") return;
  const owners = await db.membership.count({ where: { workspaceId, role: "OWNER" } });
  if (owners <= 1)
    throw new AppError(
      "CONFLICT",
      "A workspace needs at least one owner. Make someone else owner first.",
      { field: "role", messageZh: "工作区至少需要一位所有者。" },
    );
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
  if (role !== "OWNER") await keepAnOwner(db, workspaceId, member);
  await db.membership.update({ where: { id: member.id }, data: { role } });
}

export async function removeMember(
  db: Db,
  workspaceId: string,
  actor: Actor,
  membershipId: string,
) {
  const member = await memberOf(db, workspaceId, membershipId);
  guard(actor, member);
  await keepAnOwner(db, workspaceId, member);
  await db.membership.delete({ where: { id: member.id } });
}
