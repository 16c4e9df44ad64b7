// OnnxModel -> ModelProto bytes. Fields go out in field-number order with the kept raw fields
// interleaved, as protobuf serialisers write them, so decode(encode(x)) is x and an unchanged model
// re-encodes to the same bytes. Repeated scalars follow onnx.proto (proto2): the tensor data
// arrays are packed, dims and attribute lists are not.
import { Writer, writeOrdered, WIRE_FIXED32, WIRE_VARINT, type Int64 } from './protobuf.ts';
import type { OnnxAttribute, OnnxDim, OnnxGraph, OnnxModel, OnnxNode, OnnxOpset, OnnxTensor, OnnxValueInfo, StringEntry } from './types.ts';

type Known = Array<[number, () => void]>;

function str(w: Writer, known: Known, field: number, v: string | undefined): void {
  if (v !== undefined && v !== '') known.push([field, () => w.stringField(field, v)]);
}

function packed(w: Writer, field: number, values: readonly unknown[], one: (sub: Writer) => void): void {
  const sub = new Writer();
  one(sub);
  if (values.length > 0) w.messageField(field, sub);
}

function encodeStringEntry(e: StringEntry): Writer {
  const w = new Writer();
  w.stringField(1, e.key);
  w.stringField(2, e.value);
  return w;
}

export function encodeTensor(t: OnnxTensor): Writer {
  const w = new Writer();
  const known: Known = [];
  known.push([1, () => t.dims.forEach((d) => w.int64Field(1, d))]);
  known.push([2, () => w.int64Field(2, t.dataType)]);
  if (t.floatData) known.push([4, () => packed(w, 4, t.floatData!, (s) => t.floatData!.forEach((v) => s.float32(v)))]);
  if (t.int32Data) known.push([5, () => packed(w, 5, t.int32Data!, (s) => t.int32Data!.forEach((v) => s.int64(v)))]);
  if (t.stringData) known.push([6, () => t.stringData!.forEach((b) => w.bytesField(6, b))]);
  if (t.int64Data) known.push([7, () => packed(w, 7, t.int64Data!, (s) => t.int64Data!.forEach((v) => s.int64(v)))]);
  str(w, known, 8, t.name);
  if (t.rawData) known.push([9, () => w.bytesField(9, t.rawData!)]);
  if (t.doubleData) known.push([10, () => packed(w, 10, t.doubleData!, (s) => t.doubleData!.forEach((v) => s.float64(v)))]);
  if (t.uint64Data) known.push([11, () => packed(w, 11, t.uint64Data!, (s) => t.uint64Data!.forEach((v) => s.varintBig(v)))]);
  if (t.externalData) known.push([13, () => t.externalData!.forEach((e) => w.messageField(13, encodeStringEntry(e)))]);
  if (t.dataLocation !== undefined) known.push([14, () => w.int64Field(14, t.dataLocation!)]);
  writeOrdered(w, t.extra, known);
  return w;
}

function encodeDim(d: OnnxDim): Writer {
  const w = new Writer();
  if ('value' in d) w.int64Field(1, d.value as Int64);
  else if ('param' in d) w.stringField(2, d.param as string);
  return w;
}

function encodeValueInfo(v: OnnxValueInfo): Writer {
  const w = new Writer();
  const known: Known = [];
  str(w, known, 1, v.name);
  if (v.tensorType || v.typeExtra) {
    known.push([
      2,
      () => {
        const type = new Writer();
        const typeKnown: Known = [];
        const tt = v.tensorType;
        if (tt) {
          typeKnown.push([
            1,
            () => {
              const tw = new Writer();
              tw.int64Field(1, tt.elemType);
              if (tt.shape) {
                const sw = new Writer();
                for (const d of tt.shape) sw.messageField(1, encodeDim(d));
                tw.messageField(2, sw);
              }
              type.messageField(1, tw);
            },
          ]);
        }
        writeOrdered(type, v.typeExtra ?? [], typeKnown);
        w.messageField(2, type);
      },
    ]);
  }
  writeOrdered(w, v.extra, known);
  return w;
}

