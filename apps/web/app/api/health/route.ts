import { checkHealth } from "@hyperposter/api";
import { serverDeps } from "@/server/deps";

export const dynamic = "force-dynamic";

/** Database, queue, storage and worker heartbeat: 200 when all are up, else 503. */
export async function GET() {
  const report = await checkHealth(serverDeps());
  return Response.json(report, {
    status: report.status === "up" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
