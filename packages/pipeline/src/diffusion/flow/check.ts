import { relative } from "node:path";
import type { ComponentReport } from "../model-check";
import { ModelFolderError } from "../model-folder";
import { inspectOnnx, type OnnxSummary } from "../onnx/inspect";
import { loadFlowFolder, type FlowFolder } from "./folder";
import { transformerInputs } from "./flow-pipeline";

export interface FlowFolderReport {
  folder: FlowFolder;
  components: ComponentReport[];
}

const FLOATS = ["float32", "float16"];

function expectIo(
  file: string,
  s: OnnxSummary,
  io: "inputs" | "outputs",
  name: string,
  types: string[],
  rank: number,
  why = "",
): void {
  const entry = s[io].find((v) => v.name === name);
  const kind = io === "inputs" ? "input" : "output";
  if (!entry)
    throw new ModelFolderError(
      file,
      `missing ${kind} ${name}${why} (has ${s[io].map((v) => v.name).join(", ")})`,
    );
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

function lastDim(file: string, s: OnnxSummary, name: string, expected: number, why: string): void {
  const entry = s.inputs.find((v) => v.name === name);
  const d = entry?.dims[entry.dims.length - 1];
  if (typeof d === "number" && d !== expected)
    throw new ModelFolderError(file, `input ${name} is ${d} wide, but ${why} says ${expected}`);
}

/**
 * model:check for FluxPipeline / StableDiffusion3Pipeline folders: configs
 * cross-checked (loadFlowFolder), then each model.onnx's I/O names, dtypes
 * and ranks against what FlowPipeline feeds, and its external data.
 */
export function checkFlowFolder(dir: string): FlowFolderReport {
  const folder = loadFlowFolder(dir);
  const components: ComponentReport[] = [];
  const inspect = (path: string, name: string): OnnxSummary => {
    const s = inspectOnnx(path);
    if (s.externalProblems.length > 0)
      throw new ModelFolderError(relative(dir, path), s.externalProblems.join("; "));
    components.push({
      name,
      parameters: s.parameters,
      inputs: s.inputs,
      outputs: s.outputs,
      externalFiles: s.externalFiles,
    });
    return s;
  };
  for (const c of folder.clipEncoders) {
    const file = `${c.name}/model.onnx`;
    const s = inspect(c.modelPath, c.name);
    expectIo(file, s, "inputs", "input_ids", ["int64", "int32"], 2);
    if (folder.kind === "flux") {
      expectIo(
        file,
        s,
        "outputs",
        "pooler_output",
        FLOATS,
        2,
        " (FluxPipeline reads CLIP's pooled output)",
      );
    } else {
      expectIo(
        file,
        s,
        "outputs",
        "text_embeds",
        FLOATS,
        2,
        " (SD3 needs CLIPTextModelWithProjection)",
      );
      expectIo(
        file,
        s,
        "outputs",
        `hidden_states.${c.config.num_hidden_layers - 1}`,
        FLOATS,
        3,
        " (SD3 reads the penultimate layer: export with output_hidden_states)",
      );
    }
  }
  const t5File = `${folder.t5Encoder.name}/model.onnx`;
  const t5 = inspect(folder.t5Encoder.modelPath, folder.t5Encoder.name);
  expectIo(t5File, t5, "inputs", "input_ids", ["int64", "int32"], 2);
  expectIo(t5File, t5, "outputs", "last_hidden_state", FLOATS, 3);

  const tFile = "transformer/model.onnx";
  const t = inspect(folder.transformer.modelPath, "transformer");
  const cfg = folder.transformer.config;
  const ranks: Record<string, number> = {
    hidden_states: folder.kind === "flux" ? 3 : 4,
    encoder_hidden_states: 3,
    pooled_projections: 2,
    timestep: 1,
    img_ids: 2,
    txt_ids: 2,
    guidance: 1,
  };
  for (const name of transformerInputs(folder)) {
    const why =
      name === "guidance" ? " although transformer/config.json has guidance_embeds true" : "";
    expectIo(tFile, t, "inputs", name, FLOATS, ranks[name] ?? 1, why);
  }
  expectIo(tFile, t, "outputs", "out_hidden_states", FLOATS, folder.kind === "flux" ? 3 : 4);
  lastDim(
    tFile,
    t,
    "encoder_hidden_states",
    cfg.joint_attention_dim,
    "transformer/config.json joint_attention_dim",
  );
  lastDim(
    tFile,
    t,
    "pooled_projections",
    cfg.pooled_projection_dim,
    "transformer/config.json pooled_projection_dim",
  );
  if (folder.kind === "flux")
    lastDim(
      tFile,
      t,
      "hidden_states",
      folder.transformer.config.in_channels,
      "transformer/config.json in_channels",
    );

  const vFile = "vae_decoder/model.onnx";
  const v = inspect(folder.vaeDecoder.modelPath, "vae_decoder");
  expectIo(vFile, v, "inputs", "latent_sample", FLOATS, 4);
  expectIo(vFile, v, "outputs", "sample", FLOATS, 4);
  const lc = v.inputs.find((x) => x.name === "latent_sample")?.dims[1];
  if (typeof lc === "number" && lc !== folder.vaeDecoder.config.latent_channels)
    throw new ModelFolderError(
      vFile,
      `input latent_sample has ${lc} channels, but vae_decoder/config.json latent_channels says ${folder.vaeDecoder.config.latent_channels}`,
    );
  return { folder, components };
}
