import { closeSync, openSync, writeSync } from "node:fs";
import { basename } from "node:path";
import { toFloat16 } from "../onnx/fp16";
import { AttributeType, DataType, encodeModel } from "../onnx/proto";
import type {
  GraphMessage,
  ModelMessage,
  NodeMessage,
  TensorMessage,
  ValueInfo,
} from "../onnx/proto";
import { WeightRandom } from "./weight-random";

export type ElemType = "float32" | "float16" | "int64" | "int32";
export type Dim = number | string;
export type AttrValue =
  number | number[] | string | { floats: number[] } | { tensor: TensorMessage };

const elemTypeCode: Record<ElemType, number> = {
  float32: DataType.FLOAT,
  float16: DataType.FLOAT16,
  int64: DataType.INT64,
  int32: DataType.INT32,
};

export type WeightInit =
  { kind: "normal"; std: number; mean?: number } | { kind: "const"; value: number };

export interface GraphBuilderOptions {
  /** Storage dtype of parameters; fp16 parameters are Cast to float32 for compute. */
  weightType: "float32" | "float16";
  seed: number;
  /** When set, parameters go to this file (ONNX external data) instead of the protobuf. */
  externalDataPath?: string;
  /** Only count parameters (no values): sizes full-size graphs in milliseconds. */
  countOnly?: boolean;
  /** Normal weights come from one repeated block of random values (see BuildOptions.tiledWeights). */
  tiledWeights?: boolean;
}

/** 2^20 values: large enough that no layer sees an obviously periodic matrix row. */
const TILE = 1 << 20;

/**
 * Accumulates an ONNX graph. Parameters are initializers (and counted as
 * parameters); shape helpers are Constant nodes, as in torch exports.
 * External data is streamed to disk as parameters are created, so a
 * full-size UNet never sits in memory at once.
 */
