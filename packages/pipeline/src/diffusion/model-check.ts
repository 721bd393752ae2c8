import { relative } from "node:path";
import type { ModelFolder } from "./model-folder";
import { loadModelFolder, ModelFolderError } from "./model-folder";
import { inspectOnnx, type IoInfo, type OnnxSummary } from "./onnx/inspect";
import { checkControlComponents } from "./control/check";
import { checkControlNets } from "./control/controlnet-check";
import { controlLayoutOf } from "./control/controlnet-folder";

export interface ComponentReport {
  name: string;
  parameters: number;
  inputs: IoInfo[];
  outputs: IoInfo[];
  externalFiles: string[];
}

export interface FolderReport {
  folder: ModelFolder;
  components: ComponentReport[];
  /** ControlNets, IP-Adapter and inpainting support found in the folder (empty for a plain text-to-image folder). */
  controls: string[];
}

const FLOATS = ["float32", "float16"];

function expectIo(
  file: string,
  summary: OnnxSummary,
  io: "inputs" | "outputs",
  name: string,
  types: string[],
  rank: number,
): void {
  const entry = summary[io].find((v) => v.name === name);
  const kind = io === "inputs" ? "input" : "output";
  if (!entry) {
    throw new ModelFolderError(
      file,
      `missing ${kind} ${name} (has ${summary[io].map((v) => v.name).join(", ")})`,
    );
  }
  if (!types.includes(entry.elemType))
    throw new ModelFolderError(
      file,
      `${kind} ${name} is ${entry.elemType}, expected ${types.join(" or ")}`,
    );
  if (entry.dims.length !== rank)
    throw new ModelFolderError(
      file,
      `${kind} ${name} has rank ${entry.dims.length}, expected ${rank}`,
    );
}

function staticDim(
  file: string,
  summary: OnnxSummary,
  name: string,
  axis: number,
  expected: number,
  why: string,
): void {
  const d = summary.inputs.find((v) => v.name === name)?.dims[axis];
  if (typeof d === "number" && d !== expected)
    throw new ModelFolderError(
      file,
      `input ${name} dim ${axis} is ${d}, but ${why} says ${expected}`,
    );
}

/**
 * Validates a folder without running it: layout and configs (loadModelFolder),
 * then each model.onnx's I/O names, dtypes and ranks against what the
 * pipeline feeds, and its external data files.
 */
export function checkModelFolder(dir: string): FolderReport {
  const folder = loadModelFolder(dir);
  const components: ComponentReport[] = [];
  const inspect = (path: string): OnnxSummary => {
    const file = relative(dir, path);
    const summary = inspectOnnx(path);
    if (summary.externalProblems.length > 0)
      throw new ModelFolderError(file, summary.externalProblems.join("; "));
    return summary;
  };
  const add = (name: string, s: OnnxSummary): void => {
    components.push({
      name,
      parameters: s.parameters,
      inputs: s.inputs,
      outputs: s.outputs,
      externalFiles: s.externalFiles,
    });
  };

  const texts = [{ c: folder.textEncoder, projection: false }];
  if (folder.textEncoder2) texts.push({ c: folder.textEncoder2, projection: true });
  for (const { c, projection } of texts) {
    const file = `${c.name}/model.onnx`;
    const s = inspect(c.modelPath);
    expectIo(file, s, "inputs", "input_ids", ["int64", "int32"], 2);
    const hidden = folder.isXl
      ? `hidden_states.${c.config.num_hidden_layers - 1}`
      : "last_hidden_state";
    expectIo(file, s, "outputs", hidden, FLOATS, 3);
    if (projection) expectIo(file, s, "outputs", "text_embeds", FLOATS, 2);
    add(c.name, s);
  }

  const unetFile = "unet/model.onnx";
  const u = inspect(folder.unet.modelPath);
  expectIo(unetFile, u, "inputs", "sample", FLOATS, 4);
  expectIo(unetFile, u, "inputs", "timestep", [...FLOATS, "int64"], 1);
  expectIo(unetFile, u, "inputs", "encoder_hidden_states", FLOATS, 3);
  if (folder.isXl) {
    expectIo(unetFile, u, "inputs", "text_embeds", FLOATS, 2);
    expectIo(unetFile, u, "inputs", "time_ids", FLOATS, 2);
  }
  // ONNX Runtime's fused UNet+ControlNet graph names its output `latent`.
  const fused = controlLayoutOf(u.inputs.map((v) => v.name)) === "fused";
  const unetOut =
    fused && !u.outputs.some((v) => v.name === "out_sample") ? "latent" : "out_sample";
  expectIo(unetFile, u, "outputs", unetOut, FLOATS, 4);
  staticDim(
    unetFile,
    u,
    "sample",
    1,
    folder.unet.config.in_channels,
    "unet/config.json in_channels",
  );
  staticDim(
    unetFile,
    u,
    "encoder_hidden_states",
    2,
    folder.unet.config.cross_attention_dim,
    "unet/config.json cross_attention_dim",
  );
  add("unet", u);
  const inspectPart = (path: string, name: string): OnnxSummary => {
    const s = inspect(path);
    add(name, s);
    return s;
  };
  const controls = [
    ...checkControlNets(folder, u, inspectPart),
    ...checkControlComponents(folder, u, inspectPart),
  ];

  const vaes = [folder.vaeDecoder, ...(folder.tinyVaeDecoder ? [folder.tinyVaeDecoder] : [])];
  for (const vae of vaes) {
    const file = `${vae.name}/model.onnx`;
    const s = inspect(vae.modelPath);
    expectIo(file, s, "inputs", "latent_sample", FLOATS, 4);
    expectIo(file, s, "outputs", "sample", FLOATS, 4);
    staticDim(
      file,
      s,
      "latent_sample",
      1,
      vae.config.latent_channels,
      `${vae.name}/config.json latent_channels`,
    );
    add(vae.name, s);
  }
  return { folder, components, controls };
}
