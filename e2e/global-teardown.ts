import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The stack is stopped by Playwright (SIGINT); its data folder and build folder go here. */
export default function globalTeardown() {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
  const dataDir = process.env.E2E_DATA_DIR;
  if (dataDir?.startsWith("/var/tmp/hyperposter-e2e-"))
    rmSync(dataDir, { recursive: true, force: true });
  const port = process.env.E2E_WEB_PORT;
  if (port)
    rmSync(join(repoRoot, "apps/web", `.next-e2e-${port}`), { recursive: true, force: true });
}
