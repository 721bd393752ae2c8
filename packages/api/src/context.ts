import type { Db } from "@hyperposter/db";
import type { AssetStorage } from "@hyperposter/jobs";
import { resolveSession, sessionCookieName, type AuthState } from "./services/sessions";
import type { ClerkAuth } from "./auth/clerk";
import type { Mailer } from "./mail";
import type { TargetPolicy } from "@hyperposter/webhooks";
import type { StripeAccess } from "@hyperposter/billing";
import type { Segmenter, VlmOptions } from "@hyperposter/pipeline/product/library";

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
  /** Proxies that append to X-Forwarded-For in front of the app (TRUSTED_PROXY_HOPS); 0 ignores it. */
  trustedProxyHops?: number;
  /** Largest request body of an ordinary call, and of an upload call (bytes). */
  bodyLimitBytes?: number;
  uploadBodyLimitBytes?: number;
  /** An OpenAI-compatible vision endpoint (VLM_*) that describes product photos; without it a local analysis does. */
  vlm?: VlmOptions;
  /** SEGMENTATION_MODEL: the operator's ONNX cut-out model; without it the photo's alpha or the backdrop method cut. */
  segmenter?: Segmenter;
  /** Where webhook endpoints may point (strict unless WEBHOOK_ALLOW_LOCAL_TARGETS in development). */
  webhookPolicy?: TargetPolicy;
  /** Stripe client and settings when STRIPE_SECRET_KEY is set; without it billing runs in local mode. */
  stripe?: StripeAccess;
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

export type { AuthState };

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
  const token = req.cookies[sessionCookieName(req.secureCookies)];
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

/**
 * The client's address: with N trusted proxies, each appended the address it
 * saw to X-Forwarded-For, so the Nth entry from the right is the one the
 * outermost trusted proxy saw; entries further left are whatever the client
 * sent. With 0 the header is ignored and the socket's peer (when the server
 * knows it) is used.
 */
export function clientIp(
  headers: Headers,
  trustedProxyHops: number,
  peer: string | null = null,
): string | null {
  if (trustedProxyHops <= 0) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (hops.length === 0) return peer;
  return hops[Math.max(0, hops.length - trustedProxyHops)] ?? peer;
}

/** Cookies get `Secure` (and the `__Host-` name) when the app is served over https. */
export function usesHttps(appUrl: string): boolean {
  return appUrl.startsWith("https:");
}

/**
 * The one way an HTTP request becomes the API's RequestMeta: the tRPC route,
 * the route handlers, server components and the tests all build it here.
 */
export function requestMetaOf(
  deps: ApiDeps,
  request: { headers: Headers },
  options: { setCookie?: (header: string) => void; peer?: string | null } = {},
): RequestMeta {
  const headers = request.headers;
  return {
    cookies: parseCookies(headers.get("cookie")),
    authorization: headers.get("authorization"),
    ip: clientIp(headers, deps.trustedProxyHops ?? 0, options.peer ?? null),
    userAgent: headers.get("user-agent"),
    setCookie: options.setCookie ?? (() => {}),
    secureCookies: usesHttps(deps.appUrl),
  };
}

/** The API context of an HTTP request (see requestMetaOf). */
export function contextFor(
  deps: ApiDeps,
  request: { headers: Headers },
  options: { setCookie?: (header: string) => void; peer?: string | null } = {},
): Promise<ApiContext> {
  return createApiContext(deps, requestMetaOf(deps, request, options));
}
