import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A webhook receiver written from the Standard Webhooks spec, not from the
 * code under test: it rebuilds "id.timestamp.body", signs it with the
 * base64-decoded part of the whsec_ secret and compares every v1 signature.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: http.IncomingHttpHeaders,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string")
    return false;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 5 * 60) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(" ").some((entry) => {
    const [version, value] = entry.split(",");
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

export interface Receiver {
  url: (path?: string) => string;
  received: Received[];
  close: () => Promise<void>;
}

/** Answers with `respond(n)` for the n-th request (0-based); records every request. */
export async function startReceiver(
  secret: string,
  respond: (
    n: number,
    req: http.IncomingMessage,
  ) => { status: number; headers?: Record<string, string> },
  host = "127.0.0.2",
): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const n = received.length;
      received.push({
        headers: req.headers,
        body,
        verified: verifyStandardWebhook(secret, req.headers, body),
      });
      const answer = respond(n, req);
      res.writeHead(answer.status, answer.headers).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hooks") => `http://${host}:${port}${path}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
