import type { Db } from "@hyperposter/db";
import { AppError } from "@hyperposter/domain";
import Bowser from "bowser";
import { hashToken, newToken } from "../auth/tokens";

/** Who a request is signed in as. */
export interface AuthState {
  user: { id: string; email: string; name: string };
  /** The local session row; null when Clerk authenticated the request. */
  sessionId: string | null;
}

/**
 * The session cookie's name over http (development). Over https it is
 * `__Host-hp_session`: the browser then accepts it only with Secure, Path=/ and
 * no Domain, so neither a sibling subdomain nor a plain-http page can plant or
 * overwrite it. `__Host-` cannot be used over http (browsers drop it), hence two names.
 */
export const SESSION_COOKIE = "hp_session";
export const SECURE_SESSION_COOKIE = "__Host-hp_session";
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** A session unused this long ends, whatever its absolute expiry. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
// Writing lastSeenAt on every request would turn each read into a write.
const TOUCH_AFTER_MS = 5 * 60 * 1000;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({
    data: {
      userId,
      tokenHash: hashToken(token),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      expiresAt,
    },
  });
  return { token, expiresAt };
}

/** The signed-in user of a cookie token, or null when unknown, expired or revoked. */
export async function resolveSession(db: Db, token: string): Promise<AuthState | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  const now = Date.now();
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS)
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  return { user: session.user, sessionId: session.id };
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

export interface SessionView {
  id: string;
  /** "Chrome on Linux", from the user agent; null when it says nothing useful. */
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** The session this request came with. */
  current: boolean;
}

/** "Chrome 156 on Linux" from a user-agent string (bowser), or null. */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name
    ? [browser.name, browser.version?.split(".")[0]].filter(Boolean).join(" ")
    : null;
  if (!name && !os.name) return null;
  return [name, os.name].filter(Boolean).join(" on ");
}

/** A user's live sessions (not revoked, not expired), most recently used first. */
export async function listSessions(
  db: Db,
  userId: string,
  currentSessionId: string | null,
): Promise<SessionView[]> {
  const rows = await db.session.findMany({
    where: {
      userId,
      revokedAt: null,
      expiresAt: { gt: new Date() },
      lastSeenAt: { gt: new Date(Date.now() - SESSION_IDLE_MS) },
    },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.id === currentSessionId,
  }));
}

/** Ends one of the user's own sessions; anyone else's id is NOT_FOUND. */
export async function revokeSessionOf(db: Db, userId: string, sessionId: string): Promise<void> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", "sessionId does not name one of your signed-in sessions.", {
      field: "sessionId",
      messageZh: "找不到该登录会话。",
    });
}

/** Every live session of a user ends (password change, "sign out everywhere"). */
export async function revokeAllSessions(db: Db, userId: string): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
