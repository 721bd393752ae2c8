import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { DataType, decodeModel, dimToNumber, type TensorMessage, type ValueInfo } from "./proto";

export interface IoInfo {
  name: string;
  elemType: string;
  dims: (number | string)[];
}

export interface OnnxSummary {
  inputs: IoInfo[];
  outputs: IoInfo[];
  /** Elements of all floating-point initializers (= parameters, plus a few folded constants). */
  parameters: number;
  opset: number | undefined;
  externalFiles: string[];
  /** External data references that point past the end of their file or to a missing file. */
  externalProblems: string[];
}

const typeNames: Record<number, string> = {
  [DataType.FLOAT]: "float32",
  [DataType.FLOAT16]: "float16",
  [DataType.INT64]: "int64",
  [DataType.INT32]: "int32",
  [DataType.UINT8]: "uint8",
  [DataType.BOOL]: "bool",
  11: "float64",
  16: "bfloat16",
};

function ioInfo(v: ValueInfo): IoInfo {
  const t = v.type?.tensor_type;
  return {
    name: v.name,
    elemType: typeNames[t?.elem_type ?? 0] ?? `type${t?.elem_type ?? "?"}`,
    dims: (t?.shape?.dim ?? []).map((d) =>
      d.dim_param ? d.dim_param : d.dim_value !== undefined ? dimToNumber(d.dim_value) : "?",
    ),
  };
}

function elements(t: TensorMessage): number {
  return (t.dims ?? []).reduce<number>((a, d) => a * dimToNumber(d), 1);
}

const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, 11, 16]);

/**
 * Reads a model.onnx without creating a session: I/O signature, parameter
 * count and the external data files it needs (real exports keep weights in
 * model.onnx_data / weights.pb beside it).
 */
export function inspectOnnx(modelPath: string): OnnxSummary {
  const model = decodeModel(readFileSync(modelPath));
  const graph = model.graph;
  if (!graph) throw new Error(`${modelPath}: no graph`);
  const initNames = new Set((graph.initializer ?? []).map((t) => t.name));
  let parameters = 0;
  const files = new Map<string, number>();
  const problems: string[] = [];
  for (const t of graph.initializer ?? []) {
    if (FLOAT_TYPES.has(t.data_type ?? 0)) parameters += elements(t);
    if (t.data_location === 1 || (t.external_data?.length ?? 0) > 0) {
      const kv = new Map((t.external_data ?? []).map((e) => [e.key, e.value]));
      const location = kv.get("location");
      if (!location) {
        problems.push(`${t.name ?? "?"}: external data without a location`);
        continue;
      }
      const end = Number(kv.get("offset") ?? 0) + Number(kv.get("length") ?? 0);
      files.set(location, Math.max(files.get(location) ?? 0, end));
    }
  }
  for (const [location, end] of files) {
    const path = join(dirname(modelPath), location);
    if (!existsSync(path)) problems.push(`external data file ${location} is missing`);
    else if (statSync(path).size < end)
      problems.push(
        `external data file ${location} is shorter (${statSync(path).size} B) than referenced (${end} B)`,
      );
  }
  return {
    // Old exporters list initializers among the inputs too; those are not feeds.
    inputs: (graph.input ?? []).filter((v) => !initNames.has(v.name)).map(ioInfo),
    outputs: (graph.output ?? []).map(ioInfo),
    parameters,
    opset: model.opset_import?.find((o) => !o.domain)?.version,
    externalFiles: [...files.keys()],
    externalProblems: problems,
  };
}
