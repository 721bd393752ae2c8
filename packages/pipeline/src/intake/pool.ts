/**
 * Upload checks off the event loop: a small pool of worker threads (piscina)
 * runs ./tasks.ts with a time limit per task and a capped heap per thread. A
 * check past either ends its thread and answers "too-slow" or
 * "too-much-memory"; the process serving requests never decodes an upload.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import {
  INTAKE_LIMITS,
  type FontResult,
  type ImageKind,
  type ImageResult,
  type IntakeRefusal,
  type IntakeResult,
  type IntakeTask,
} from "./types";

export * from "./types";

/**
 * The worker entry as a file on disk. Beside this module when it runs from
 * source (vitest, tsx, the worker); through the package's export map from the
 * current folder when a bundler moved this module (the Next.js server).
 */
function workerFile(): string {
  const fromEnv = process.env.HYPERPOSTER_INTAKE_WORKER;
  if (fromEnv) return fromEnv;
  const entry = "worker.mjs";
  try {
    const beside = fileURLToPath(new URL(entry, import.meta.url));
    // A bundler may copy the entry alone as an asset (Turbopack does): only
    // the folder that also holds tasks.ts is the source folder.
    const folder = dirname(beside);
    if (existsSync(join(folder, "worker.mjs")) && existsSync(join(folder, "tasks.ts")))
      return join(folder, "worker.mjs");
  } catch {
    // import.meta.url is not a file URL in some bundles.
  }
  const fromCwd = createRequire(join(process.cwd(), "noop.js"));
  return fromCwd.resolve(["@hyperposter", "pipeline", "intake", "worker"].join("/"));
}

let pool: Piscina | undefined;

function thePool(): Piscina {
  pool ??= new Piscina({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: 2,
    idleTimeout: 30_000,
    maxQueue: 32,
    resourceLimits: {
      maxOldGenerationSizeMb: INTAKE_LIMITS.heapMb,
      maxYoungGenerationSizeMb: 64,
    },
  });
  return pool;
}

/** Stops the pool's threads (tests, shutdown). */
export async function closeIntakePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}

async function run(task: IntakeTask, timeoutMs: number): Promise<IntakeResult> {
  const p = thePool();
  if (p.queueSize >= p.options.maxQueue)
    return { ok: false, problem: "busy", detail: "the upload checker's queue is full" };
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return (await p.run(task, {
      signal,
      transferList: [task.bytes.buffer as ArrayBuffer],
    })) as IntakeResult;
  } catch (error) {
    const text = String(error);
    if (signal.aborted || /abort/i.test(text))
      return { ok: false, problem: "too-slow", detail: `the check ran past ${timeoutMs} ms` };
    if (/ERR_WORKER_OUT_OF_MEMORY|out of memory|heap/i.test(text))
      return { ok: false, problem: "too-much-memory", detail: text };
    if (/queue/i.test(text)) return { ok: false, problem: "busy", detail: text };
    // A missing worker file is our fault, not the upload's: let it be a 500.
    if (/ERR_MODULE_NOT_FOUND|Cannot find module/.test(text)) throw error;
    // Anything else a hostile file provoked inside the thread is refused, but
    // operators should still see it.
    console.error(`[intake] ${task.kind} check failed unexpectedly: ${text}`);
    return {
      ok: false,
      problem: task.kind === "image" ? "image-damaged" : "unreadable",
      detail: text,
    };
  }
}

function copy(bytes: Uint8Array): Uint8Array {
  // The copy is transferred to the thread; the caller keeps its own bytes.
  return new Uint8Array(bytes);
}

/**
 * Reusable image intake: decodes an upload in full within the size caps,
 * re-encodes it (PNG, or JPEG for a JPEG; SVG rasterised to PNG) and draws it
 * once. Store `bytes` of the result, never the upload.
 */
export async function intakeImage(
  bytes: Uint8Array,
  accept: ImageKind[],
  options: { timeoutMs?: number } = {},
): Promise<ImageResult | IntakeRefusal> {
  const result = await run(
    { kind: "image", bytes: copy(bytes), accept },
    options.timeoutMs ?? INTAKE_LIMITS.taskMs,
  );
  if (result.ok && result.kind !== "image") throw new Error("intake answered a font for an image");
  return result as ImageResult | IntakeRefusal;
}

/** Font intake: bounded unwrap of WOFF/WOFF2, HarfBuzz rebuild, fontkit read, one Skia draw. */
export async function intakeFont(
  bytes: Uint8Array,
  options: { timeoutMs?: number } = {},
): Promise<FontResult | IntakeRefusal> {
  const result = await run(
    { kind: "font", bytes: copy(bytes) },
    options.timeoutMs ?? INTAKE_LIMITS.taskMs,
  );
  if (result.ok && result.kind !== "font") throw new Error("intake answered an image for a font");
  return result as FontResult | IntakeRefusal;
}
