// `npm run bench:api`: read latency of the agency REST API against `next start`
// on the embedded stack. GET /api/v1/generations/{id} at 200 requests/s for 20 s,
// then the tRPC generation.get the web app uses, at the same rate; p50/p99 and
// errors for each, with the machine's cores and load. Target: p99 ≤ 50 ms, 0 errors.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const distDir = ".next-bench";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const webPort = await freePort();
const base = `http://localhost:${webPort}`;
const dataDir = mkdtempSync("/var/tmp/hyperposter-bench-");
const stackEnv = {
  ...process.env,
  DATABASE_URL: "",
  HYPERPOSTER_DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: String(await freePort()),
  FAUXQS_PORT: String(await freePort()),
  WEB_PORT: String(webPort),
  WORKER_HEALTH_PORT: String(await freePort()),
  // next start runs as production, which insists on an https APP_URL (Secure cookies); the
  // bench talks plain http to the same port and sends the cookies itself.
  APP_URL: `https://localhost:${webPort}`,
  NEXT_DIST_DIR: distDir,
  HYPERPOSTER_WEB_MODE: "start",
  // The read path is measured, not the per-key limit (30 per 10 s by default).
  API_RATE_LIMIT_POINTS: "100000",
  WORKER_OCR: "false",
  NEXT_TELEMETRY_DISABLED: "1",
  NO_COLOR: "1",
};

console.log(`next build (${distDir}) …`);
const build = spawnSync(
  process.execPath,
  [join(repoRoot, "node_modules/next/dist/bin/next"), "build"],
  {
    cwd: join(repoRoot, "apps/web"),
    env: { ...stackEnv, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
if (build.status !== 0) throw new Error("next build failed");

const stack = spawn(process.execPath, ["--import", "tsx", "apps/dev/src/bin/dev.ts"], {
  cwd: repoRoot,
  env: stackEnv,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
});
let stackOutput = "";
const keep = (chunk: Buffer) => {
  stackOutput = (stackOutput + chunk.toString()).slice(-20_000);
};
stack.stdout!.on("data", keep);
stack.stderr!.on("data", keep);
const stop = () => {
  try {
    process.kill(-stack.pid!, "SIGINT");
  } catch {
    // Already gone.
  }
};
process.on("exit", () => {
  stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(repoRoot, "apps/web", distDir), { recursive: true, force: true });
});

try {
  const deadline = Date.now() + 240_000;
  while (
    (await fetch(`${base}/api/health`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (Date.now() > deadline || stack.exitCode !== null)
      throw new Error(`the stack did not come up in 4 minutes:\n${stackOutput}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  // The seeded demo workspace: sign in, make a key, submit one generation and let it finish.
  const trpc = async (path: string, input: unknown, cookie = "") => {
    const response = await fetch(`${base}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return {
      data: ((await response.json()) as { result: { data: unknown } }).result.data,
      cookie: response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    };
  };
  const { cookie } = await trpc("auth.signIn", {
    email: "demo@hyperposter.local",
    password: "hyperposter-demo",
  });
  const presets = await fetch(
    `${base}/api/trpc/preset.list?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: "demo", includeArchived: false }))}`,
    { headers: { cookie } },
  ).then((r) => r.json() as Promise<{ result: { data: { id: string }[] } }>);
  const key = (
    (
      await trpc(
        "apiKey.create",
        { workspaceSlug: "demo", name: "bench", scopes: ["generations:read", "generations:write"] },
        cookie,
      )
    ).data as { key: string }
  ).key;
  const auth = { authorization: `Bearer ${key}` };
  const submitted = (await fetch(`${base}/api/v1/generations`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({
      brief: { product: "Cold brew", formats: ["instagram-square", "story"] },
      preset_id: presets.result.data[0]!.id,
      variants: 2,
    }),
  }).then((r) => r.json())) as { id: string };
  for (;;) {
    const g = (await fetch(`${base}/api/v1/generations/${submitted.id}`, { headers: auth }).then(
      (r) => r.json(),
    )) as { status: string };
    if (g.status === "succeeded") break;
    if (g.status === "failed" || g.status === "canceled") throw new Error(`generation ${g.status}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  const run = async (title: string, url: string, headers: Record<string, string>) => {
    // Warm the route (first requests compile nothing under next start, but fill pools).
    for (let i = 0; i < 20; i += 1) await fetch(url, { headers });
    const result = await autocannon({
      url,
      headers,
      connections: 10,
      overallRate: RATE,
      duration: SECONDS,
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    console.log(
      `${title}: ${result.requests.total} requests at ${RATE}/s for ${SECONDS} s · ` +
        `p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms · errors ${errors}` +
        ` · ${errors === 0 && result.latency.p99 <= 50 ? "meets" : "misses"} the target (p99 ≤ 50 ms, 0 errors)`,
    );
  };
  console.log(
    `machine: ${cpus().length} cores, load ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" / ")}`,
  );
  await run("GET /api/v1/generations/{id}", `${base}/api/v1/generations/${submitted.id}`, auth);
  await run(
    "tRPC generation.get",
    `${base}/api/trpc/generation.get?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: "demo", generationId: submitted.id }))}`,
    { cookie },
  );
  console.log(
    `load after: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" / ")}`,
  );
} finally {
  stop();
}
process.exit(0);
