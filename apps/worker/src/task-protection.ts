import type { Logger } from "pino";

export interface TaskProtectionOptions {
  /** ECS_AGENT_URI: the ECS agent's endpoint inside the task. */
  agentUri: string;
  /** How long one protection lasts unless renewed (ECS allows 1–2880 minutes). */
  expiresInMinutes?: number;
  /** Longest wait for the agent before a job runs anyway. */
  timeoutMs?: number;
  log: Pick<Logger, "info" | "warn">;
}

export interface TaskProtection {
  /** A job starts: protect the task (first job) before it runs. Never throws. */
  acquire(): Promise<void>;
  /** A job ended: clear protection once none is left. Never throws. */
  release(): Promise<void>;
  /** Shutdown: stop renewing and clear protection. */
  stop(): Promise<void>;
  readonly protectedNow: boolean;
}

/**
 * ECS task scale-in protection while the worker holds a job: scale-in (the
 * service lowering its count) then picks an idle task instead of killing one
 * mid-poster. Spot interruptions ignore it; SIGTERM drains as before.
 * Protection is best effort: if the agent cannot be reached the job still
 * runs (and the drain deadline still applies), a warning is logged.
 */
export function createTaskProtection(options: TaskProtectionOptions): TaskProtection {
  const expiresInMinutes = options.expiresInMinutes ?? 60;
  const timeoutMs = options.timeoutMs ?? 3000;
  const url = `${options.agentUri.replace(/\/$/, "")}/task-protection/v1/state`;
  let held = 0;
  let applied = false;
  let renewal: NodeJS.Timeout | undefined;
  // Calls go out one at a time, in order: a late "off" must not overtake an "on".
  let queue: Promise<void> = Promise.resolve();

  const put = async (enabled: boolean): Promise<void> => {
    const body = enabled
      ? { ProtectionEnabled: true, ExpiresInMinutes: expiresInMinutes }
      : { ProtectionEnabled: false };
    try {
      const response = await fetch(url, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const parsed = parseJson(text);
      if (!response.ok || parsed?.failure || parsed?.error)
        throw new Error(`agent answered ${response.status}: ${text.slice(0, 200)}`);
      applied = enabled;
      options.log.info({ enabled, expiresInMinutes }, "task scale-in protection set");
    } catch (error) {
      options.log.warn(
        { err: error, enabled },
        "could not set task scale-in protection; the job runs unprotected",
      );
    }
  };

  /** Bring the agent's state to what the jobs held need, after the calls before it. */
  const settle = (): Promise<void> => {
    queue = queue.then(async () => {
      const wanted = held > 0;
      if (wanted !== applied) await put(wanted);
      if (applied && !renewal) {
        // Renew before it expires under a long job; also retries an "off" that failed.
        renewal = setInterval(
          () => {
            queue = queue.then(() => put(held > 0)).then(() => undefined);
          },
          (expiresInMinutes * 60_000) / 2,
        );
        renewal.unref();
      }
      if (!applied && renewal) {
        clearInterval(renewal);
        renewal = undefined;
      }
    });
    return queue;
  };

  return {
    acquire() {
      held += 1;
      return settle();
    },
    release() {
      held = Math.max(0, held - 1);
      return settle();
    },
    async stop() {
      held = 0;
      await settle();
      if (renewal) clearInterval(renewal);
      renewal = undefined;
    },
    get protectedNow() {
      return applied;
    },
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Wrap a job handler so that the task is protected while any job runs. */
export function protectWhileRunning<J, R>(
  protection: TaskProtection | undefined,
  handle: (job: J) => Promise<R>,
): (job: J) => Promise<R> {
  if (!protection) return handle;
  return async (job) => {
    await protection.acquire();
    try {
      return await handle(job);
    } finally {
      void protection.release();
    }
  };
}
