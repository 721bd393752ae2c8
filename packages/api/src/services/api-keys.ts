import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@hyperposter/db";
import { hasApiAccess } from "@hyperposter/billing";
import { AppError } from "@hyperposter/domain";
import { newWebhookSecret } from "@hyperposter/webhooks";
import { z } from "zod";

export const API_SCOPES = [
  "generations:read",
  "generations:write",
  "presets:read",
  "presets:write",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const KEY_PREFIX = "hp_live_";
const PREFIX_LENGTH = KEY_PREFIX.length + 12;
/** Keys a workspace may hold at once (revoked ones do not count). */
export const MAX_API_KEYS = 20;
/** lastUsedAt is written at most this often per key, not on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export const CreateApiKeyInput = z.object({
  name: z
    .string({ error: "name must be text." })
    .trim()
    .min(1, { error: "name must not be empty." })
    .max(80, { error: "name must be at most 80 characters." }),
  scopes: z
    .array(z.enum(API_SCOPES, { error: `scopes must be among ${API_SCOPES.join(", ")}.` }))
    .min(1, { error: "scopes must name at least one scope." })
    .max(API_SCOPES.length)
    .transform((scopes) => [...new Set(scopes)]),
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const keyView = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
} as const;

/** A new key: returned whole here and never again (only its prefix and hash are kept). */
export async function createApiKey(
  db: Db,
  workspaceId: string,
  input: z.output<typeof CreateApiKeyInput> & { createdById: string },
) {
  if (!(await hasApiAccess(db, workspaceId))) throw noApiAccess();
  const live = await db.apiKey.count({ where: { workspaceId, revokedAt: null } });
  if (live >= MAX_API_KEYS)
    throw new AppError(
      "CONFLICT",
      `This workspace already has ${MAX_API_KEYS} API keys; revoke one before creating another.`,
      { messageZh: `此工作区已有 ${MAX_API_KEYS} 个 API 密钥；请先撤销一个再创建。` },
    );
  // base64url without - and _ keeps the key one "word" (double-click selects it whole).
  const id = randomBytes(9).toString("base64url").replace(/[-_]/g, "x").slice(0, 12);
  const secret = randomBytes(32).toString("base64url").replace(/[-_]/g, "x");
  const prefix = `${KEY_PREFIX}${id}`;
  const key = `${prefix}${secret}`;
  const row = await db.apiKey.create({
    data: {
      workspaceId,
      name: input.name,
      prefix,
      hash: sha256(key),
      scopes: input.scopes,
      createdById: input.createdById,
    },
    select: keyView,
  });
  return { ...row, key };
}

export function listApiKeys(db: Db, workspaceId: string) {
  return db.apiKey.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: keyView,
  });
}

/** Revoked keys stop working at their next request (every request reads the row). */
export async function revokeApiKey(db: Db, workspaceId: string, keyId: string) {
  const { count } = await db.apiKey.updateMany({
    where: { id: keyId, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const exists = await db.apiKey.count({ where: { id: keyId, workspaceId } });
    if (!exists)
      throw new AppError("NOT_FOUND", "There is no such API key in this workspace.", {
        field: "keyId",
        messageZh: "此工作区中没有这个 API 密钥。",
      });
  }
}

function noApiAccess(): AppError {
  return new AppError(
    "FORBIDDEN",
    "API access comes with the Agency plan; upgrade this workspace on its billing page to use API keys.",
    { messageZh: "API 访问属于代理商（Agency）套餐；请在账单页面升级此工作区后再使用 API 密钥。" },
  );
}

export interface ApiKeyPrincipal {
  keyId: string;
  workspaceId: string;
  workspaceSlug: string;
  scopes: ApiScope[];
}

function unauthorized(message: string, messageZh: string): AppError {
  return new AppError("UNAUTHORIZED", message, { field: "Authorization", messageZh });
}

/**
 * The workspace and scopes of `Authorization: Bearer hp_live_…`. Every
 * failure is the same 401 sentence apart from a missing header, so a caller
 * learns nothing about which keys exist.
 */
export async function authenticateApiKey(
  db: Db,
  authorization: string | null,
  ip: string | null,
): Promise<ApiKeyPrincipal> {
  const presented = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (!presented)
    throw unauthorized(
      "Send your API key as Authorization: Bearer hp_live_….",
      "请以 Authorization: Bearer hp_live_… 发送 API 密钥。",
    );
  const invalid = unauthorized(
    "This API key is not valid: it is wrong, or it was revoked.",
    "API 密钥无效：密钥错误或已被撤销。",
  );
  if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) throw invalid;
  const row = await db.apiKey.findUnique({
    where: { prefix: presented.slice(0, PREFIX_LENGTH) },
    include: { workspace: { select: { slug: true, deletedAt: true } } },
  });
  const given = Buffer.from(sha256(presented), "hex");
  const stored = Buffer.from(row?.hash ?? "0".repeat(64), "hex");
  if (!row || !timingSafeEqual(given, stored) || row.revokedAt || row.workspace.deletedAt)
    throw invalid;
  // A workspace that left the Agency plan keeps its keys but cannot use them.
  if (!(await hasApiAccess(db, row.workspaceId))) throw noApiAccess();
  const now = Date.now();
  if (
    !row.lastUsedAt ||
    now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS ||
    row.lastUsedIp !== ip
  )
    await db.apiKey.update({
      where: { id: row.id },
      data: { lastUsedAt: new Date(now), lastUsedIp: ip },
    });
  return {
    keyId: row.id,
    workspaceId: row.workspaceId,
    workspaceSlug: row.workspace.slug,
    scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
  };
}

export function requireScope(principal: ApiKeyPrincipal, scope: ApiScope): void {
  if (!principal.scopes.includes(scope))
    throw new AppError(
      "FORBIDDEN",
      `This API key lacks the ${scope} scope; create a key with it on the API keys page.`,
      {
        field: "Authorization",
        messageZh: `此 API 密钥没有 ${scope} 权限；请在 API 密钥页面创建带此权限的密钥。`,
      },
    );
}

/**
 * The whsec_ secret that signs webhooks sent to a request's own webhook_url
 * (endpoints have their own). Made on first use; admins may read and rotate it.
 */
export async function apiWebhookSecret(
  db: Db,
  workspaceId: string,
  rotate = false,
): Promise<string> {
  if (rotate)
    await db.workspace.update({
      where: { id: workspaceId },
      data: { apiWebhookSecret: newWebhookSecret() },
    });
  else
    await db.workspace.updateMany({
      where: { id: workspaceId, apiWebhookSecret: null },
      data: { apiWebhookSecret: newWebhookSecret() },
    });
  const row = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { apiWebhookSecret: true },
  });
  return row.apiWebhookSecret!;
}
