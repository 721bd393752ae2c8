/**
 * The security headers every response carries (set in proxy.ts).
 *
 * CSP choice: `script-src 'self' 'unsafe-inline'` rather than per-request
 * nonces. Next's App Router inlines its bootstrap and flight-data scripts;
 * nonces would force every page to render dynamically (a statically rendered
 * page would carry no nonce and break in production only). The app has no
 * HTML injection sink (React escapes text, no dangerouslySetInnerHTML), and
 * script-src still allows no other origin, so an injected <script src> from
 * elsewhere, eval (outside development), plugins, <base> rewrites, foreign
 * form targets and framing are all refused. Development adds 'unsafe-eval'
 * (React rebuilds server error stacks with eval) and the dev server's websocket.
 */

export interface SecurityHeaderConfig {
  NODE_ENV: string;
  APP_URL: string;
  S3_ENDPOINT?: string | undefined;
  S3_BUCKET: string;
  AWS_REGION: string;
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY?: string | undefined;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Where presigned asset links point: the S3 endpoint, or the bucket on AWS. */
export function storageOrigins(config: SecurityHeaderConfig): string[] {
  const endpoint = originOf(config.S3_ENDPOINT);
  if (endpoint) {
    const origins = [endpoint];
    // The embedded server answers on 127.0.0.1 and localhost alike.
    if (endpoint.includes("127.0.0.1")) origins.push(endpoint.replace("127.0.0.1", "localhost"));
    return origins;
  }
  return [
    `https://${config.S3_BUCKET}.s3.${config.AWS_REGION}.amazonaws.com`,
    `https://s3.${config.AWS_REGION}.amazonaws.com`,
  ];
}

/** Clerk's frontend API host, encoded in the publishable key (`pk_live_<base64 of "host$">`). */
export function clerkOrigins(publishableKey: string | undefined): string[] {
  if (!publishableKey) return [];
  const encoded = publishableKey.split("_").pop() ?? "";
  const host = Buffer.from(encoded, "base64").toString("utf8").replace(/\$$/, "");
  const origins = ["https://img.clerk.com", "https://challenges.cloudflare.com"];
  if (/^[a-z0-9.-]+$/i.test(host)) origins.unshift(`https://${host}`);
  return origins;
}

export function contentSecurityPolicy(config: SecurityHeaderConfig): string {
  const dev = config.NODE_ENV === "development";
  const https = config.APP_URL.startsWith("https:");
  const storage = storageOrigins(config).join(" ");
  const clerk = clerkOrigins(config.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY).join(" ");
  const devSocket = dev ? " ws://localhost:* ws://127.0.0.1:*" : "";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""} ${clerk}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${storage} ${clerk}`,
    "font-src 'self' data: blob:",
    `connect-src 'self' ${storage} ${clerk}${devSocket}`,
    `media-src 'self' ${storage}`,
    `frame-src ${clerk || "'none'"}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.map((d) => d.replace(/\s+/g, " ").trim()).join("; ");
}

export function securityHeaders(config: SecurityHeaderConfig): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(config),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy":
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
    ...(config.APP_URL.startsWith("https:")
      ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" }
      : {}),
  };
}
