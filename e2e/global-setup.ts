import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { E2E_STRIPE_ENV } from "./stripe-env";

/**
 * Starts the embedded stack (`npm run dev`'s supervisor) on the ports the
 * config chose and waits until /api/health says every part is up. The
 * returned teardown stops it with Ctrl-C, waits for it to exit, and only then
 * removes its data and build folders (Playwright's own webServer would be
 * stopped after global teardown, while PostgreSQL still uses the folder).
 */
export default async function globalSetup() {
  const env = process.env;
  if (env.E2E_REUSE === "1") return;
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
  const baseURL = `http://localhost:${env.E2E_WEB_PORT}`;
  const stripe =
    env.E2E_STRIPE === "1" ? await startFakeStripe(repoRoot, env.E2E_STRIPE_PORT!) : null;
  const child = spawn(process.execPath, ["--import", "tsx", "apps/dev/src/bin/dev.ts"], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...env,
      DATABASE_URL: "",
      HYPERPOSTER_DATA_DIR: env.E2E_DATA_DIR,
      EMBEDDED_PG_PORT: env.E2E_PG_PORT,
      FAUXQS_PORT: env.E2E_QUEUE_PORT,
      WEB_PORT: env.E2E_WEB_PORT,
      WORKER_HEALTH_PORT: env.E2E_WORKER_PORT,
      APP_URL: baseURL,
      // A fresh build folder per run: a reused one made next dev reload pages mid-test.
      NEXT_DIST_DIR: `.next-e2e-${env.E2E_WEB_PORT}`,
      NEXT_TELEMETRY_DISABLED: "1",
      NO_COLOR: "1",
      ...(stripe ? E2E_STRIPE_ENV(stripe.url) : {}),
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (env.E2E_STACK_LOG === "1") process.stdout.write(chunk);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));

  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stripe?.stop();
      throw new Error(`The stack exited while starting:\n${output}`);
    }
    const status = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(30_000) })
      .then((r) => r.status)
      .catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      await stripe?.stop();
      throw new Error(`The stack did not report every part up within 4 minutes:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await warmUp(baseURL);

  return async () => {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGINT");
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 30_000)),
    ]);
    if (!stopped) process.kill(-child.pid!, "SIGKILL");
    if (stripe) await stripe.stop();
    const dataDir = env.E2E_DATA_DIR;
    if (dataDir?.startsWith("/var/tmp/hyperposter-e2e-"))
      rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(repoRoot, "apps/web", `.next-e2e-${env.E2E_WEB_PORT}`), {
      recursive: true,
      force: true,
    });
  };
}

/** The local Stripe server as its own process (packages/devstack), on the run's port. */
async function startFakeStripe(repoRoot: string, port: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "packages/devstack/src/bin/fake-stripe.ts", port],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening (\S+)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`fake Stripe exited (${code}): ${seen}`)));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      await exited;
    },
  };
}

/**
 * next dev compiles a route on its first request; on a loaded 2-core machine
 * the first sign-up (the tRPC route) or studio visit took longer than a
 * test's 15 s expectation. Compile the routes every suite starts with before
 * any test's clock runs; the answers themselves do not matter here.
 */
async function warmUp(baseURL: string): Promise<void> {
  const paths = [
    "/",
    "/sign-up",
    "/sign-in",
    "/api/trpc/auth.session",
    "/w/warm-up/studio",
    "/dev/mailbox",
    "/dev/mailbox/warm-up",
    "/verify-email",
    "/w/warm-up/presets",
    "/w/warm-up/history",
    "/w/warm-up/generations/warm-up",
  ];
  for (const path of paths)
    await fetch(`${baseURL}${path}`, { redirect: "manual", signal: AbortSignal.timeout(300_000) })
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
}
