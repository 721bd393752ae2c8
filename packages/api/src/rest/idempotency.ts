import { createHash } from "node:crypto";
import type { Db } from "@hyperposter/db";
import { RestError } from "./errors";

/** Keys are kept this long per workspace (the IETF draft leaves it to the server). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface StoredResponse {
  status: number;
  body: string;
}

export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");
}

function checkKey(key: string): void {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new RestError(
      400,
      "invalid_idempotency_key",
      "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).",
      {
        field: "Idempotency-Key",
        messageZh: "Idempotency-Key 须为 1 到 255 个可见 ASCII 字符（建议用 UUID）。",
      },
    );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `handle` once per (workspace, Idempotency-Key), per the IETF
 * Idempotency-Key draft: the same key and body get the first response again;
 * the same key with another body is a 422; a key whose first request is still
 * running is waited for (up to `waitMs`), then a 409. Responses below 500 are
 * kept; a 5xx or a crash frees the key so the client can retry.
 */
export async function withIdempotencyKey(
  db: Db,
  scope: { workspaceId: string; key: string; fingerprint: string },
  handle: () => Promise<StoredResponse>,
  options: { waitMs?: number } = {},
): Promise<StoredResponse & { replayed: boolean }> {
  checkKey(scope.key);
  const id = { workspaceId: scope.workspaceId, key: scope.key };
  await db.idempotencyKey.deleteMany({ where: { ...id, expiresAt: { lt: new Date() } } });
  const inserted = await db.idempotencyKey.createMany({
    data: {
      ...id,
      requestHash: scope.fingerprint,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
    },
    skipDuplicates: true,
  });
  if (inserted.count === 1) {
    let response: StoredResponse;
    try {
      response = await handle();
    } catch (error) {
      await db.idempotencyKey.deleteMany({ where: id });
      throw error;
    }
    if (response.status >= 500) await db.idempotencyKey.deleteMany({ where: id });
    else
      await db.idempotencyKey.update({
        where: { workspaceId_key: id },
        data: { status: response.status, responseBody: response.body },
      });
    return { ...response, replayed: false };
  }
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    const row = await db.idempotencyKey.findUnique({ where: { workspaceId_key: id } });
    if (!row)
      throw new RestError(
        409,
        "idempotency_retry",
        "The first request with this Idempotency-Key failed; send it again.",
        {
          field: "Idempotency-Key",
          messageZh: "使用此 Idempotency-Key 的第一个请求失败了；请重新发送。",
        },
      );
    if (row.requestHash !== scope.fingerprint)
      throw new RestError(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
        {
          field: "Idempotency-Key",
          messageZh: "此 Idempotency-Key 已用于另一个请求体；新请求请使用新的键。",
        },
      );
    if (row.status !== null && row.responseBody !== null)
      return { status: row.status, body: row.responseBody, replayed: true };
    if (Date.now() >= deadline)
      throw new RestError(
        409,
        "idempotency_in_progress",
        "A request with this Idempotency-Key is still being handled; retry in a moment.",
        {
          field: "Idempotency-Key",
          messageZh: "使用此 Idempotency-Key 的请求仍在处理中；请稍后重试。",
          headers: { "Retry-After": "1" },
        },
      );
    await sleep(50);
  }
}
