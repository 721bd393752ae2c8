import {
  checkHealth,
  clientIp,
  hasOpsAccess,
  publicHealth,
  type PartCheck,
} from "@hyperposter/api";
import { env } from "@hyperposter/config";
import { headers } from "next/headers";
import type { Dictionary } from "@/i18n/dictionary";
import { serverLocale } from "@/i18n/server";
import { serverDeps } from "@/server/deps";
import { AutoRefresh } from "./auto-refresh";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const { t } = await serverLocale();
  return { title: `${t.status.title} · Hyperposter` };
}

function Row({
  name,
  check,
  s,
}: {
  name: string;
  check: Pick<PartCheck, "status"> & Partial<PartCheck>;
  s: Dictionary["status"];
}) {
  const up = check.status === "up";
  return (
    <li className="flex items-center justify-between gap-4 border-b border-stone-200 py-4 last:border-0">
      <div className="min-w-0">
        <p className="font-medium">{s.parts[name as keyof typeof s.parts] ?? name}</p>
        {check.detail ? <p className="truncate text-sm text-stone-600">{check.detail}</p> : null}
      </div>
      <div className="flex shrink-0 items-center gap-3">
        {check.latencyMs !== undefined ? (
          <span className="text-sm tabular-nums text-stone-500">{check.latencyMs} ms</span>
        ) : null}
        <span
          className={`rounded-full px-3 py-1 text-sm font-semibold ${up ? "bg-emerald-100 text-emerald-800" : "bg-red-100 text-red-800"}`}
        >
          {up ? s.up : s.down}
        </span>
      </div>
    </li>
  );
}

export default async function StatusPage() {
  const config = env();
  const { t, locale } = await serverLocale();
  const s = t.status;
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
      <h1 className="mt-1 text-3xl font-bold">{s.title}</h1>
      <p
        className={`mt-4 rounded-lg px-4 py-3 font-medium ${allUp ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-900"}`}
      >
        {allUp ? s.allUp : s.degraded}
      </p>
      <ul className="mt-6 rounded-xl border border-stone-200 bg-white px-5">
        {Object.entries(report.checks).map(([name, check]) => (
          <Row key={name} name={name} check={check} s={s} />
        ))}
      </ul>
      <p className="mt-4 text-sm text-stone-500">
        {s.checked(
          new Date(report.checkedAt).toLocaleTimeString(locale === "zh" ? "zh-CN" : "en-GB", {
            timeZone: "UTC",
          }),
        )}{" "}
        <a className="underline" href="/api/health">
          /api/health
        </a>
      </p>
    </main>
  );
}
