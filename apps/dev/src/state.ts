import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { isAlive, killGroup, processCommandLine, waitUntil } from "@hyperposter/devstack";

const ChildRecord = z.object({ name: z.string(), pid: z.number().int(), marker: z.string() });
const SupervisorState = z.object({
  pid: z.number().int(),
  marker: z.string(),
  status: z.enum(["starting", "running", "stopping"]),
  startedAt: z.string(),
  webUrl: z.string(),
  children: z.array(ChildRecord),
});
export type SupervisorState = z.infer<typeof SupervisorState>;
export type ChildRecord = z.infer<typeof ChildRecord>;

export function stateFile(dataDir: string): string {
  return join(dataDir, "dev-supervisor.json");
}

export function readState(dataDir: string): SupervisorState | undefined {
  const file = stateFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    return SupervisorState.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return undefined;
  }
}

export function writeState(dataDir: string, state: SupervisorState): void {
  writeFileSync(stateFile(dataDir), JSON.stringify(state, null, 2));
}

export function clearState(dataDir: string): void {
  rmSync(stateFile(dataDir), { force: true });
}

/** Alive, and still the program we recorded (a pid can be reused by anything). */
export function stillOurs(record: { pid: number; marker: string }): boolean {
  return isAlive(record.pid) && processCommandLine(record.pid).includes(record.marker);
}

/**
 * Children of a supervisor that died by SIGKILL keep running, holding ports.
 * Each was started as the leader of its own process group: end the groups.
 */
export async function stopLeftoverChildren(
  state: SupervisorState,
  log: (line: string) => void,
): Promise<void> {
  for (const child of state.children) {
    if (!stillOurs(child)) continue;
    log(`stopping ${child.name} left running by an earlier run (pid ${child.pid})`);
    killGroup(child.pid, "SIGTERM");
    if (!(await waitUntil(() => !isAlive(child.pid), 10_000))) killGroup(child.pid, "SIGKILL");
  }
}
