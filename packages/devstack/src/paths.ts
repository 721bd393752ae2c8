import { createHash } from "node:crypto";
import { mkdirSync, statSync } from "node:fs";
import { dirname, join, parse, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** True when every folder from `dir` up to / can be traversed by "others". */
function traversableByOthers(dir: string): boolean {
  let current = resolve(dir);
  const { root } = parse(current);
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: its parent decides.
    }
    if (current === root) return true;
    current = dirname(current);
  }
}

/**
 * Where the embedded stack keeps its data. PostgreSQL runs as an unprivileged
 * user, which must be able to reach its data folder: a checkout under a 0700
 * folder such as /root cannot host it, so the data then lives under /var/tmp,
 * named after the checkout so two checkouts never share it.
 */
export function resolveDataDir(
  configured: string | undefined,
  checkout: string = repoRoot,
): { dir: string; reason: string } {
  if (configured) return { dir: resolve(checkout, configured), reason: "HYPERPOSTER_DATA_DIR" };
  if (traversableByOthers(checkout)) return { dir: join(checkout, ".data"), reason: "checkout" };
  const tag = createHash("sha256").update(checkout).digest("hex").slice(0, 10);
  return {
    dir: join("/var/tmp", `hyperposter-${tag}`),
    reason: `${checkout} is not traversable by the postgres user`,
  };
}

export function ensureDir(dir: string, mode = 0o755): string {
  mkdirSync(dir, { recursive: true, mode });
  return dir;
}
