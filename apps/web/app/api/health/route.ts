import { healthResponse } from "@hyperposter/api";
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
  return healthResponse(serverDeps(), request, {
    opsToken: config.OPS_TOKEN,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
  });
}
