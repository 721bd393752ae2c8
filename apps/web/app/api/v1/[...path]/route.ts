import {
  clientIp,
  handleRestRequest,
  KeyRateLimiter,
  type RestHandlerDeps,
} from "@hyperposter/api";
import { env } from "@hyperposter/config";
import { apiDeps } from "@/server/api";

export const dynamic = "force-dynamic";

let cached: RestHandlerDeps | undefined;

/** The agency REST API: every path under /api/v1 goes through one handler (routing, keys, limits, errors). */
function restDeps(): RestHandlerDeps {
  if (cached) return cached;
  const deps = apiDeps();
  const config = env();
  cached = {
    ...deps,
    apiBase: `${config.APP_URL}/api/v1`,
    docsUrl: `${config.APP_URL}/docs/api`,
    rateLimiter: new KeyRateLimiter(deps.db, {
      points: config.API_RATE_LIMIT_POINTS,
      windowSeconds: config.API_RATE_LIMIT_WINDOW_SECONDS,
    }),
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    uploadBodyLimitBytes: config.UPLOAD_BODY_LIMIT_BYTES,
    ...(deps.log ? { log: deps.log } : {}),
  };
  return cached;
}

const handler = (request: Request) =>
  handleRestRequest(restDeps(), request, {
    ip: clientIp(request.headers, apiDeps().trustedProxyHops ?? 0),
  });

export { handler as GET, handler as POST, handler as PATCH, handler as DELETE, handler as PUT };
