// ModelProto bytes -> OnnxModel. Tensor payloads stay views into the input buffer (no copies).
import { ProtoError, readRepeated, Reader, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT, type Int64 } from './protobuf.ts';
import type {
  OnnxAttribute,
  OnnxDim,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxOpset,
  OnnxTensor,
  OnnxTensorType,
  OnnxValueInfo,
  StringEntry,
} from './types.ts';

const int64 = (r: Reader): Int64 => r.int64();
const int32 = (r: Reader): number => r.int32();
const float32 = (r: Reader): number => r.float32();
const float64 = (r: Reader): number => r.float64();
const uint64 = (r: Reader): bigint => r.varintBig();
const isScalarWire = (w: number) => w === WIRE_VARINT || w === WIRE_BYTES;

function stringEntry(r: Reader): StringEntry {
  const e: StringEntry = { key: '', value: '' };
  r.fields((f, w) => {
    if (w !== WIRE_BYTES) return false;
    if (f === 1) e.key = r.string();
    else if (f === 2) e.value = r.string();
    else return false;
    return true;
  });
  return e;
}

export function decodeTensor(r: Reader): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, extra: [] };
  t.extra = r.fields((f, w) => {
    switch (f) {
      case 1: {
        if (!isScalarWire(w)) return false;
        const dims: Int64[] = [];
        readRepeated(r, w, int64, dims);
        for (const d of dims) t.dims.push(Number(d));
        return true;
      }
      case 2:
        if (w !== WIRE_VARINT) return false;
        t.dataType = r.varint();
        return true;
      case 4:
        if (w !== WIRE_BYTES && w !== WIRE_FIXED32) return false;
        readRepeated(r, w, float32, (t.floatData ??= []));
        return true;
      case 5:
        if (!isScalarWire(w)) return false;
        readRepeated(r, w, int32, (t.int32Data ??= []));
        return true;
      case 6:
        if (w !== WIRE_BYTES) return false;
        (t.stringData ??= []).push(r.bytes());
        return true;
      case 7:
        if (!isScalarWire(w)) return false;
        readRepeated(r, w, int64, (t.int64Data ??= []));
        return true;
      case 8:
        if (w !== WIRE_BYTES) return false;
        t.name = r.string();
        return true;
      case 9:
        if (w !== WIRE_BYTES) return false;
        t.rawData = r.bytes();
        return true;
      case 10:
        if (w !== WIRE_BYTES && w !== WIRE_FIXED64) return false;
        readRepeated(r, w, float64, (t.doubleData ??= []));
        return true;
      case 11:
        if (!isScalarWire(w)) return false;
        readRepeated(r, w, uint64, (t.uint64Data ??= []));
        return true;
      case 13:
        if (w !== WIRE_BYTES) return false;
        (t.externalData ??= []).push(stringEntry(r.message()));
        return true;
      case 14:
        if (w !== WIRE_VARINT) return false;
        t.dataLocation = r.varint();
        return true;
      default:
        return false;
    }
  });
  return t;
}

function decodeDim(r: Reader): { dim: OnnxDim; extra: boolean } {
  let dim: OnnxDim = {};
  let extra = false;
  const rest = r.fields((f, w) => {
    if (f === 1 && w === WIRE_VARINT) dim = { value: r.int64() };
    else if (f === 2 && w === WIRE_BYTES) dim = { param: r.string() };
    else return false;
    return true;
  });
  if (rest.length > 0) extra = true;
  return { dim, extra };
}

/** TypeProto.Tensor; returns null when it carries fields we would lose (e.g. dim denotations). */
function decodeTensorType(r: Reader): OnnxTensorType | null {
  const tt: OnnxTensorType = { elemType: 0 };
  let lossy = false;
  const rest = r.fields((f, w) => {
    if (f === 1 && w === WIRE_VARINT) {
      tt.elemType = r.varint();
      return true;
    }
    if (f === 2 && w === WIRE_BYTES) {
      const shape: OnnxDim[] = [];
      const s = r.message();
      const shapeRest = s.fields((sf, sw) => {
        if (sf !== 1 || sw !== WIRE_BYTES) return false;
        const { dim, extra } = decodeDim(s.message());
        if (extra) lossy = true;
        shape.push(dim);
        return true;
      });
      if (shapeRest.length > 0) lossy = true;
      tt.shape = shape;
      return true;
    }
    return false;
  });
  return lossy || rest.length > 0 ? null : tt;
}

function decodeValueInfo(r: Reader): OnnxValueInfo {
  const v: OnnxValueInfo = { name: '', extra: [] };
  v.extra = r.fields((f, w) => {
    if (w !== WIRE_BYTES) return false;
    if (f === 1) {
      v.name = r.string();
      return true;
    }
    if (f === 2) {
      // TypeProto: keep tensor_type modelled only when it can be rebuilt exactly; else keep raw.
      const start = r.pos;
      const typeReader = r.message();
      let tensorType: OnnxTensorType | null = null;
      let typeExtraFields = 0;
      const typeExtra = typeReader.fields((tf, tw) => {
        if (tf === 1 && tw === WIRE_BYTES && tensorType === null) {
          tensorType = decodeTensorType(typeReader.message());
          if (tensorType === null) typeExtraFields++;
          return tensorType !== null;
        }
        return false;
      });
      if (tensorType === null && typeExtraFields > 0) {
        // Re-read the whole TypeProto as one raw field.
        r.pos = start;
        return false;
      }
      if (tensorType !== null) v.tensorType = tensorType;
      if (typeExtra.length > 0) v.typeExtra = typeExtra;
      return true;
    }
    return false;
  });
  return v;
}