export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private rng: WeightRandom;
  private prefix = "";
  /** Adapter parameters (IP-Adapter's to_k_ip/to_v_ip) draw from their own stream, so the base weights equal a plain build's. */
  private readonly adapterRng: WeightRandom;
  private readonly fd: number | undefined;
  private offset = 0;
  private counter = 0;
  private tile: Float32Array | undefined;
  private readonly tiles = new Map<string, Uint16Array | Float32Array>();
  private tileAt = 0;
  parameterCount = 0;

  constructor(
    readonly name: string,
    private readonly options: GraphBuilderOptions,
  ) {
    this.rng = new WeightRandom(options.seed);
    this.adapterRng = new WeightRandom(options.seed + 1_000_003);
    this.fd = options.externalDataPath ? openSync(options.externalDataPath, "w") : undefined;
  }

  private fresh(hint: string): string {
    this.counter += 1;
    return `/${hint}_${this.counter}`;
  }

  input(name: string, type: ElemType, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: ElemType, dims: Dim[], from: string): void {
    this.node("Identity", [from], {}, [name]);
    this.outputs.push(valueInfo(name, type, dims));
  }

  node(
    op: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    outputs?: string[],
  ): string {
    const outs = outputs ?? [this.fresh(op)];
    this.nodes.push({
      op_type: op,
      name: `${op}_${this.nodes.length}`,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs[0] as string;
  }

  nodeMulti(
    op: string,
    inputs: string[],
    outputCount: number,
    attrs: Record<string, AttrValue> = {},
  ): string[] {
    const outs = Array.from({ length: outputCount }, () => this.fresh(op));
    this.node(op, inputs, attrs, outs);
    return outs;
  }

  /**
   * Builds a sub-model whose parameters are named `prefix`+name and drawn from
   * their own seeded stream, so the same sub-model built alone (a separate
   * controlnet/ graph) and inside another graph (the fused UNet+ControlNet)
   * gets identical weights.
   */
  scoped<T>(prefix: string, seed: number, build: () => T): T {
    const saved = { rng: this.rng, prefix: this.prefix };
    this.rng = new WeightRandom(seed);
    this.prefix = prefix;
    try {
      return build();
    } finally {
      this.rng = saved.rng;
      this.prefix = saved.prefix;
    }
  }

  /** A trainable parameter, float32 for compute whatever its storage dtype. */
  param(
    bareName: string,
    dims: number[],
    init: WeightInit,
    stream: "base" | "adapter" = "base",
  ): string {
    const name = `${this.prefix}${bareName}`;
    const size = dims.reduce((a, b) => a * b, 1);
    this.parameterCount += size;
    if (this.options.countOnly) {
      this.initializers.push({ name, dims, data_type: DataType.FLOAT });
      return name;
    }
    const fp16 = this.options.weightType === "float16";
    let bytes: Uint8Array;
    if (init.kind === "normal" && this.options.tiledWeights && stream === "base") {
      bytes = this.tiled(size, init.mean ?? 0, init.std, fp16);
    } else {
      const values = new Float32Array(size);
      if (init.kind === "const") values.fill(init.value);
      else
        (stream === "adapter" ? this.adapterRng : this.rng).fillNormal(
          values,
          init.mean ?? 0,
          init.std,
        );
      bytes = fp16 ? new Uint8Array(toFloat16(values).buffer) : new Uint8Array(values.buffer);
    }
    const tensor: TensorMessage = {
      name,
      dims,
      data_type: fp16 ? DataType.FLOAT16 : DataType.FLOAT,
    };
    if (this.fd !== undefined && this.options.externalDataPath) {
      writeSync(this.fd, bytes);
      tensor.external_data = [
        { key: "location", value: basename(this.options.externalDataPath) },
        { key: "offset", value: String(this.offset) },
        { key: "length", value: String(bytes.length) },
      ];
      tensor.data_location = 1;
      this.offset += bytes.length;
    } else {
      tensor.raw_data = bytes;
    }
    this.initializers.push(tensor);
    return fp16 ? this.node("Cast", [name], { to: DataType.FLOAT }) : name;
  }

  /** `size` values copied round-robin from one random block per (mean, std, dtype). */
  private tiled(size: number, mean: number, std: number, fp16: boolean): Uint8Array {
    const key = `${mean}:${std}:${fp16 ? 16 : 32}`;
    let block = this.tiles.get(key);
    if (!block) {
      if (!this.tile) {
        this.tile = new Float32Array(TILE);
        this.rng.fillNormal(this.tile, 0, 1);
      }
      const scaled = this.tile.map((v) => mean + std * v);
      block = fp16 ? toFloat16(scaled) : scaled;
      this.tiles.set(key, block);
    }
    const out = fp16 ? new Uint16Array(size) : new Float32Array(size);
    for (let o = 0; o < size;) {
      const n = Math.min(size - o, TILE - this.tileAt);
      out.set(block.subarray(this.tileAt, this.tileAt + n), o);
      o += n;
      this.tileAt = (this.tileAt + n) % TILE;
    }
    return new Uint8Array(out.buffer);
  }

  /** A float32 parameter's values as stored inline (for tests that re-compute a layer by hand). */
  inlineValues(name: string): Float32Array {
    const t = this.initializers.find((i) => i.name === name);
    if (!t?.raw_data || t.data_type !== DataType.FLOAT)
      throw new Error(`${name} is not an inline float32 parameter`);
    const bytes = t.raw_data;
    return new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
  }

  constFloat(values: number[] | Float32Array, dims: number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.node("Constant", [], {
      value: {
        tensor: { dims, data_type: DataType.FLOAT, raw_data: new Uint8Array(data.buffer.slice(0)) },
      },
    });
  }

  constInt64(values: number[], dims: number[] = [values.length]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    return this.node("Constant", [], {
      value: { tensor: { dims, data_type: DataType.INT64, raw_data: new Uint8Array(data.buffer) } },
    });
  }

  /** Closes the external data file (if any) and returns the model protobuf. */
  finish(opset = 17): Uint8Array {
    if (this.fd !== undefined) closeSync(this.fd);
    const graph: GraphMessage = {
      name: this.name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    };
    const model: ModelMessage = {
      ir_version: 8,
      opset_import: [{ domain: "", version: opset }],
      producer_name: "hyperposter-model-builder",
      graph,
    };
    return encodeModel(model);
  }
}

export function elemTypeOf(type: ElemType): number {
  return elemTypeCode[type];
}

function valueInfo(name: string, type: ElemType, dims: Dim[]): ValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemTypeCode[type],
        shape: {
          dim: dims.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })),
        },
      },
    },
  };
}

function attribute(name: string, v: AttrValue): Record<string, unknown> {
  if (typeof v === "number") {
    return Number.isInteger(v)
      ? { name, type: AttributeType.INT, i: v }
      : { name, type: AttributeType.FLOAT, f: v };
  }
  if (typeof v === "string")
    return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
  if ("floats" in v) return { name, type: AttributeType.FLOATS, floats: v.floats };
  return { name, type: AttributeType.TENSOR, t: v.tensor };
}
