// The subset of ONNX's ModelProto the lab reads and writes (onnx/onnx.proto, IR version 3-10).
// Every message keeps the fields it does not name in `extra`, so re-encoding is faithful.
import type { Int64, RawField } from './protobuf.ts';

export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
} as const;

/** TensorProto.DataLocation */
export const DATA_LOCATION_EXTERNAL = 1;

export interface StringEntry {
  key: string;
  value: string;
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: Int64[];
  doubleData?: number[];
  uint64Data?: bigint[];
  stringData?: Uint8Array[];
  /** location, offset, length (and checksum) of data kept outside the model file. */
  externalData?: StringEntry[];
  dataLocation?: number;
  extra: RawField[];
}

/** One dimension: a size, a symbolic name, or unknown. */
export type OnnxDim = { value: Int64 } | { param: string } | Record<string, never>;

export interface OnnxTensorType {
  elemType: number;
  /** Absent when the rank is unknown. */
  shape?: OnnxDim[];
}

export interface OnnxValueInfo {
  name: string;
  /** Only tensor types are modelled; other types stay in `extra` of the type. */
  tensorType?: OnnxTensorType;
  extra: RawField[];
  /** Fields of TypeProto other than tensor_type (sequence, map, denotation...). */
  typeExtra?: RawField[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: OnnxTensor;
  g?: OnnxGraph;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
  tensors?: OnnxTensor[];
  graphs?: OnnxGraph[];
  extra: RawField[];
}

export interface OnnxNode {
  opType: string;
  name: string;
  domain?: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  extra: RawField[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  extra: RawField[];
}

export interface OnnxOpset {
  /** Absent means the default domain "" (ai.onnx). */
  domain?: string;
  version: number;
  extra: RawField[];
}

export interface OnnxModel {
  irVersion: number;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: Int64;
  docString?: string;
  graph: OnnxGraph;
  opsetImport: OnnxOpset[];
  extra: RawField[];
}
