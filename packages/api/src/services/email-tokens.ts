import type { Db, EmailTokenPurpose, Prisma } from "@hyperposter/db";
import { hashToken, newToken } from "../auth/tokens";

type Tx = Prisma.TransactionClient | Db;

/** How long each kind of emailed link works. */
export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  VERIFY_EMAIL: 24 * 60 * 60 * 1000,
  RESET_PASSWORD: 60 * 60 * 1000,
};

/** A new single-use link token; only its SHA-256 is stored. */
export async function createEmailToken(
  tx: Tx,
  input: { userId: string; purpose: EmailTokenPurpose; workspaceId?: string | null },
): Promise<string> {
  const token = newToken();
  await tx.emailToken.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      workspaceId: input.workspaceId ?? null,
      expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[input.purpose]),
    },
  });
  return token;
}

export type ConsumeResult =
  | { ok: true; userId: string; workspaceId: string | null }
  | { ok: false; reason: "unknown" | "used" | "expired"; userId: string | null };

/**
 * Uses a token up, atomically: one conditional UPDATE that only matches an
 * unused, unexpired token, so two requests with the same link cannot both
 * succeed. When nothing matched, says why (for a clear sentence).
 */
export async function consumeEmailToken(
  tx: Tx,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<ConsumeResult> {
  const tokenHash = hashToken(token);
  const rows = await tx.$queryRaw<Array<{ userId: string; workspaceId: string | null }>>`
    UPDATE "EmailToken" SET "usedAt" = now()
    WHERE "tokenHash" = ${tokenHash}
      AND "purpose" = ${purpose}::"EmailTokenPurpose"
      AND "usedAt" IS NULL
      AND "expiresAt" > now()
    RETURNING "userId", "workspaceId"`;
  const row = rows[0];
  if (row) return { ok: true, userId: row.userId, workspaceId: row.workspaceId };
  const existing = await tx.emailToken.findUnique({ where: { tokenHash } });
  if (!existing || existing.purpose !== purpose)
    return { ok: false, reason: "unknown", userId: null };
  return {
    ok: false,
    reason: existing.usedAt ? "used" : "expired",
    userId: existing.userId,
  };
}
