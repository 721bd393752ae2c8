import { contextFor, createCaller, httpStatusOf } from "@hyperposter/api";
import { apiDeps } from "./api";

/**
 * A tRPC caller for a route handler, authenticated from the request's cookies:
 * file downloads go through the same procedures (and so the same tenancy and
 * role checks) as the UI.
 */
export async function callerFor(request: Request) {
  return createCaller(await contextFor(apiDeps(), request));
}

/** A storage object streamed back from the app's own origin; storage failing is a 502 with a sentence. */
export async function relayFromStorage(
  url: string,
  headers: Record<string, string>,
): Promise<Response> {
  const upstream = await fetch(url);
  if (!upstream.ok || !upstream.body)
    return new Response("The file could not be read from storage. Try again.", { status: 502 });
  return new Response(upstream.body, { headers });
}

/** A failed call as a plain-text answer with the status tRPC itself would give it. */
export function errorResponse(error: unknown): Response {
  const status = httpStatusOf(error);
  const message =
    status >= 500
      ? "Something went wrong on our side. Try again in a moment."
      : (error as Error).message;
  return new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

export function fileName(...parts: Array<string | number>): string {
  return parts.join("-").replace(/[^\w.-]+/g, "_");
}

export const EXTENSION: Record<string, string> = {
  png: "png",
  jpeg: "jpg",
  webp: "webp",
  pdf: "pdf",
};
