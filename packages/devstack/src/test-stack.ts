import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadDevEnv } from "@hyperposter/config";
import pg from "pg";
import { ensureDir, repoRoot, resolveDataDir } from "./paths";
import { dropDatabase, ensureDatabase, startEmbeddedPostgres } from "./postgres";
import { isAlive } from "./processes";
import { startQueueServer, type RunningQueueServer } from "./queue-server";

declare module "vitest" {
  // What vitest-global-setup.ts provides to every test file (inject("pgAdminUrl")).
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export interface TestPostgres {
  /** URL of a maintenance database on the server tests create their databases on. */
  adminUrl: string;
  /** Stops the server if this process started it. */
  release(): Promise<void>;
}

/**
 * The PostgreSQL server tests use: the one in DATABASE_URL when it is set (CI
 * runs the suites again on Debian's PostgreSQL that way), otherwise an
 * embedded test cluster on its own port and data folder, so tests run while
 * `npm run dev` is up. A cluster another test run already started is reused.
 */
export async function acquireTestPostgres(): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = new URL(external);
    url.pathname = "/postgres";
    return { adminUrl: url.toString(), release: async () => {} };
  }
  const dev = loadDevEnv();
  const dataDir = join(resolveDataDir(dev.HYPERPOSTER_DATA_DIR).dir, "postgres-test");
  ensureDir(join(dataDir, ".."));
  const port = dev.EMBEDDED_TEST_PG_PORT;
  const adminUrl = `postgres://hyperposter:hyperposter@127.0.0.1:${port}/postgres`;
  const pidFile = join(dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (isAlive(pid)) return { adminUrl, release: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir, port });
  return { adminUrl, release: () => server.stop() };
}

/** A fresh database with every migration applied; drop() removes it. */
export async function createTestDatabase(adminUrl: string, label = "test"): Promise<TestDatabase> {
  const name = `hp_${label}_${process.pid}_${randomBytes(3).toString("hex")}`.toLowerCase();
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrationFiles(url.toString());
  return { url: url.toString(), name, drop: () => dropDatabase(adminUrl, name) };
}

/** An in-memory queue/storage server on a free port, for one test file. */
export async function startTestQueueServer(): Promise<RunningQueueServer> {
  return startQueueServer({ port: 0 });
}

/**
 * Apply the committed migration files directly, in order: throw-away test
 * databases are ready in milliseconds instead of the CLI's ~10 s. The
 * migration test checks that `prisma migrate deploy` builds the same schema.
 */
export async function applyMigrationFiles(databaseUrl: string): Promise<string[]> {
  const dir = join(repoRoot, "prisma/migrations");
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const name of names)
      await client.query(readFileSync(join(dir, name, "migration.sql"), "utf8"));
  } finally {
    await client.end();
  }
  return names;
}
