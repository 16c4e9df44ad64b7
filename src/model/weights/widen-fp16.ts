// fp16 sources become fp32 models once, at load: every fp16 initializer and constant widened,
// every Cast to fp16 cast to fp32 instead, every fp16 value type declared fp32. The lab then
// compresses, patches and evaluates one kind of model (fp32) on any adapter or on wasm, whose CPU
// kernels lack most fp16 operators. Widening is exact: each half is a float.
import { halfToFloat } from './fp16.ts';
import { elementCount, externalRef, inlineBytes } from '../onnx/tensor-data.ts';
import { AttributeType, DataType, type OnnxAttribute, type OnnxGraph, type OnnxModel, type OnnxTensor, type OnnxValueInfo } from '../onnx/types.ts';

export interface WidenReport {
  /** Initializers and constant tensors widened. */
  tensors: number;
  /** Cast nodes retargeted to fp32. */
  casts: number;
  /** Value types (inputs, outputs, value_info) declared fp32. */
  types: number;
}

function widenTensor(t: OnnxTensor, external: ReadonlyMap<string, Uint8Array>): void {
  const ref = externalRef(t);
  let bytes: Uint8Array;
  if (ref) {
    const file = external.get(ref.location);
    if (!file) throw new Error(`fp16 tensor ${t.name} lives in ${ref.location}, which is not among the model files`);
    if (ref.offset + ref.length > file.byteLength) throw new Error(`fp16 tensor ${t.name} runs past the end of ${ref.location}`);
    bytes = file.subarray(ref.offset, ref.offset + ref.length);
  } else {
    bytes = inlineBytes(t);
  }
  const count = elementCount(t.dims);
  if (bytes.byteLength !== 2 * count) throw new Error(`fp16 tensor ${t.name} holds ${bytes.byteLength} bytes for ${count} elements`);
  const halves = new Uint16Array(count);
  new Uint8Array(halves.buffer).set(bytes);
  const floats = new Float32Array(count);
  for (let i = 0; i < count; i++) floats[i] = halfToFloat(halves[i]);
  t.dataType = DataType.FLOAT;
  t.rawData = new Uint8Array(floats.buffer);
  delete t.externalData;
  delete t.dataLocation;
  delete t.int32Data;
  delete t.floatData;
}

function widenValueType(v: OnnxValueInfo, report: WidenReport): void {
  if (v.tensorType?.elemType === DataType.FLOAT16) {
    v.tensorType.elemType = DataType.FLOAT;
    report.types++;
  }
}

function widenAttribute(a: OnnxAttribute, external: ReadonlyMap<string, Uint8Array>, report: WidenReport): void {
  if (a.type === AttributeType.TENSOR && a.t?.dataType === DataType.FLOAT16) {
    widenTensor(a.t, external);
    report.tensors++;
  }
  if (a.type === AttributeType.TENSORS) {
    for (const t of a.tensors ?? []) {
      if (t.dataType !== DataType.FLOAT16) continue;
      widenTensor(t, external);
      report.tensors++;
    }
  }
  if (a.type === AttributeType.GRAPH && a.g) widenGraph(a.g, external, report);
  if (a.type === AttributeType.GRAPHS) for (const g of a.graphs ?? []) widenGraph(g, external, report);
}

function widenGraph(g: OnnxGraph, external: ReadonlyMap<string, Uint8Array>, report: WidenReport): void {
  for (const t of g.initializers) {
    if (t.dataType !== DataType.FLOAT16) continue;
    widenTensor(t, external);
    report.tensors++;
  }
  for (const v of [...g.inputs, ...g.outputs, ...g.valueInfo]) widenValueType(v, report);
  for (const node of g.nodes) {
    for (const a of node.attributes) {
      // Cast(to=FLOAT16), and the dtype attributes of generators (EyeLike, RandomNormal...).
      if (a.type === AttributeType.INT && (a.name === 'to' || a.name === 'dtype') && Number(a.i) === DataType.FLOAT16) {
        a.i = DataType.FLOAT;
        if (node.opType === 'Cast' || node.opType === 'CastLike') report.casts++;
      }
      widenAttribute(a, external, report);
    }
  }
}

/** True when the model stores any fp16 initializer (a transformers.js model_fp16.onnx). */
export function hasFp16(model: OnnxModel): boolean {
  return model.graph.initializers.some((t) => t.dataType === DataType.FLOAT16);
}

/**
 * Widens `model` in place; `external` maps the model's external-data locations to their bytes
 * (widened tensors become inline, for the caller to externalize again).
 */
export function widenFp16(model: OnnxModel, external: ReadonlyMap<string, Uint8Array>): WidenReport {
  const report: WidenReport = { tensors: 0, casts: 0, types: 0 };
  widenGraph(model.graph, external, report);
  return report;
}
