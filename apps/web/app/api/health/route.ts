import { checkHealth, clientIp, hasOpsAccess, publicHealth } from "@hyperposter/api";
import { env } from "@hyperposter/config";
import { serverDeps } from "@/server/deps";

export const dynamic = "force-dynamic";

/**
 * Database, queue, storage and worker heartbeat: 200 when all are up, else 503.
 * Anyone sees up/degraded per part; latencies and backend error text need
 * `Authorization: Bearer <OPS_TOKEN>` or a loopback client.
 */
export async function GET(request: Request) {
  const config = env();
  const report = await checkHealth(serverDeps());
  const details = hasOpsAccess(
    request.headers.get("authorization"),
    config.OPS_TOKEN,
    clientIp(request.headers, config.TRUSTED_PROXY_HOPS),
  );
  return Response.json(details ? report : publicHealth(report), {
    status: report.status === "up" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
