/**
 * Request guards shared by the tRPC endpoint and the web app's route handlers:
 * cross-site state changes and oversized bodies are refused before any work.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request a browser sent from another site (CSRF, login
 * CSRF) is refused. Browsers send `Sec-Fetch-Site` and `Origin` on such
 * requests; a non-browser client sends neither and is not affected. Allowed
 * origins: APP_URL's and the request's own.
 */
export function crossSiteRefusal(request: Request, appUrl: string): Response | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const fetchSite = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const allowed = new Set<string>();
  for (const candidate of [appUrl, request.url]) {
    try {
      allowed.add(new URL(candidate).origin);
    } catch {
      // Not a URL: nothing to allow.
    }
  }
  const crossSite = fetchSite === "cross-site" || fetchSite === "same-site";
  const foreignOrigin = origin !== null && !allowed.has(origin);
  if (!crossSite && !foreignOrigin) return null;
  return textResponse(
    403,
    "This request came from another site and was refused. Open the app itself and try again.",
  );
}

export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`The request body is larger than ${formatBytes(limit)}; send less and try again.`);
    this.name = "BodyTooLargeError";
    this.limit = limit;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * The body as bytes, read as a stream and abandoned as soon as it passes
 * `limit` (never buffering more); a declared Content-Length over the limit is
 * refused before reading. Throws BodyTooLargeError.
 */
export async function readBodyWithin(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The body as text within `limit` bytes (route handlers' POSTs). */
export async function readTextWithin(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyWithin(request, limit));
}

export function tooLargeResponse(error: BodyTooLargeError): Response {
  return textResponse(413, error.message);
}

export function textResponse(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
