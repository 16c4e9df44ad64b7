// Where a tensor's bytes live (inline raw_data, typed fields, or an external file range) and
// how many bytes an element takes.
import { DATA_LOCATION_EXTERNAL, DataType, type OnnxTensor } from './types.ts';

const ELEMENT_BYTES: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.UINT8]: 1,
  [DataType.INT8]: 1,
  [DataType.UINT16]: 2,
  [DataType.INT16]: 2,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.BOOL]: 1,
  [DataType.FLOAT16]: 2,
  [DataType.DOUBLE]: 8,
  [DataType.UINT32]: 4,
  [DataType.UINT64]: 8,
  [DataType.BFLOAT16]: 2,
};

export function elementBytes(dataType: number): number | null {
  return ELEMENT_BYTES[dataType] ?? null;
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export interface ExternalRef {
  location: string;
  offset: number;
  length: number;
}

export function isExternal(t: OnnxTensor): boolean {
  return t.dataLocation === DATA_LOCATION_EXTERNAL;
}

/** The external file range of a tensor, or null when its data is inline. */
export function externalRef(t: OnnxTensor): ExternalRef | null {
  if (!isExternal(t)) return null;
  const get = (k: string) => t.externalData?.find((e) => e.key === k)?.value;
  const location = get('location');
  if (!location) throw new Error(`tensor ${t.name} is external but names no location`);
  const offset = Number(get('offset') ?? 0);
  const size = elementBytes(t.dataType);
  const lengthText = get('length');
  const length = lengthText !== undefined ? Number(lengthText) : size !== null ? size * elementCount(t.dims) : NaN;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length)) throw new Error(`tensor ${t.name} has an unreadable external offset or length`);
  return { location, offset, length };
}

export function setExternal(t: OnnxTensor, ref: ExternalRef): void {
  t.dataLocation = DATA_LOCATION_EXTERNAL;
  t.externalData = [
    { key: 'location', value: ref.location },
    { key: 'offset', value: String(ref.offset) },
    { key: 'length', value: String(ref.length) },
  ];
  delete t.rawData;
  delete t.floatData;
  delete t.int32Data;
  delete t.int64Data;
  delete t.doubleData;
  delete t.uint64Data;
}

/**
 * Little-endian bytes of an inline tensor (raw_data, or the typed repeated fields converted as
 * onnx.proto specifies: fp16/bf16/int8/uint8/int16/uint16/bool travel in int32_data).
 */
export function inlineBytes(t: OnnxTensor): Uint8Array {
  if (t.rawData) return t.rawData;
  const count = elementCount(t.dims);
  const size = elementBytes(t.dataType);
  if (size === null) throw new Error(`tensor ${t.name}: data type ${t.dataType} cannot be moved to external data`);
  const out = new Uint8Array(count * size);
  const view = new DataView(out.buffer);
  const need = (arr: readonly unknown[] | undefined, field: string): readonly unknown[] => {
    const a = arr ?? [];
    if (a.length !== count) throw new Error(`tensor ${t.name}: ${field} holds ${a.length} values for ${count} elements`);
    return a;
  };
  switch (t.dataType) {
    case DataType.FLOAT:
      need(t.floatData, 'float_data').forEach((v, i) => view.setFloat32(i * 4, v as number, true));
      break;
    case DataType.DOUBLE:
      need(t.doubleData, 'double_data').forEach((v, i) => view.setFloat64(i * 8, v as number, true));
      break;
    case DataType.INT64:
      need(t.int64Data, 'int64_data').forEach((v, i) => view.setBigInt64(i * 8, BigInt(v as number | bigint), true));
      break;
    case DataType.UINT64:
      need(t.uint64Data, 'uint64_data').forEach((v, i) => view.setBigUint64(i * 8, v as bigint, true));
      break;
    case DataType.INT32:
      need(t.int32Data, 'int32_data').forEach((v, i) => view.setInt32(i * 4, v as number, true));
      break;
    case DataType.UINT32:
      need(t.uint64Data, 'uint64_data').forEach((v, i) => view.setUint32(i * 4, Number(v), true));
      break;
    default: {
      // 1- and 2-byte types: one value per int32_data entry, low bits.
      const vals = need(t.int32Data, 'int32_data');
      vals.forEach((v, i) => {
        if (size === 1) view.setUint8(i, (v as number) & 0xff);
        else view.setUint16(i * 2, (v as number) & 0xffff, true);
      });
    }
  }
  return out;
}
