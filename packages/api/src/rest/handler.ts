import { parseInput } from "@hyperposter/domain";
import { getCreditBalance } from "../services/credits";
import {
  type ApiKeyPrincipal,
  type ApiScope,
  authenticateApiKey,
  requireScope,
} from "../services/api-keys";
import { BodyTooLargeError, readTextWithin } from "../guard";
import { errorResponse, RestError, toRestError } from "./errors";
import {
  cancelRestGeneration,
  listRestGenerations,
  readGeneration,
  type RestDeps,
  submitGeneration,
} from "./generations";
import { requestFingerprint, withIdempotencyKey } from "./idempotency";
import { openApiDocument } from "./openapi";
import { createRestPreset, listFormats, listRestPresets, patchRestPreset } from "./presets";
import {
  confirmRestCutout,
  deleteRestProduct,
  describeRestProductPhoto,
  listRestProducts,
  removeRestProductPhoto,
  renameRestProduct,
  uploadRestProduct,
} from "./products";
import type { KeyRateLimiter } from "./rate-limit";
import { ListGenerationsQuery } from "./schemas";

export interface RestHandlerDeps extends RestDeps {
  /** The docs page errors link to. */
  docsUrl: string;
  rateLimiter: KeyRateLimiter;
  bodyLimitBytes: number;
  /** Largest body of an upload (a product photo as base64); 25 MB when not set. */
  uploadBodyLimitBytes?: number;
  log?: (line: string) => void;
}

interface Call {
  principal: ApiKeyPrincipal;
  params: Record<string, string>;
  url: URL;
  body: unknown;
}

interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  pattern: RegExp;
  names: string[];
  /** null: any valid key (formats, usage). */
  scope: ApiScope | null;
  idempotent?: boolean;
  /** The body carries a file: the upload body limit applies. */
  upload?: boolean;
  /** A POST whose body may be left out (no Content-Type): an action on the path's resource. */
  bodyOptional?: boolean;
  run: (deps: RestHandlerDeps, call: Call) => Promise<{ status: number; body: unknown }>;
}

const ok = (body: unknown) => ({ status: 200, body });
/** A 10 MB photo is 13.4 MB as base64. */
const DEFAULT_UPLOAD_BODY_LIMIT_BYTES = 25 * 1024 * 1024;

const ROUTES: Route[] = [
  {
    method: "POST",
    pattern: /^\/generations$/,
    names: [],
    scope: "generations:write",
    idempotent: true,
    run: async (deps, { principal, body }) => ({
      status: 202,
      body: await submitGeneration(deps, principal, body),
    }),
  },
  {
    method: "GET",
    pattern: /^\/generations$/,
    names: [],
    scope: "generations:read",
    run: async (deps, { principal, url }) =>
      ok(
        await listRestGenerations(
          deps,
          principal.workspaceId,
          parseInput(ListGenerationsQuery, Object.fromEntries(url.searchParams)),
        ),
      ),
  },
  {
    method: "GET",
    pattern: /^\/generations\/([^/]{1,64})$/,
    names: ["id"],
    scope: "generations:read",
    run: async (deps, { principal, params }) =>
      ok(await readGeneration(deps, principal.workspaceId, params.id!)),
  },
  {
    method: "DELETE",
    pattern: /^\/generations\/([^/]{1,64})$/,
    names: ["id"],
    scope: "generations:write",
    run: async (deps, { principal, params }) =>
      ok(await cancelRestGeneration(deps, principal.workspaceId, params.id!)),
  },
  {
    method: "GET",
    pattern: /^\/presets$/,
    names: [],
    scope: "presets:read",
    run: async (deps, { principal }) => ok(await listRestPresets(deps, principal.workspaceId)),
  },
  {
    method: "POST",
    pattern: /^\/presets$/,
    names: [],
    scope: "presets:write",
    idempotent: true,
    run: async (deps, { principal, body }) => ({
      status: 201,
      body: await createRestPreset(deps, principal.workspaceId, body),
    }),
  },
  {
    method: "PATCH",
    pattern: /^\/presets\/([^/]{1,64})$/,
    names: ["id"],
    scope: "presets:write",
    run: async (deps, { principal, params, body }) =>
      ok(await patchRestPreset(deps, principal.workspaceId, params.id!, body)),
  },
  {
    method: "GET",
    pattern: /^\/products$/,
    names: [],
    scope: "presets:read",
    run: async (deps, { principal }) => ok(await listRestProducts(deps, principal.workspaceId)),
  },
  {
    method: "POST",
    pattern: /^\/products$/,
    names: [],
    scope: "presets:write",
    idempotent: true,
    upload: true,
    run: async (deps, { principal, body }) => ({
      status: 201,
      body: await uploadRestProduct(deps, principal.workspaceId, body),
    }),
  },
  {
    method: "PATCH",
    pattern: /^\/products\/([^/]{1,64})$/,
    names: ["id"],
    scope: "presets:write",
    run: async (deps, { principal, params, body }) =>
      ok(await renameRestProduct(deps, principal.workspaceId, params.id!, body)),
  },
  {
    method: "DELETE",
    pattern: /^\/products\/([^/]{1,64})$/,
    names: ["id"],
    scope: "presets:write",
    run: async (deps, { principal, params }) =>
      ok(await deleteRestProduct(deps, principal.workspaceId, params.id!)),
  },
  {
    method: "DELETE",
    pattern: /^\/products\/([^/]{1,64})\/photos\/([^/]{1,64})$/,
    names: ["id", "photo_id"],
    scope: "presets:write",
    run: async (deps, { principal, params }) =>
      ok(await removeRestProductPhoto(deps, principal.workspaceId, params.id!, params.photo_id!)),
  },
  {
    method: "POST",
    pattern: /^\/products\/([^/]{1,64})\/photos\/([^/]{1,64})\/confirm$/,
    names: ["id", "photo_id"],
    scope: "presets:write",
    bodyOptional: true,
    run: async (deps, { principal, params }) =>
      ok(await confirmRestCutout(deps, principal.workspaceId, params.id!, params.photo_id!)),
  },
  {
    method: "POST",
    pattern: /^\/products\/([^/]{1,64})\/photos\/([^/]{1,64})\/describe$/,
    names: ["id", "photo_id"],
    scope: "presets:write",
    bodyOptional: true,
    run: async (deps, { principal, params, body }) =>
      ok(
        await describeRestProductPhoto(
          deps,
          principal.workspaceId,
          params.id!,
          params.photo_id!,
          body,
        ),
      ),
  },
  {
    method: "GET",
    pattern: /^\/formats$/,
    names: [],
    scope: null,
    run: async () => ok(listFormats()),
  },
  {
    method: "GET",
    pattern: /^\/usage$/,
    names: [],
    scope: null,
    run: async (deps, { principal }) =>
      ok({
        object: "usage",
        workspace: principal.workspaceSlug,
        credits: await getCreditBalance(deps, principal.workspaceId),
        scopes: principal.scopes,
      }),
  },
];

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

