import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createApiContext, parseCookies, type ApiDeps } from "./context";
import { appRouter } from "./root";

/**
 * The /api/trpc endpoint as a fetch handler: the web app's route and the tests
 * go through the same code, cookies and error formatting included.
 */
export function handleTrpcRequest(deps: ApiDeps, request: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ req, resHeaders }) =>
      createApiContext(deps, {
        cookies: parseCookies(req.headers.get("cookie")),
        authorization: req.headers.get("authorization"),
        // The first hop the load balancer saw; only trustworthy behind one, which production has.
        ip: req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null,
        userAgent: req.headers.get("user-agent"),
        setCookie: (header) => resHeaders.append("set-cookie", header),
        secureCookies: deps.appUrl.startsWith("https:"),
      }),
  });
}
