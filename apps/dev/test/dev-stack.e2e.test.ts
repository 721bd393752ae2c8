import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";

import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isAlive, processCommandLine, repoRoot, waitUntil } from "@hyperposter/devstack";
import { readState, stopLeftoverChildren } from "../src/state";

// The whole `npm run dev` stack on its own ports and data folder, so it runs
// beside a developer's own stack: start, kill -9, start again, stop.

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

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startSupervisor(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/dev/src/bin/dev.ts"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function untilReady(started: Started): Promise<void> {
  const ready = await waitUntil(
    () => /\[dev\]\s+ready in/.test(started.output()) || started.child.exitCode !== null,
    150_000,
    250,
  );
  if (started.child.exitCode !== null) throw new Error(`the stack exited:\n${started.output()}`);
  if (!ready) throw new Error(`the stack did not become ready:\n${started.output()}`);
}

const dataDir = mkdtempSync("/var/tmp/hyperposter-e2e-");
const ports = { pg: 0, queue: 0, web: 0, worker: 0 };

describe("npm run dev (embedded stack)", () => {
  const running: Started[] = [];
  afterAll(async () => {
    for (const started of running) {
      if (started.child.exitCode === null) started.child.kill("SIGINT");
      await Promise.race([started.exited, new Promise((r) => setTimeout(r, 20_000))]);
    }
    // A run that failed between the kill -9 and the restart leaves the first
    // stack's children and postgres behind: end them so nothing outlives the test.
    const leftover = readState(dataDir);
    if (leftover) await stopLeftoverChildren(leftover, () => {});
    const pidFile = join(dataDir, "postgres", "postmaster.pid");
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
      if (isAlive(pid)) process.kill(pid, "SIGQUIT");
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(repoRoot, "apps/web", `.next-e2e-${ports.web}`), { recursive: true, force: true });
  });

  const env = () => ({
    ...process.env,
    DATABASE_URL: "",
    HYPERPOSTER_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(ports.pg),
    FAUXQS_PORT: String(ports.queue),
    WEB_PORT: String(ports.web),
    WORKER_HEALTH_PORT: String(ports.worker),
    NEXT_DIST_DIR: `.next-e2e-${ports.web}`,
    NO_COLOR: "1",
  });

  it("comes up with every part healthy, survives kill -9 with its data, refuses a second copy and stops cleanly", async () => {
    ports.pg = await freePort();
    ports.queue = await freePort();
    ports.web = await freePort();
    ports.worker = await freePort();
    const health = async () => {
      const response = await fetch(`http://localhost:${ports.web}/api/health`);
      return {
        code: response.status,
        body: (await response.json()) as {
          status: string;
          checks: Record<string, { status: string }>;
        },
      };
    };

    // 1. First start: fresh cluster, migrations, seed, web and worker.
    const first = startSupervisor(env());
    running.push(first);
    await untilReady(first);
    const firstHealth = await health();
    expect(firstHealth.code).toBe(200);
    expect(Object.values(firstHealth.body.checks).map((c) => c.status)).toEqual([
      "up",
      "up",
      "up",
      "up",
    ]);
    // Outgoing mail goes to the stack's own SMTP server, kept in the data folder.
    expect(first.output()).toMatch(
      /\[mail\]\s+SMTP on smtp:\/\/127\.0\.0\.1:\d+: every message is kept in .*\/mail/,
    );
    const databaseUrl = `postgres://hyperposter:hyperposter@127.0.0.1:${ports.pg}/hyperposter`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      `INSERT INTO "Workspace" (id, slug, name, "updatedAt") VALUES ('ws-kill', 'survives-kill', 'Survives kill -9', now())`,
    );
    await client.end();

    // 2. kill -9 leaves postgres, web and worker orphaned.
    const state = readState(dataDir);
    expect(state?.children.map((c) => c.name).sort()).toEqual(["web", "worker"]);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(state!.children.every((c) => isAlive(c.pid))).toBe(true);

    // 3. The next start cleans up what was left and keeps the data.
    const second = startSupervisor(env());
    running.push(second);
    await untilReady(second);
    expect(second.output()).toMatch(/left running by an earlier run/);
    expect(
      state!.children.some((c) => isAlive(c.pid) && processCommandLine(c.pid).includes(c.marker)),
    ).toBe(false);
    expect((await health()).code).toBe(200);
    const again = new pg.Client({ connectionString: databaseUrl });
    await again.connect();
    const kept = await again.query(`SELECT name FROM "Workspace" WHERE slug = 'survives-kill'`);
    const presets = await again.query(`SELECT count(*)::int AS n FROM "BrandPreset"`);
    await again.end();
    expect(kept.rows[0]?.name).toBe("Survives kill -9");
    expect(presets.rows[0]?.n).toBe(4);

    // 4. A second copy says so instead of failing on a port.
    const duplicate = startSupervisor(env());
    expect(await duplicate.exited).toBe(1);
    expect(duplicate.output()).toMatch(/already running \(supervisor pid \d+\)/);

    // 5. Ctrl-C stops everything.
    const children = readState(dataDir)!.children;
    second.child.kill("SIGINT");
    // 128 + SIGINT, as a shell reports a Ctrl-C-ed program; "stopped" says every part was stopped first.
    expect(await second.exited).toBe(130);
    expect(second.output()).toMatch(/\[dev\]\s+stopped/);
    expect(children.some((c) => isAlive(c.pid))).toBe(false);
    expect(readState(dataDir)).toBeUndefined();
    const postgresStopped = await waitUntil(async () => {
      const probe = new pg.Client({ connectionString: databaseUrl });
      try {
        await probe.connect();
        await probe.end();
        return false;
      } catch {
        return true;
      }
    }, 5000);
    expect(postgresStopped).toBe(true);
  }, 400_000);
});
