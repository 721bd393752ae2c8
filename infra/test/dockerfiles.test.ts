import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EnvSchema } from "@hyperposter/config";
import { describe, expect, it } from "vitest";
import { WORKER_HEALTH_PORT } from "../src/worker-stack";

/**
 * No Docker engine (and no Dockerfile linter in npm or Debian 12) exists
 * here: these tests read the Dockerfiles for the properties the images need
 * and run the commands the images run, in this repository, as they run them.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

function parse(file: string): Instruction[] {
  const text = readFileSync(new URL(`../docker/${file}`, import.meta.url), "utf8");
  const joined = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  let stage = -1;
  const out: Instruction[] = [];
  for (const line of joined) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const [, keyword = "", args = ""] = trimmed.match(/^(\w+)\s+(.*)$/) ?? [];
    if (keyword.toUpperCase() === "FROM") stage += 1;
    out.push({ keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " "), stage });
  }
  return out;
}

function args(instructions: Instruction[], keyword: string, stage?: number): string[] {
  return instructions
    .filter((i) => i.keyword === keyword && (stage === undefined || i.stage === stage))
    .map((i) => i.args);
}

function argDefault(instructions: Instruction[], name: string): string | undefined {
  return args(instructions, "ARG")
    .map((a) => a.match(new RegExp(`^${name}=(.+)$`))?.[1])
    .find(Boolean);
}

function execForm(value: string): string[] {
  const json = value.replace(/^CMD\s+/, "");
  const parsed: unknown = JSON.parse(json);
  expect(Array.isArray(parsed)).toBe(true);
  return parsed as string[];
}

const images = {
  gpu: parse("worker-gpu.Dockerfile"),
  cpu: parse("worker-cpu.Dockerfile"),
};

describe.each(Object.entries(images))("the %s worker image", (_name, file) => {
  const last = Math.max(...file.map((i) => i.stage));

  it("is multi-stage on Node 24", () => {
    expect(last).toBeGreaterThanOrEqual(1);
    expect(argDefault(file, "NODE_IMAGE")).toMatch(/^node:24\.\d+\.\d+-bookworm-slim$/);
    expect(args(file, "FROM", 0)[0]).toBe("${NODE_IMAGE} AS build");
    expect(args(file, "COPY", last).join(" ")).toContain("--from=build");
  });

  it("runs as a non-root user", () => {
    const users = args(file, "USER", last);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
  });

  it("checks health on the worker's /readyz, and that check works", async () => {
    const checks = args(file, "HEALTHCHECK", last);
    expect(checks).toHaveLength(1);
    const command = execForm(checks[0]!.slice(checks[0]!.indexOf("CMD")));
    const script = command[2]!;
    expect(command.slice(0, 2)).toEqual(["node", "-e"]);
    expect(script).toContain(`http://127.0.0.1:${WORKER_HEALTH_PORT}/readyz`);
    expect(EnvSchema.shape.WORKER_HEALTH_PORT.parse(undefined)).toBe(WORKER_HEALTH_PORT);
    // Run the same script against a stand-in worker answering 200, then 503.
    let status = 200;
    const server = createServer((request, response) => {
      response.writeHead(request.url === "/readyz" ? status : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const run = () =>
      new Promise<number | null>((resolve) => {
        const child = spawnAsync(script.replace(`:${WORKER_HEALTH_PORT}/`, `:${port}/`));
        child.on("exit", resolve);
      });
    try {
      expect(await run()).toBe(0);
      status = 503;
      expect(await run()).toBe(1);
    } finally {
      server.close();
    }
  });

  it("starts the worker with a command that runs in this repository", () => {
    const cmd = execForm(args(file, "CMD", last)[0]!);
    expect(cmd).toEqual(["node", "--import", "tsx", "apps/worker/src/main.ts"]);
    // With no configuration the real entry point gets as far as validating it:
    // one sentence, exit 78 (EX_CONFIG) — module resolution and the loader work.
    const result = spawnSync(process.execPath, cmd.slice(1), {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(result.stderr).toContain("Configuration error: DATABASE_URL is required");
    expect(result.status).toBe(78);
  });

  it("builds with commands that exist here", () => {
    const run = args(file, "RUN", 0).join(" && ");
    expect(run).toContain("npm ci --ignore-scripts");
    const scripts = JSON.parse(readFileSync(`${root}package.json`, "utf8")).scripts as Record<
      string,
      string
    >;
    for (const [, script] of run.matchAll(/npm run ([\w:-]+)/g))
      expect(scripts, `root script ${script}`).toHaveProperty(script!);
    expect(existsSync(`${root}package-lock.json`)).toBe(true);
  });
});

describe("the GPU image specifically", () => {
  const gpu = images.gpu;
  it("runs on a CUDA 12 + cuDNN runtime base", () => {
    expect(argDefault(gpu, "CUDA_IMAGE")).toMatch(/^nvidia\/cuda:12\.\d+(\.\d+)?-cudnn-runtime-/);
    expect(args(gpu, "FROM").at(-1)).toBe("${CUDA_IMAGE} AS runtime");
  });

  it("installs onnxruntime-node's CUDA 12 provider at build time, with the script the package ships", () => {
    const run = args(gpu, "RUN", 0).join(" ");
    expect(run).toContain("ONNXRUNTIME_NODE_INSTALL=cuda12 node ./script/install");
    expect(existsSync(`${root}node_modules/onnxruntime-node/script/install.js`)).toBe(true);
  });

  it("carries the Vulkan loader for the webgpu provider and copies Node 24 in", () => {
    expect(args(gpu, "RUN", 1).join(" ")).toContain("libvulkan1");
    expect(args(gpu, "COPY", 1)).toContain("--from=build /usr/local/bin/node /usr/local/bin/node");
  });
});

describe(".dockerignore", () => {
  it("keeps installed modules, builds and local data out of the build context", () => {
    const ignore = readFileSync(`${root}.dockerignore`, "utf8").split("\n");
    for (const entry of ["**/node_modules", "**/.next", "**/.data", ".git", ".env"])
      expect(ignore).toContain(entry);
  });
});

function spawnAsync(script: string) {
  return spawn(process.execPath, ["-e", script], { stdio: "ignore" });
}
