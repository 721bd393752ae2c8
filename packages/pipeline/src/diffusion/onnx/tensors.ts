import * as ort from "onnxruntime-node";
import { fromFloat16, toFloat16 } from "./fp16";

export type FeedType = "float32" | "float16" | "int64" | "int32";

export interface InputSpec {
  name: string;
  type: FeedType;
  /** Static dims as numbers, symbolic ones as strings/undefined. */
  shape: (number | string | undefined)[];
}

/** The dtypes the session expects, read from its metadata (exports differ: timestep is float or int64). */
export function inputSpecs(session: ort.InferenceSession): Map<string, InputSpec> {
  const out = new Map<string, InputSpec>();
  for (const meta of session.inputMetadata) {
    if (!meta.isTensor) throw new Error(`input ${meta.name} is not a tensor`);
    const type = meta.type;
    if (type !== "float32" && type !== "float16" && type !== "int64" && type !== "int32") {
      throw new Error(`input ${meta.name} has unsupported type ${type}`);
    }
    out.set(meta.name, { name: meta.name, type, shape: [...meta.shape] });
  }
  return out;
}

/** A tensor of the session's dtype for `name` from float64-able values. */
export function makeFeed(spec: InputSpec, values: ArrayLike<number>, dims: number[]): ort.Tensor {
  const size = dims.reduce((a, b) => a * b, 1);
  if (values.length !== size)
    throw new Error(`${spec.name}: ${values.length} values for shape [${dims.join(", ")}]`);
  if (spec.shape.length !== dims.length) {
    throw new Error(
      `${spec.name}: model expects rank ${spec.shape.length}, got shape [${dims.join(", ")}]`,
    );
  }
  spec.shape.forEach((d, i) => {
    if (typeof d === "number" && d !== dims[i]) {
      throw new Error(
        `${spec.name}: model expects dim ${i} = ${d}, got shape [${dims.join(", ")}]`,
      );
    }
  });
  switch (spec.type) {
    case "float32":
      return new ort.Tensor(
        "float32",
        values instanceof Float32Array ? values : Float32Array.from(values),
        dims,
      );
    case "float16":
      return float16Tensor(toFloat16(values), dims);
    case "int64":
      return new ort.Tensor(
        "int64",
        BigInt64Array.from(Array.from(values, (v) => BigInt(Math.round(v)))),
        dims,
      );
    case "int32":
      return new ort.Tensor("int32", Int32Array.from(values), dims);
  }
}

/** Any float output as float32 (fp16 outputs arrive as Uint16Array bits). */
export function readFloat(tensor: ort.Tensor | undefined, name: string): Float32Array {
  if (!tensor) throw new Error(`model output ${name} is missing`);
  if (tensor.type === "float32") return tensor.data as Float32Array;
  if (tensor.type === "float16") {
    const data = tensor.data;
    if (data instanceof Uint16Array) return fromFloat16(data);
    // Node builds with a native Float16Array hand those over instead.
    return Float32Array.from(data as ArrayLike<number>);
  }
  throw new Error(`model output ${name} has type ${tensor.type}, expected a float tensor`);
}

/**
 * Where the JS engine has Float16Array (Node ≥ 24), onnxruntime-common wraps
 * a Uint16Array in a Float16Array view, which onnxruntime-node 1.30's native
 * binding reads as 0 bytes ("not enough space: expected N, got 0"). Handing
 * the binding the raw half-float bits again makes fp16 inputs work on every
 * Node version; outputs still arrive as Float16Array and readFloat takes both.
 */
export function float16Tensor(bits: Uint16Array, dims: number[]): ort.Tensor {
  const tensor = new ort.Tensor("float16", bits, dims);
  if (!(tensor.data instanceof Uint16Array)) Reflect.set(tensor, "cpuData", bits);
  return tensor;
}
