import protobuf from "protobufjs";

/**
 * The subset of onnx/onnx.proto (IR version 8+) that building and inspecting
 * diffusion models needs, with upstream field numbers so the bytes are real
 * ONNX. The npm `onnx-proto` package is years stale, hence hand-written.
 */
const ONNX_PROTO_SUBSET = `
syntax = "proto3";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  string name = 1;
  string ref_attr_name = 21;
  string doc_string = 13;
  AttributeType type = 20;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  string domain = 7;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
}

message ModelProto {
  int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5;
    INT32 = 6; INT64 = 7; STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11;
    UINT32 = 12; UINT64 = 13; COMPLEX64 = 14; COMPLEX128 = 15; BFLOAT16 = 16;
  }
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  string name = 8;
  string doc_string = 12;
  bytes raw_data = 9;
  repeated StringStringEntryProto external_data = 13;
  enum DataLocation { DEFAULT = 0; EXTERNAL = 1; }
  DataLocation data_location = 14;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  string denotation = 6;
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;

export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;

export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
} as const;

let root: protobuf.Root | undefined;

function onnxRoot(): protobuf.Root {
  root ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root;
  return root;
}

export function modelProtoType(): protobuf.Type {
  return onnxRoot().lookupType("onnx.ModelProto");
}

/* Plain shapes of the decoded messages (keepCase: field names as in onnx.proto). */
export interface TensorShapeDim {
  dim_value?: number | string | { toNumber(): number };
  dim_param?: string;
}
export interface ValueInfo {
  name: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: TensorShapeDim[] } } };
}
export interface TensorMessage {
  name?: string;
  dims?: (number | { toNumber(): number })[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  external_data?: { key: string; value: string }[];
  data_location?: number;
}
export interface NodeMessage {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: Record<string, unknown>[];
}
export interface GraphMessage {
  name?: string;
  node?: NodeMessage[];
  initializer?: TensorMessage[];
  input?: ValueInfo[];
  output?: ValueInfo[];
}
export interface ModelMessage {
  ir_version?: number;
  opset_import?: { domain?: string; version?: number }[];
  producer_name?: string;
  graph?: GraphMessage;
}

export function encodeModel(model: ModelMessage): Uint8Array {
  const type = modelProtoType();
  const err = type.verify(model);
  if (err) throw new Error(`invalid ONNX model message: ${err}`);
  return type.encode(type.fromObject(model)).finish();
}

export function decodeModel(bytes: Uint8Array): ModelMessage {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as ModelMessage;
}

export function dimToNumber(d: number | string | { toNumber(): number }): number {
  return typeof d === "number" ? d : typeof d === "string" ? Number(d) : d.toNumber();
}
