import { crossSiteRefusal, formatBytes, textResponse } from "@hyperposter/api/guard";
import { env } from "@hyperposter/config";
import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/server/security-headers";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Runs before every route: security headers on every response, bodies that
 * declare more than the upload limit refused (413) before any route reads
 * them (routes that read a body also read it within their own limit, so a
 * body without Content-Length cannot get past), and state-changing requests
 * from another site refused (403). /api/trpc checks origins itself (and is
 * tested there); webhooks come from servers, signed, with no cookie; /api/v1
 * authenticates by bearer key only (cookies are ignored), so a cross-site
 * request to it carries no ambient authority.
 */
export function proxy(request: NextRequest) {
  const config = env();
  const headers = securityHeaders(config);
  const finish = (response: Response) => {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > config.UPLOAD_BODY_LIMIT_BYTES)
    return finish(
      textResponse(
        413,
        `The request body is larger than ${formatBytes(config.UPLOAD_BODY_LIMIT_BYTES)}; send less and try again.`,
      ),
    );
  const path = request.nextUrl.pathname;
  if (
    !SAFE_METHODS.has(request.method) &&
    !path.startsWith("/api/trpc") &&
    !path.startsWith("/api/webhooks/") &&
    !path.startsWith("/api/v1/")
  ) {
    const refused = crossSiteRefusal(request, config.APP_URL);
    if (refused) return finish(refused);
  }
  return finish(NextResponse.next());
}

export const config = {
  // Everything but the build's immutable static files (they get headers from Next itself).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
