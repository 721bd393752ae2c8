/**
 * `npm run model:build -- <preset> <dir> [--fp16] [--timestep int64|float]
 * [--external] [--tiny-vae] [--seed N] [--ip-adapter] [--inpainting]`: writes a random-weight model folder
 * in optimum's diffusers ONNX layout (--ip-adapter adds image_encoder/,
 * image_proj/ and an IP-Adapter UNet; --inpainting a 9-channel UNet and
 * vae_encoder/). Presets: tiny-sd, tiny-sdxl, tiny-sd15 (CI), sd15,
 * sd-turbo, sd21, sd21-v (full size, for latency benchmarks: ~3.5 GB fp32 for the
 * UNet alone, always written as external data). Flow-matching presets:
 * tiny-flux (FLUX.1-schnell-shaped), tiny-flux-dev (guidance input), tiny-sd3
 * (CI), flux-schnell-few-blocks (full width, 1 + 2 of the 19 + 38 blocks,
 * for per-step latency; full FLUX.1 is 12 B parameters and is not built).
 */
import { parseArgs } from "node:util";
import {
  FLOW_PRESETS,
  PRESETS,
  writeFlowFolder,
  writeModelFolder,
} from "@hyperposter/pipeline/diffusion/builder";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  allowPositionals: true,
  options: {
    fp16: { type: "boolean", default: false },
    timestep: { type: "string", default: "float" },
    external: { type: "boolean", default: false },
    "tiny-vae": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    "ip-adapter": { type: "boolean", default: false },
    inpainting: { type: "boolean", default: false },
  },
});

const [presetName, dir] = positionals;
const flowPreset = presetName ? FLOW_PRESETS[presetName] : undefined;
if (flowPreset && dir) {
  const t0 = performance.now();
  const report = writeFlowFolder(dir, flowPreset, {
    dtype: values.fp16 ? "float16" : "float32",
    externalData: values.external || !presetName?.startsWith("tiny"),
    seed: Number(values.seed),
  });
  for (const [name, count] of Object.entries(report.parameters))
    process.stdout.write(`${name.padEnd(16)} ${(count / 1e6).toFixed(2)} M params\n`);
  process.stdout.write(`wrote ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  process.exit(0);
}
const preset = presetName ? PRESETS[presetName] : undefined;
if (!preset || !dir) {
  process.stderr.write(
    `Usage: npm run model:build -- <${[...Object.keys(PRESETS), ...Object.keys(FLOW_PRESETS)].join("|")}> <dir> [--fp16] [--timestep int64|float] [--external] [--tiny-vae] [--seed N] [--ip-adapter] [--inpainting]\n`,
  );
  process.exit(2);
}
if (values.timestep !== "float" && values.timestep !== "int64") {
  process.stderr.write("--timestep must be float or int64\n");
  process.exit(2);
}
const full = !presetName?.startsWith("tiny");
const t0 = performance.now();
const report = writeModelFolder(dir, preset, {
  dtype: values.fp16 ? "float16" : "float32",
  timestep: values.timestep,
  // Protobuf messages stop at 2 GiB: full-size weights must be external.
  externalData: values.external || full,
  tinyVae: values["tiny-vae"],
  seed: Number(values.seed),
  ipAdapter: values["ip-adapter"],
  inpainting: values.inpainting,
});
for (const [name, count] of Object.entries(report.parameters)) {
  process.stdout.write(`${name.padEnd(16)} ${(count / 1e6).toFixed(2)} M params\n`);
}
process.stdout.write(`wrote ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
