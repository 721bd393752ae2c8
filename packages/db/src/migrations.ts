import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { readdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pgConfigFromUrl } from "./pg-config";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const migrationsDir = resolve(packageDir, "../../prisma/migrations");

/**
 * `prisma migrate deploy` against a database: what production runs, and what
 * `npm run dev` runs at start. Resolves with the CLI's output.
 */
export function migrateDeploy(databaseUrl: string): Promise<string> {
  return runPrisma(["migrate", "deploy"], databaseUrl);
}

export function runPrisma(args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const cli = createRequire(import.meta.url).resolve("prisma/build/index.js");
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise(output);
      else
        reject(
          Object.assign(new Error(`prisma ${args.join(" ")} failed:\n${output}`), { code, stdout }),
        );
    });
  });
}

export function migrationNames(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Committed migrations the database has not finished applying. Lets start-up
 * skip `prisma migrate deploy` (about 10 s on 2 cores, most of it the CLI's
 * wasm engine winding down) when there is nothing to do.
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client(pgConfigFromUrl(databaseUrl));
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('public._prisma_migrations') AS t`);
    if (!table.rows[0]?.t) return migrationNames();
    const applied = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(applied.rows.map((row) => row.migration_name));
    return migrationNames().filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}