async function readJson(
  request: Request,
  limit: number,
): Promise<{ text: string; value: unknown }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new RestError(
      415,
      "unsupported_media_type",
      "Send the body as JSON with Content-Type: application/json.",
      {
        field: "Content-Type",
        messageZh: "请以 JSON 发送请求体，并设置 Content-Type: application/json。",
      },
    );
  let text: string;
  try {
    text = await readTextWithin(request, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new RestError(413, "body_too_large", error.message, { field: "body" });
    throw error;
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    throw new RestError(400, "invalid_json", "The body is not valid JSON.", {
      field: "body",
      messageZh: "请求体不是有效的 JSON。",
    });
  }
}

/**
 * /api/v1 as one fetch handler (the web app's catch-all route and the tests
 * call it): route, authenticate the key, spend one request of its rate limit,
 * check the scope, read the JSON body within its cap, replay or record an
 * Idempotency-Key, run the operation over the same services as the web app,
 * and answer every failure in one JSON error shape — 4xx for anything a
 * client sent, 500 only for our own faults.
 */
export async function handleRestRequest(
  deps: RestHandlerDeps,
  request: Request,
  options: { ip: string | null },
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/^.*?\/api\/v1/, "").replace(/\/+$/, "") || "/";
  const method = request.method.toUpperCase();
  let limitHeaders: Record<string, string> = {};
  try {
    if (path === "/openapi.json" && method === "GET")
      return Response.json(openApiDocument(deps.apiBase), {
        headers: { "cache-control": "public, max-age=300" },
      });
    const matches = ROUTES.filter((route) => route.pattern.test(path));
    if (matches.length === 0)
      throw new RestError(
        404,
        "unknown_path",
        `There is no ${path} in this API; see the docs for its paths.`,
        {
          field: "path",
          messageZh: `此 API 没有 ${path}；请查看文档中的路径。`,
        },
      );
    const route = matches.find((candidate) => candidate.method === method);
    if (!route)
      throw new RestError(
        405,
        "method_not_allowed",
        `${path} does not take ${method}; it takes ${matches.map((m) => m.method).join(", ")}.`,
        {
          field: "method",
          headers: { Allow: matches.map((m) => m.method).join(", ") },
        },
      );
    const principal = await authenticateApiKey(
      deps.db,
      request.headers.get("authorization"),
      options.ip,
    );
    limitHeaders = (await deps.rateLimiter.consume(principal.keyId)).headers;
    if (route.scope) requireScope(principal, route.scope);
    const match = route.pattern.exec(path)!;
    const params = Object.fromEntries(
      route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
    );
    const hasBody =
      (method === "POST" || method === "PATCH") &&
      !(route.bodyOptional && !request.headers.get("content-type"));
    const body = hasBody
      ? await readJson(
          request,
          route.upload
            ? (deps.uploadBodyLimitBytes ?? DEFAULT_UPLOAD_BODY_LIMIT_BYTES)
            : deps.bodyLimitBytes,
        )
      : { text: "", value: undefined };
    const execute = async () => {
      try {
        const result = await route.run(deps, { principal, params, url, body: body.value });
        return { status: result.status, body: JSON.stringify(result.body) };
      } catch (error) {
        // A refusal is a response like any other: kept under the Idempotency-Key.
        const refusal = toRestError(error);
        if (!refusal) throw error;
        return { status: refusal.status, body: await errorResponse(refusal, deps.docsUrl).text() };
      }
    };
    const idempotencyKey = request.headers.get("idempotency-key");
    const result =
      route.idempotent && idempotencyKey !== null
        ? await withIdempotencyKey(
            deps.db,
            {
              workspaceId: principal.workspaceId,
              key: idempotencyKey,
              fingerprint: requestFingerprint(method, path, body.text),
            },
            execute,
          )
        : { ...(await execute()), replayed: false };
    return new Response(result.body, {
      status: result.status,
      headers: {
        ...JSON_HEADERS,
        ...limitHeaders,
        ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
      },
    });
  } catch (error) {
    const refusal = toRestError(error);
    if (refusal) return errorResponse(refusal, deps.docsUrl, limitHeaders);
    deps.log?.(
      `[api/v1] ${method} ${path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return errorResponse(
      new RestError(
        500,
        "internal",
        "Something went wrong on our side; the request was not completed. Try again.",
      ),
      deps.docsUrl,
      limitHeaders,
    );
  }
}
