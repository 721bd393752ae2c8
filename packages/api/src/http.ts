import { MAX_TRPC_BATCH_SIZE } from "@hyperposter/domain";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { contextFor, type ApiDeps } from "./context";
import { BodyTooLargeError, crossSiteRefusal, readBodyWithin } from "./guard";
import { appRouter } from "./root";

const ENDPOINT = "/api/trpc";

/** Calls in one batched request; the web client's batch link splits at the same number. */
export const MAX_BATCH_SIZE = MAX_TRPC_BATCH_SIZE;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
export const DEFAULT_UPLOAD_BODY_LIMIT_BYTES = 25 * 1024 * 1024;
/** Procedures whose input carries a file (base64): they get the upload body limit. */
export const UPLOAD_PROCEDURES: ReadonlySet<string> = new Set([
  "font.upload",
  "preset.uploadLogo",
  "product.upload",
]);

function pathsOf(request: Request): { paths: string[]; batch: boolean } {
  const url = new URL(request.url);
  const path = decodeURIComponent(
    url.pathname.slice(url.pathname.indexOf(ENDPOINT) + ENDPOINT.length + 1),
  );
  const batch = url.searchParams.get("batch") === "1";
  return { paths: batch ? path.split(",") : [path], batch };
}

/** An error in tRPC's own response shape, so the web client shows its sentence. */
function trpcError(
  status: number,
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  target: { paths: string[]; batch: boolean },
): Response {
  const one = (path: string) => ({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: {
        code,
        httpStatus: status,
        path,
        field: null,
        messageZh: null,
        fieldErrors: {},
        issues: [],
      },
    },
  });
  const body = target.batch ? target.paths.map(one) : one(target.paths[0] ?? "");
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The /api/trpc endpoint as a fetch handler: the web app's route and the tests
 * go through the same code, cookies, guards and error formatting included.
 * Before tRPC sees a request: cross-site mutations are refused (403), the body
 * is read within its limit (413), and batches are capped (tRPC's maxBatchSize, 400).
 */
export async function handleTrpcRequest(
  deps: ApiDeps,
  request: Request,
  options: { peer?: string | null } = {},
): Promise<Response> {
  const target = pathsOf(request);
  const refused = crossSiteRefusal(request, deps.appUrl);
  if (refused) return trpcError(403, "FORBIDDEN", await refused.text(), target);
  if (target.paths.length > MAX_BATCH_SIZE)
    return trpcError(
      400,
      "BAD_REQUEST",
      `A request may batch at most ${MAX_BATCH_SIZE} calls; this one has ${target.paths.length}.`,
      target,
    );
  let req = request;
  if (request.method === "POST") {
    const upload = target.paths.every((path) => UPLOAD_PROCEDURES.has(path));
    const limit = upload
      ? (deps.uploadBodyLimitBytes ?? DEFAULT_UPLOAD_BODY_LIMIT_BYTES)
      : (deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
    try {
      const body = await readBodyWithin(request, limit);
      req = new Request(request.url, { method: "POST", headers: request.headers, body });
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return trpcError(413, "PAYLOAD_TOO_LARGE", error.message, target);
      throw error;
    }
  }
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req: incoming, resHeaders }) =>
      contextFor(deps, incoming, {
        setCookie: (header) => resHeaders.append("set-cookie", header),
        peer: options.peer ?? null,
      }),
  });
}
