import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface HealthServerOptions {
  port: number;
  /** Interface to listen on (WORKER_HEALTH_HOST): loopback unless a scraper elsewhere needs it. */
  host?: string;
  /** When set, /metrics needs `Authorization: Bearer <token>` (OPS_TOKEN). */
  metricsToken?: string;
  registry: Registry;
  /** Liveness: the process is not wedged. */
  live: () => boolean;
  /** Readiness: it can take work (database reachable, not draining). */
  ready: () => Promise<boolean>;
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!presented) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** /healthz, /readyz and Prometheus /metrics on the worker's own port. */
export function startHealthServer(options: HealthServerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (path === "/healthz") {
      const live = options.live();
      json(live ? 200 : 503, { status: live ? "up" : "down" });
    } else if (path === "/readyz") {
      options.ready().then(
        (ready) => json(ready ? 200 : 503, { status: ready ? "up" : "down" }),
        () => json(503, { status: "down" }),
      );
    } else if (
      path === "/metrics" &&
      options.metricsToken &&
      !bearerMatches(request.headers.authorization, options.metricsToken)
    ) {
      response.writeHead(401, { "www-authenticate": "Bearer" });
      response.end(JSON.stringify({ error: "Metrics need Authorization: Bearer <OPS_TOKEN>." }));
    } else if (path === "/metrics") {
      options.registry.metrics().then(
        (text) => {
          response.writeHead(200, { "content-type": options.registry.contentType });
          response.end(text);
        },
        (error: Error) => json(500, { error: error.message }),
      );
    } else {
      json(404, { error: "Not found. Try /healthz, /readyz or /metrics." });
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve(server));
  });
}
