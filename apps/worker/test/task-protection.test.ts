import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createTaskProtection, protectWhileRunning } from "../src/task-protection";
import { TestStack } from "./harness";

/** A stand-in for the ECS agent's task-protection endpoint. */
async function fakeAgent(answer: (body: unknown) => { status: number; body: unknown }) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      calls.push({ method: request.method ?? "", path: request.url ?? "", body });
      const reply = answer(body);
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/api/task-1234`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ok = (body: unknown) => ({
  status: 200,
  body: {
    protection: {
      ProtectionEnabled: (body as { ProtectionEnabled: boolean }).ProtectionEnabled,
      TaskArn: "arn:aws:ecs:us-east-1:123456789012:task/c/1234",
    },
  },
});

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  return {
    lines,
    info: (_: unknown, msg?: string) => void lines.push({ level: "info", msg: msg ?? "" }),
    warn: (_: unknown, msg?: string) => void lines.push({ level: "warn", msg: msg ?? "" }),
  };
}

let agent: Awaited<ReturnType<typeof fakeAgent>> | undefined;
afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

describe("ECS task scale-in protection", () => {
  it("protects the task before the first job runs and clears it when the last one ends", async () => {
    agent = await fakeAgent(ok);
    const log = recordingLog();
    const protection = createTaskProtection({ agentUri: agent.uri, log, expiresInMinutes: 30 });
    const seenDuringJob: number[] = [];
    let finishFirst!: () => void;
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const handle = protectWhileRunning(protection, async (job: string) => {
      seenDuringJob.push(agent!.calls.length);
      expect(protection.protectedNow).toBe(true);
      if (job === "a") {
        firstStarted();
        await new Promise<void>((resolve) => (finishFirst = resolve));
      }
      return job;
    });

    const first = handle("a");
    await started;
    // A second job while protected: no second call, still protected after it.
    expect(await handle("b")).toBe("b");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(protection.protectedNow).toBe(true);
    finishFirst();
    expect(await first).toBe("a");
    await protection.stop();

    expect(seenDuringJob).toEqual([1, 1]);
    expect(agent.calls).toEqual([
      {
        method: "PUT",
        path: "/api/task-1234/task-protection/v1/state",
        body: { ProtectionEnabled: true, ExpiresInMinutes: 30 },
      },
      {
        method: "PUT",
        path: "/api/task-1234/task-protection/v1/state",
        body: { ProtectionEnabled: false },
      },
    ]);
    expect(protection.protectedNow).toBe(false);
  });

  it("runs the job anyway, with a warning, when the agent refuses", async () => {
    agent = await fakeAgent(() => ({
      status: 200,
      body: { failure: { Arn: "arn", Reason: "TASK_NOT_VALID", Detail: "not a service task" } },
    }));
    const log = recordingLog();
    const protection = createTaskProtection({ agentUri: agent.uri, log });
    const handle = protectWhileRunning(protection, async () => "done");
    expect(await handle(undefined)).toBe("done");
    expect(protection.protectedNow).toBe(false);
    expect(log.lines.some((l) => l.level === "warn" && /unprotected/.test(l.msg))).toBe(true);
    await protection.stop();
  });

  it("runs the job anyway when the agent cannot be reached in time", async () => {
    const log = recordingLog();
    const protection = createTaskProtection({
      agentUri: "http://127.0.0.1:9/api/task",
      log,
      timeoutMs: 500,
    });
    const handle = protectWhileRunning(protection, async () => "done");
    expect(await handle(undefined)).toBe("done");
    expect(log.lines.filter((l) => l.level === "warn").length).toBeGreaterThan(0);
    await protection.stop();
  });

  it("keeps calls in order when jobs start and end in quick succession", async () => {
    agent = await fakeAgent(ok);
    const protection = createTaskProtection({ agentUri: agent.uri, log: recordingLog() });
    const handle = protectWhileRunning(protection, async () => undefined);
    await Promise.all([handle(1), handle(2), handle(3)]);
    await protection.stop();
    const states = agent.calls.map(
      (c) => (c.body as { ProtectionEnabled: boolean }).ProtectionEnabled,
    );
    expect(states[0]).toBe(true);
    expect(states.at(-1)).toBe(false);
    // Alternating on/off, never two of the same in a row.
    for (let i = 1; i < states.length; i++) expect(states[i]).not.toBe(states[i - 1]);
  });

  it("does nothing outside ECS (no agent URI)", async () => {
    const handle = protectWhileRunning(undefined, async (job: number) => job * 2);
    expect(await handle(21)).toBe(42);
  });
});

describe("the worker process inside an ECS task (ECS_AGENT_URI set)", () => {
  const stack = new TestStack({ label: "protect" });
  beforeAll(() => stack.start(inject("pgAdminUrl")));
  afterAll(() => stack.stop());

  it("is protected while it renders a generation and unprotected once it is done", async () => {
    const agent = await fakeAgent(ok);
    try {
      const worker = await stack.startWorker({ ECS_AGENT_URI: agent.uri });
      expect(agent.calls).toEqual([]);
      const { generationId } = await stack.submit({ variants: 1 });
      await stack.waitForStatus([generationId], ["SUCCEEDED"], 90_000);
      await worker.waitForLog(/"enabled":false.*"msg":"task scale-in protection set"/, 10_000);
      expect(agent.calls.map((c) => c.body)).toEqual([
        { ProtectionEnabled: true, ExpiresInMinutes: 60 },
        { ProtectionEnabled: false },
      ]);
      worker.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    } finally {
      await agent.close();
    }
  });
});
