import type { Db, Prisma, Role } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import { Webhook } from "svix";
import { z } from "zod";
import { slugify } from "./workspaces";

/**
 * Clerk → our tables: users, organizations (= workspaces) and memberships.
 * The signature is checked on the raw body before anything is parsed; each
 * delivery id is recorded in the same transaction as its effect, so a
 * redelivery changes nothing. Each event carries the object's full current
 * state, which is what gets written (not a diff).
 */

const EmailAddress = z.object({
  id: z.string(),
  email_address: z.string(),
  /** Clerk's verification of this address; "verified" once its owner proved it. */
  verification: z.object({ status: z.string().nullish() }).nullish(),
});
const ClerkUser = z.object({
  id: z.string(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email_addresses: z.array(EmailAddress),
  primary_email_address_id: z.string().nullish(),
});
const ClerkOrg = z.object({ id: z.string(), name: z.string(), slug: z.string().nullish() });
const ClerkMembership = z.object({
  role: z.string(),
  organization: z.object({ id: z.string() }),
  public_user_data: z.object({ user_id: z.string() }),
});
const Deleted = z.object({ id: z.string().optional() });

export const ClerkEvent = z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) });
export type ClerkEvent = z.infer<typeof ClerkEvent>;

/**
 * Clerk's default roles are org:admin and org:member; custom ones named after
 * ours map directly. A plain member edits (generates, edits presets).
 */
export function roleFromClerk(role: string): Role {
  const key = role.replace(/^org:/, "").toLowerCase();
  if (key === "owner") return "OWNER";
  if (key === "admin") return "ADMIN";
  if (key === "viewer") return "VIEWER";
  return "EDITOR";
}

/** Checks the svix signature headers against the raw body; throws UNAUTHORIZED otherwise. */
export function verifyClerkWebhook(
  secret: string,
  rawBody: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
): ClerkEvent & { deliveryId: string } {
  try {
    new Webhook(secret).verify(rawBody, {
      "svix-id": headers.id ?? "",
      "svix-timestamp": headers.timestamp ?? "",
      "svix-signature": headers.signature ?? "",
    });
  } catch {
    throw new AppError("UNAUTHORIZED", "The webhook signature is not valid.", {
      field: "svix-signature",
    });
  }
  return { ...ClerkEvent.parse(JSON.parse(rawBody)), deliveryId: headers.id ?? "" };
}

async function syncUser(tx: Prisma.TransactionClient, data: unknown, log: (line: string) => void) {
  const user = ClerkUser.parse(data);
  const primary =
    user.email_addresses.find((e) => e.id === user.primary_email_address_id) ??
    user.email_addresses[0];
  const email = primary?.email_address.toLowerCase();
  if (!email) return;
  const verified = primary?.verification?.status === "verified";
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ") || email.split("@")[0]!;
  const linked = await tx.user.findUnique({ where: { clerkUserId: user.id } });
  if (linked) {
    await tx.user.update({
      where: { id: linked.id },
      data: {
        name,
        // An address moves onto the account only once Clerk has verified it.
        ...(verified ? { email } : {}),
        ...(verified && !linked.emailVerifiedAt ? { emailVerifiedAt: new Date() } : {}),
      },
    });
    return;
  }
  const local = await tx.user.findUnique({ where: { email } });
  if (local) {
    // Linking hands the local account to whoever holds the Clerk user: only when
    // Clerk says they proved the address. Otherwise nothing happens now; Clerk's
    // user.updated after verification links it.
    if (!verified) {
      log(
        `[clerk] user ${user.id} not linked to the local account ${email}: Clerk has not verified that address`,
      );
      return;
    }
    await tx.user.update({
      where: { id: local.id },
      data: {
        name,
        clerkUserId: user.id,
        // From now on Clerk signs this account in; the local password goes.
        passwordHash: null,
        emailVerifiedAt: local.emailVerifiedAt ?? new Date(),
      },
    });
    // Sessions opened with the local password end with it.
    await tx.session.updateMany({
      where: { userId: local.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return;
  }
  await tx.user.create({
    data: { email, name, clerkUserId: user.id, emailVerifiedAt: verified ? new Date() : null },
  });
}

async function syncOrg(tx: Prisma.TransactionClient, data: unknown) {
  const org = ClerkOrg.parse(data);
  const existing = await tx.workspace.findUnique({ where: { clerkOrgId: org.id } });
  if (existing) {
    await tx.workspace.update({ where: { id: existing.id }, data: { name: org.name } });
    return;
  }
  const base = slugify(org.slug ?? org.name);
  const taken = await tx.workspace.findUnique({ where: { slug: base } });
  const slug = taken ? `${base}-${org.id.slice(-6).toLowerCase()}` : base;
  await tx.workspace.create({ data: { slug, name: org.name, clerkOrgId: org.id } });
}

async function syncMembership(tx: Prisma.TransactionClient, data: unknown, deleted: boolean) {
  const m = ClerkMembership.parse(data);
  const [user, workspace] = await Promise.all([
    tx.user.findUnique({ where: { clerkUserId: m.public_user_data.user_id } }),
    tx.workspace.findUnique({ where: { clerkOrgId: m.organization.id } }),
  ]);
  // Clerk sends user and organization events first; if one is missing, Clerk retries later.
  if (!user || !workspace)
    throw new AppError(
      "CONFLICT",
      "The membership's user or organization has not been synced yet.",
    );
  const key = { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } };
  if (deleted)
    await tx.membership.deleteMany({ where: { workspaceId: workspace.id, userId: user.id } });
  else
    await tx.membership.upsert({
      where: key,
      update: { role: roleFromClerk(m.role) },
      create: { workspaceId: workspace.id, userId: user.id, role: roleFromClerk(m.role) },
    });
}

/** Applies one verified event; returns false when this delivery was already applied. */
export async function applyClerkEvent(
  db: Db,
  event: ClerkEvent & { deliveryId: string },
  log: (line: string) => void = console.log,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const seen = await tx.webhookEvent.findUnique({ where: { id: event.deliveryId } });
    if (seen) return false;
    switch (event.type) {
      case "user.created":
      case "user.updated":
        await syncUser(tx, event.data, log);
        break;
      case "user.deleted": {
        const { id } = Deleted.parse(event.data);
        // Their sessions and memberships go; generations they made stay with the workspace.
        if (id) await tx.user.deleteMany({ where: { clerkUserId: id } });
        break;
      }
      case "organization.created":
      case "organization.updated":
        await syncOrg(tx, event.data);
        break;
      case "organization.deleted": {
        const { id } = Deleted.parse(event.data);
        if (id)
          await tx.workspace.updateMany({
            where: { clerkOrgId: id },
            data: { deletedAt: new Date() },
          });
        break;
      }
      case "organizationMembership.created":
      case "organizationMembership.updated":
        await syncMembership(tx, event.data, false);
        break;
      case "organizationMembership.deleted":
        await syncMembership(tx, event.data, true);
        break;
      default:
        // Other event types are acknowledged so Clerk stops resending them.
        break;
    }
    await tx.webhookEvent.create({
      data: { id: event.deliveryId, source: "clerk", type: event.type },
    });
    return true;
  });
}
