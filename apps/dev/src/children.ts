import { spawn, type ChildProcess } from "node:child_process";
import { isAlive, killGroup, waitUntil } from "@hyperposter/devstack";
import { pipeLines } from "./log";

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface ManagedChild {
  name: string;
  pid: number;
  /** Text of its command line that identifies it among other processes. */
  marker: string;
  process: ChildProcess;
  stop(graceMs?: number): Promise<void>;
}

/**
 * Start a child as the leader of its own process group, so that stopping it
 * also stops what it started (next dev runs several processes), and so that a
 * later run can find and end the whole group if this supervisor is SIGKILLed.
 */
export function startChild(spec: ChildSpec, onExit: (code: number | null) => void): ManagedChild {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${spec.name} did not start.`);
  const pid = child.pid;
  pipeLines(child.stdout!, spec.log);
  pipeLines(child.stderr!, spec.log);
  let stopping = false;
  child.on("exit", (code) => {
    if (!stopping) onExit(code);
  });
  return {
    name: spec.name,
    pid,
    marker: spec.args.join(" "),
    process: child,
    async stop(graceMs = 10_000) {
      stopping = true;
      if (!isAlive(pid)) return;
      killGroup(pid, "SIGTERM");
      if (!(await waitUntil(() => !isAlive(pid), graceMs))) {
        spec.log(`did not stop within ${graceMs / 1000} s: killing`);
        killGroup(pid, "SIGKILL");
      }
      // Whatever of the group outlived its leader goes too.
      killGroup(pid, "SIGKILL");
    },
  };
}