function encodeAttribute(a: OnnxAttribute): Writer {
  const w = new Writer();
  const known: Known = [];
  str(w, known, 1, a.name);
  if (a.f !== undefined) known.push([2, () => (w.tag(2, WIRE_FIXED32), w.float32(a.f!))]);
  if (a.i !== undefined) known.push([3, () => w.int64Field(3, a.i!)]);
  if (a.s !== undefined) known.push([4, () => w.bytesField(4, a.s!)]);
  if (a.t) known.push([5, () => w.messageField(5, encodeTensor(a.t!))]);
  if (a.g) known.push([6, () => w.messageField(6, encodeGraph(a.g!))]);
  if (a.floats) known.push([7, () => a.floats!.forEach((v) => (w.tag(7, WIRE_FIXED32), w.float32(v)))]);
  if (a.ints) known.push([8, () => a.ints!.forEach((v) => w.int64Field(8, v))]);
  if (a.strings) known.push([9, () => a.strings!.forEach((b) => w.bytesField(9, b))]);
  if (a.tensors) known.push([10, () => a.tensors!.forEach((t) => w.messageField(10, encodeTensor(t)))]);
  if (a.graphs) known.push([11, () => a.graphs!.forEach((g) => w.messageField(11, encodeGraph(g)))]);
  if (a.type !== 0) known.push([20, () => (w.tag(20, WIRE_VARINT), w.varint(a.type))]);
  writeOrdered(w, a.extra, known);
  return w;
}

function encodeNode(n: OnnxNode): Writer {
  const w = new Writer();
  const known: Known = [];
  known.push([1, () => n.inputs.forEach((s) => w.stringField(1, s))]);
  known.push([2, () => n.outputs.forEach((s) => w.stringField(2, s))]);
  str(w, known, 3, n.name);
  str(w, known, 4, n.opType);
  known.push([5, () => n.attributes.forEach((a) => w.messageField(5, encodeAttribute(a)))]);
  if (n.domain !== undefined) known.push([7, () => w.stringField(7, n.domain!)]);
  writeOrdered(w, n.extra, known);
  return w;
}

export function encodeGraph(g: OnnxGraph): Writer {
  const w = new Writer();
  const known: Known = [];
  known.push([1, () => g.nodes.forEach((n) => w.messageField(1, encodeNode(n)))]);
  str(w, known, 2, g.name);
  known.push([5, () => g.initializers.forEach((t) => w.messageField(5, encodeTensor(t)))]);
  known.push([11, () => g.inputs.forEach((v) => w.messageField(11, encodeValueInfo(v)))]);
  known.push([12, () => g.outputs.forEach((v) => w.messageField(12, encodeValueInfo(v)))]);
  known.push([13, () => g.valueInfo.forEach((v) => w.messageField(13, encodeValueInfo(v)))]);
  writeOrdered(w, g.extra, known);
  return w;
}

function encodeOpset(o: OnnxOpset): Writer {
  const w = new Writer();
  const known: Known = [];
  if (o.domain !== undefined) known.push([1, () => w.stringField(1, o.domain!)]);
  known.push([2, () => w.int64Field(2, o.version)]);
  writeOrdered(w, o.extra, known);
  return w;
}

export function encodeModel(m: OnnxModel): Uint8Array {
  const w = new Writer();
  const known: Known = [];
  known.push([1, () => w.int64Field(1, m.irVersion)]);
  str(w, known, 2, m.producerName);
  str(w, known, 3, m.producerVersion);
  if (m.domain !== undefined) known.push([4, () => w.stringField(4, m.domain!)]);
  if (m.modelVersion !== undefined) known.push([5, () => w.int64Field(5, m.modelVersion!)]);
  str(w, known, 6, m.docString);
  known.push([7, () => w.messageField(7, encodeGraph(m.graph))]);
  known.push([8, () => m.opsetImport.forEach((o) => w.messageField(8, encodeOpset(o)))]);
  writeOrdered(w, m.extra, known);
  return w.finish();
}

