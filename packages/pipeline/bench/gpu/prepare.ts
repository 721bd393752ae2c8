/**
 * `npm run bench:gpu -- [--out .bench-gpu] [--run-here] [--keep-runtime]`
 *
 * Prepares a folder (≤ 60 MiB) for a bare GPU machine that has Python,
 * PyTorch and a driver but no Node, no registry and no network:
 *
 *   runtime.tar.xz   Node (this one) + the benchmark bundled by esbuild +
 *                    onnxruntime-node (its linux x64 library, which bundles
 *                    the WebGPU provider) and onnxruntime-common
 *   debs/*.deb       the Vulkan loader and the GL vendor-neutral libraries
 *                    NVIDIA's Vulkan driver links against (apt-get download)
 *   unpack-debs.py   unpacks them with Python's standard library (no dpkg needed)
 *   run.sh           unpacks everything, finds the NVIDIA Vulkan driver,
 *                    builds the full-size random-weight fp16 SD-Turbo and
 *                    SDXL-Turbo folders there and prints the per-stage table
 *
 * `--run-here` then runs the folder's run.sh on this machine with the tiny
 * models (`--tiny`), which proves the folder end to end on lavapipe.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const LIMIT_BYTES = 60 * 1024 * 1024;
/**
 * The Vulkan loader, and what NVIDIA's ICD library (libGLX_nvidia.so.0)
 * needs that a CUDA-only image often lacks: libglvnd's dispatch and the X11
 * client libraries it links against.
 */
const DEBS = [
  "libvulkan1",
  "libglvnd0",
  "libegl1",
  "libgl1",
  "libglx0",
  "libx11-6",
  "libxext6",
  "libxcb1",
  "libxau6",
  "libxdmcp6",
  "libbsd0",
  "libmd0",
];

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    out: { type: "string", default: ".bench-gpu" },
    "run-here": { type: "boolean", default: false },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../../..");
const out = resolve(values.out);
const say = (s: string): void => void process.stdout.write(`${s}\n`);

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function stageRuntime(stage: string): Promise<void> {
  mkdirSync(stage, { recursive: true });
  copyFileSync(process.execPath, join(stage, "node"));
  await build({
    entryPoints: [join(here, "bench.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // Two folders deep, as in the source tree: the CLIP tokenizer finds its
    // bundled vocabulary at ../../data/clip from its module's URL.
    outfile: join(stage, "bench/gpu/bench.mjs"),
    // The native binding is loaded by path from the package: ship it as files.
    external: ["onnxruntime-node"],
    // Bundled CommonJS dependencies (protobufjs) still call require().
    banner: {
      js: "import { createRequire as __hpCreateRequire } from 'node:module'; const require = __hpCreateRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  cpSync(
    join(root, "packages/pipeline/data/clip/bpe_simple_vocab_16e6.txt.gz"),
    join(stage, "data/clip/bpe_simple_vocab_16e6.txt.gz"),
  );
  const ortSrc = join(root, "node_modules/onnxruntime-node");
  const ortDst = join(stage, "node_modules/onnxruntime-node");
  for (const p of ["package.json", "dist", "bin/napi-v6/linux/x64"])
    cpSync(join(ortSrc, p), join(ortDst, p), { recursive: true });
  const commonSrc = join(root, "node_modules/onnxruntime-common");
  const commonDst = join(stage, "node_modules/onnxruntime-common");
  for (const p of ["package.json", "dist"])
    cpSync(join(commonSrc, p), join(commonDst, p), { recursive: true });
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, "debs"), { recursive: true });
  const stage = join(out, ".stage");
  const t0 = performance.now();
  await stageRuntime(stage);
  say(`runtime staged (${mib(sizeOf(stage))} uncompressed); compressing with xz…`);
  execFileSync("tar", ["-C", stage, "-cJf", join(out, "runtime.tar.xz"), "."], {
    env: { ...process.env, XZ_OPT: "-6 -T0" },
    stdio: "inherit",
  });
  rmSync(stage, { recursive: true, force: true });
  execFileSync("apt-get", ["download", ...DEBS], { cwd: join(out, "debs"), stdio: "inherit" });
  for (const f of ["run.sh", "unpack-debs.py"]) copyFileSync(join(here, f), join(out, f));
  const total = sizeOf(out);
  say(
    `\n${out}: ${mib(total)} (limit ${mib(LIMIT_BYTES)}), prepared in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  for (const name of readdirSync(out).sort())
    say(`  ${name.padEnd(16)} ${mib(sizeOf(join(out, name)))}`);
  if (total > LIMIT_BYTES) throw new Error(`the folder is ${mib(total)}, over ${mib(LIMIT_BYTES)}`);
  say(
    "copy it to the GPU machine and run: bash run.sh   (bash run.sh --tiny for the small models)",
  );
  if (values["run-here"]) {
    say("\nrunning it here with the tiny models (bash run.sh --tiny):");
    execFileSync("bash", [join(out, "run.sh"), "--tiny"], { stdio: "inherit" });
  }
}

await main();
