import {
  checkHealth,
  clientIp,
  hasOpsAccess,
  publicHealth,
  type PartCheck,
} from "@hyperposter/api";
import { env } from "@hyperposter/config";
import { headers } from "next/headers";
import { serverDeps } from "@/server/deps";
import { AutoRefresh } from "./auto-refresh";

export const dynamic = "force-dynamic";
export const metadata = { title: "System status · Hyperposter" };

const LABELS: Record<string, string> = {
  database: "Database",
  queue: "Job queue",
  storage: "Asset storage",
  worker: "Workers",
};

function Row({
  name,
  check,
}: {
  name: string;
  check: Pick<PartCheck, "status"> & Partial<PartCheck>;
}) {
  const up = check.status === "up";
  return (
    <li className="flex items-center justify-between gap-4 border-b border-stone-200 py-4 last:border-0">
      <div className="min-w-0">
        <p className="font-medium">{LABELS[name] ?? name}</p>
        {check.detail ? <p className="truncate text-sm text-stone-600">{check.detail}</p> : null}
      </div>
      <div className="flex shrink-0 items-center gap-3">
        {check.latencyMs !== undefined ? (
          <span className="text-sm tabular-nums text-stone-500">{check.latencyMs} ms</span>
        ) : null}
        <span
          className={`rounded-full px-3 py-1 text-sm font-semibold ${up ? "bg-emerald-100 text-emerald-800" : "bg-red-100 text-red-800"}`}
        >
          {up ? "Up" : "Down"}
        </span>
      </div>
    </li>
  );
}

export default async function StatusPage() {
  const config = env();
  const head = await headers();
  const full = await checkHealth(serverDeps());
  // Backend error text and latencies only for operators (OPS_TOKEN or loopback).
  const report = hasOpsAccess(
    head.get("authorization"),
    config.OPS_TOKEN,
    clientIp(head, config.TRUSTED_PROXY_HOPS),
  )
    ? full
    : publicHealth(full);
  const allUp = report.status === "up";
  return (
    <main className="mx-auto max-w-xl px-5 py-12">
      <AutoRefresh seconds={5} />
      <p className="text-sm font-semibold uppercase tracking-wide text-stone-500">Hyperposter</p>
      <h1 className="mt-1 text-3xl font-bold">System status</h1>
      <p
        className={`mt-4 rounded-lg px-4 py-3 font-medium ${allUp ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-900"}`}
      >
        {allUp ? "All systems are up." : "Some parts are degraded: generation may be delayed."}
      </p>
      <ul className="mt-6 rounded-xl border border-stone-200 bg-white px-5">
        {Object.entries(report.checks).map(([name, check]) => (
          <Row key={name} name={name} check={check} />
        ))}
      </ul>
      <p className="mt-4 text-sm text-stone-500">
        Checked {new Date(report.checkedAt).toLocaleTimeString("en-GB", { timeZone: "UTC" })} UTC ·
        refreshes every 5 s · JSON at{" "}
        <a className="underline" href="/api/health">
          /api/health
        </a>
      </p>
    </main>
  );
}
