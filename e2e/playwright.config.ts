import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { defineConfig, devices } from "@playwright/test";

// The whole embedded stack (`npm run dev`) on its own free ports and data
// folder, so the suite runs beside a developer's stack. Playwright evaluates
// this file in every worker too: the ports chosen first are passed on in the
// environment so all of them agree. E2E_REUSE=1 with E2E_WEB_PORT (and the
// other E2E_* ports) runs against a stack that is already up.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const env = process.env;
env.E2E_WEB_PORT ??= String(await freePort());
env.E2E_PG_PORT ??= String(await freePort());
env.E2E_QUEUE_PORT ??= String(await freePort());
env.E2E_WORKER_PORT ??= String(await freePort());
if (env.E2E_REUSE !== "1") env.E2E_DATA_DIR ??= mkdtempSync("/var/tmp/hyperposter-e2e-");
// `npm run test:e2e:stripe` (E2E_STRIPE=1): a stack with payments configured against the local
// Stripe server, for the *.stripe.spec.ts files only; every other spec runs in local mode.
const stripeRun = env.E2E_STRIPE === "1";
if (stripeRun) env.E2E_STRIPE_PORT ??= String(await freePort());

const baseURL = `http://localhost:${env.E2E_WEB_PORT}`;

export default defineConfig({
  testDir: "./tests",
  ...(stripeRun ? { testMatch: "**/*.stripe.spec.ts" } : { testIgnore: "**/*.stripe.spec.ts" }),
  outputDir: "./artifacts/test-results",
  // One stack, one browser: the flows build on each other's data and 2 cores are plenty busy.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: [["list"], ["html", { outputFolder: "./artifacts/report", open: "never" }]],
  globalSetup: "./global-setup.ts",
  use: {
    baseURL,
    acceptDownloads: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } },
    },
  ],
});
