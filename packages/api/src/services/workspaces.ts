import { randomBytes } from "node:crypto";
import type { Db, Prisma } from "@hyperposter/db";
import { grantCredits, startFirstPeriod } from "@hyperposter/billing";
import { AppError } from "@hyperposter/domain";
import { z } from "zod";

type Tx = Prisma.TransactionClient | Db;

export const WorkspaceName = z
  .string({ error: "name must be text." })
  .trim()
  .min(2, { error: "name must be at least 2 characters." })
  .max(80, { error: "name must be at most 80 characters." });

export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug.length >= 2 ? slug : "workspace";
}

/** A new workspace owned by `userId`, with its starting credits. */
export async function createWorkspace(
  tx: Tx,
  userId: string,
  name: string,
  options: { signupCredits: number },
): Promise<{ id: string; slug: string; name: string }> {
  const base = slugify(name);
  const taken = await tx.workspace.findUnique({ where: { slug: base } });
  // Chinese names slugify to nothing useful; a short random tail keeps slugs unique.
  const slug = taken || base === "workspace" ? `${base}-${randomBytes(3).toString("hex")}` : base;
  const workspace = await tx.workspace.create({
    data: { slug, name, memberships: { create: { userId, role: "OWNER" } } },
    select: { id: true, slug: true, name: true },
  });
  await startFirstPeriod(tx, workspace.id);
  if (options.signupCredits > 0)
    await grantCredits(tx, {
      workspaceId: workspace.id,
      amount: options.signupCredits,
      cause: { type: "signup" },
      note: "Starting credits for a new workspace",
    });
  return workspace;
}

/**
 * Every new workspace starts with credits, so one account may own only so
 * many: enough for an agency's clients, not a way to mint free credits.
 */
export const MAX_OWNED_WORKSPACES = 10;

/** A further workspace for a signed-in user, within MAX_OWNED_WORKSPACES. */
export async function createAnotherWorkspace(
  db: Db,
  userId: string,
  name: string,
  options: { signupCredits: number },
): Promise<{ id: string; slug: string; name: string }> {
  return db.$transaction(async (tx) => {
    // Serialises one user's creations so two quick clicks cannot pass the cap together.
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${userId} FOR UPDATE`;
    const owned = await tx.membership.count({
      where: { userId, role: "OWNER", workspace: { deletedAt: null } },
    });
    if (owned >= MAX_OWNED_WORKSPACES)
      throw new AppError(
        "CONFLICT",
        `You already own ${MAX_OWNED_WORKSPACES} workspaces, the most one account may own. Delete one you no longer use, or ask an owner of an existing workspace to invite you.`,
        {
          field: "name",
          messageZh: `你已拥有 ${MAX_OWNED_WORKSPACES} 个工作区，已达上限。请删除不再使用的工作区，或请现有工作区的所有者邀请你加入。`,
        },
      );
    return createWorkspace(tx, userId, name, options);
  });
}

export async function listWorkspacesOf(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId, workspace: { deletedAt: null } },
    include: { workspace: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}

export async function renameWorkspace(db: Db, workspaceId: string, name: string) {
  return db.workspace.update({
    where: { id: workspaceId },
    data: { name },
    select: { id: true, slug: true, name: true },
  });
}

/**
 * Soft delete: the workspace disappears for everyone at once, while its
 * generations and ledger stay for billing and audit. The confirmation must
 * repeat the slug so a stray click cannot do it.
 */
export async function deleteWorkspace(
  db: Db,
  workspace: { id: string; slug: string },
  confirmSlug: string,
): Promise<void> {
  if (confirmSlug.trim() !== workspace.slug)
    throw new AppError(
      "BAD_REQUEST",
      `confirmSlug must repeat the workspace's address "${workspace.slug}" to delete it.`,
      { field: "confirmSlug", messageZh: `请输入工作区地址 "${workspace.slug}" 以确认删除。` },
    );
  await db.$transaction([
    db.workspace.update({ where: { id: workspace.id }, data: { deletedAt: new Date() } }),
    db.invitation.updateMany({
      where: { workspaceId: workspace.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    }),
  ]);
}
