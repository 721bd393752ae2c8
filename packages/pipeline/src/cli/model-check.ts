/**
 * `npm run model:check -- <dir>`: validates a diffusers-layout ONNX model
 * folder without running it and prints each component's parameter count and
 * I/O signature. Exit code 1 names the file at fault.
 */
import { checkModelFolder, type ComponentReport } from "../diffusion/model-check";
import { checkFlowFolder } from "../diffusion/flow/check";
import { flowKindOf } from "../diffusion/flow/folder";

const args = process.argv.slice(2).filter((a) => a !== "--");
const dir = args[0];
if (!dir) {
  process.stderr.write("Usage: npm run model:check -- <model-dir>\n");
  process.exit(2);
}

const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${(n / 1e3).toFixed(1)} k`;

function printComponents(components: ComponentReport[]): void {
  let total = 0;
  for (const c of components) {
    total += c.parameters;
    const io = (list: typeof c.inputs) =>
      list.map((v) => `${v.name}:${v.elemType}[${v.dims.join(",")}]`).join(" ");
    process.stdout.write(
      `  ${c.name.padEnd(16)} ${fmt(c.parameters).padStart(9)} params (${c.parameters})` +
        `${c.externalFiles.length ? `  external: ${c.externalFiles.join(", ")}` : ""}\n` +
        `    in:  ${io(c.inputs)}\n    out: ${io(c.outputs.filter((o) => !o.name.startsWith("hidden_states.")))}` +
        `${c.outputs.some((o) => o.name.startsWith("hidden_states.")) ? " hidden_states.*" : ""}\n`,
    );
  }
  process.stdout.write(`  total            ${fmt(total).padStart(9)} params\nOK\n`);
}

try {
  if (flowKindOf(dir)) {
    const { folder, components } = checkFlowFolder(dir);
    process.stdout.write(
      `${folder.pipelineClass} in ${dir}\n` +
        `  scheduler FlowMatchEulerDiscreteScheduler (shift ${String(folder.scheduler["shift"] ?? 1)}, dynamic ${String(folder.scheduler["use_dynamic_shifting"] ?? false)}), ` +
        `native ${folder.nativeSize}px, sizes ×${folder.sizeMultiple}, VAE ×${folder.vaeScaleFactor}, ` +
        `${folder.kind === "flux" ? `guidance input ${folder.transformer.config.guidance_embeds ? "yes" : "no"}` : "CFG by guidance > 1"}\n`,
    );
    printComponents(components);
  } else {
    const { folder, components, controls } = checkModelFolder(dir);
    process.stdout.write(
      `${folder.pipelineClass} in ${dir}\n` +
        `  scheduler ${String(folder.scheduler["_class_name"])} (${String(folder.scheduler["prediction_type"] ?? "epsilon")}), ` +
        `native ${folder.nativeSize}px, VAE ×${folder.vaeScaleFactor}, pad token ${JSON.stringify(folder.tokenizer.padToken)}\n`,
    );
    process.stdout.write(`  controls: ${controls.length ? controls.join(", ") : "none"}\n`);
    printComponents(components);
  }
} catch (error) {
  process.stderr.write(
    `model:check failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