function decodeAttribute(r: Reader): OnnxAttribute {
  const a: OnnxAttribute = { name: '', type: 0, extra: [] };
  a.extra = r.fields((f, w) => {
    switch (f) {
      case 1:
        if (w !== WIRE_BYTES) return false;
        a.name = r.string();
        return true;
      case 2:
        if (w !== WIRE_FIXED32) return false;
        a.f = r.float32();
        return true;
      case 3:
        if (w !== WIRE_VARINT) return false;
        a.i = r.int64();
        return true;
      case 4:
        if (w !== WIRE_BYTES) return false;
        a.s = r.bytes();
        return true;
      case 5:
        if (w !== WIRE_BYTES) return false;
        a.t = decodeTensor(r.message());
        return true;
      case 6:
        if (w !== WIRE_BYTES) return false;
        a.g = decodeGraph(r.message());
        return true;
      case 7:
        if (w !== WIRE_BYTES && w !== WIRE_FIXED32) return false;
        readRepeated(r, w, float32, (a.floats ??= []));
        return true;
      case 8:
        if (!isScalarWire(w)) return false;
        readRepeated(r, w, int64, (a.ints ??= []));
        return true;
      case 9:
        if (w !== WIRE_BYTES) return false;
        (a.strings ??= []).push(r.bytes());
        return true;
      case 10:
        if (w !== WIRE_BYTES) return false;
        (a.tensors ??= []).push(decodeTensor(r.message()));
        return true;
      case 11:
        if (w !== WIRE_BYTES) return false;
        (a.graphs ??= []).push(decodeGraph(r.message()));
        return true;
      case 20:
        if (w !== WIRE_VARINT) return false;
        a.type = r.varint();
        return true;
      default:
        return false;
    }
  });
  return a;
}

function decodeNode(r: Reader): OnnxNode {
  const n: OnnxNode = { opType: '', name: '', inputs: [], outputs: [], attributes: [], extra: [] };
  n.extra = r.fields((f, w) => {
    if (w !== WIRE_BYTES) return false;
    switch (f) {
      case 1:
        n.inputs.push(r.string());
        return true;
      case 2:
        n.outputs.push(r.string());
        return true;
      case 3:
        n.name = r.string();
        return true;
      case 4:
        n.opType = r.string();
        return true;
      case 5:
        n.attributes.push(decodeAttribute(r.message()));
        return true;
      case 7:
        n.domain = r.string();
        return true;
      default:
        return false;
    }
  });
  return n;
}

export function decodeGraph(r: Reader): OnnxGraph {
  const g: OnnxGraph = { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], extra: [] };
  g.extra = r.fields((f, w) => {
    if (w !== WIRE_BYTES) return false;
    switch (f) {
      case 1:
        g.nodes.push(decodeNode(r.message()));
        return true;
      case 2:
        g.name = r.string();
        return true;
      case 5:
        g.initializers.push(decodeTensor(r.message()));
        return true;
      case 11:
        g.inputs.push(decodeValueInfo(r.message()));
        return true;
      case 12:
        g.outputs.push(decodeValueInfo(r.message()));
        return true;
      case 13:
        g.valueInfo.push(decodeValueInfo(r.message()));
        return true;
      default:
        return false;
    }
  });
  return g;
}

function decodeOpset(r: Reader): OnnxOpset {
  const o: OnnxOpset = { version: 0, extra: [] };
  o.extra = r.fields((f, w) => {
    if (f === 1 && w === WIRE_BYTES) o.domain = r.string();
    else if (f === 2 && w === WIRE_VARINT) o.version = Number(r.int64());
    else return false;
    return true;
  });
  return o;
}

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
  constructor(
    message: string,
    /** The size the bytes would need to have, when a field runs past their end (a truncated file). */
    readonly needBytes: number | null = null,
  ) {
    super(message);
  }
}

/** Decodes a ModelProto. Tensor bytes in the result are views into `bytes`: keep it alive. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const r = new Reader(bytes);
  const m: OnnxModel = {
    irVersion: 0,
    graph: { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [], extra: [] },
    opsetImport: [],
    extra: [],
  };
  let sawGraph = false;
  try {
    m.extra = r.fields((f, w) => {
      switch (f) {
        case 1:
          if (w !== WIRE_VARINT) return false;
          m.irVersion = Number(r.int64());
          return true;
        case 2:
          if (w !== WIRE_BYTES) return false;
          m.producerName = r.string();
          return true;
        case 3:
          if (w !== WIRE_BYTES) return false;
          m.producerVersion = r.string();
          return true;
        case 4:
          if (w !== WIRE_BYTES) return false;
          m.domain = r.string();
          return true;
        case 5:
          if (w !== WIRE_VARINT) return false;
          m.modelVersion = r.int64();
          return true;
        case 6:
          if (w !== WIRE_BYTES) return false;
          m.docString = r.string();
          return true;
        case 7:
          if (w !== WIRE_BYTES) return false;
          m.graph = decodeGraph(r.message());
          sawGraph = true;
          return true;
        case 8:
          if (w !== WIRE_BYTES) return false;
          m.opsetImport.push(decodeOpset(r.message()));
          return true;
        default:
          return false;
      }
    });
  } catch (err) {
    throw new OnnxFormatError(`not a readable ONNX model: ${(err as Error).message}`, err instanceof ProtoError ? err.needBytes : null);
  }
  if (!sawGraph || m.irVersion === 0) throw new OnnxFormatError('not an ONNX model: no graph or IR version');
  return m;
}
