import type { Db } from "@hyperposter/db";
import type { AssetStorage } from "@hyperposter/jobs";
import { resolveSession, SESSION_COOKIE } from "./services/sessions";
import type { ClerkAuth } from "./auth/clerk";
import type { Mailer } from "./mail";

/** Process-wide dependencies the web app builds once. */
export interface ApiDeps {
  db: Db;
  storage: AssetStorage;
  assetUrlTtlSeconds: number;
  /** Base URL of the web app, for invitation links. */
  appUrl: string;
  /** Credits a workspace made at sign-up starts with. */
  signupCredits: number;
  /** Wakes the outbox dispatcher after a generation is accepted. */
  nudge?: () => void;
  /** Set only when Clerk keys are configured. */
  clerk?: ClerkAuth;
  /** Outgoing mail (SMTP_URL); without it nothing is sent and a line is logged. */
  mailer?: Mailer;
  log?: (line: string) => void;
}

/** The parts of the HTTP request and response the API touches. */
export interface RequestMeta {
  cookies: Readonly<Record<string, string>>;
  authorization: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Appends a Set-Cookie header to the response. */
  setCookie: (header: string) => void;
  /** Cookies get `Secure` when the app is served over https. */
  secureCookies: boolean;
}

export interface AuthState {
  user: { id: string; email: string; name: string };
  /** The local session row; null when Clerk authenticated the request. */
  sessionId: string | null;
}

export interface ApiContext extends ApiDeps {
  req: RequestMeta;
  auth: AuthState | null;
}

export async function createApiContext(deps: ApiDeps, req: RequestMeta): Promise<ApiContext> {
  return { ...deps, req, auth: await authenticate(deps, req) };
}

/** Clerk's session token (bearer or `__session` cookie) when configured, else our cookie. */
export async function authenticate(deps: ApiDeps, req: RequestMeta): Promise<AuthState | null> {
  if (deps.clerk) {
    const bearer = req.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const token = bearer ?? req.cookies["__session"];
    if (token) {
      const user = await deps.clerk.userFromSessionToken(deps.db, token);
      if (user) return { user, sessionId: null };
    }
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return null;
  return resolveSession(deps.db, token);
}

/** The UI language cookie the web app sets (`hp_locale`), for mail written on a user's behalf. */
export const LOCALE_COOKIE = "hp_locale";

/** `a=1; b=2` → { a: "1", b: "2" }. */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}
