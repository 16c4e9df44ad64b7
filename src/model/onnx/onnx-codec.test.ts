import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTinyModel, LAYOUT_NAMES } from '../../../test/models/tiny-models.ts';
import { decodeModel, OnnxFormatError } from './decode.ts';
import { encodeModel } from './encode.ts';
import { Reader, Writer, WIRE_BYTES, WIRE_VARINT } from './protobuf.ts';
import { AttributeType, DataType, type OnnxModel } from './types.ts';

/** Real exports on this machine, when present (kick-tiny is a torch 1.13 export with external data). */
const REAL_EXPORTS = ['public/models/kick-tiny/onnx/model.onnx', '/usr/lib/python3/dist-packages/onnx/examples/resources/two_transposes.onnx'].filter((p) => existsSync(p));

function tinyModel(): OnnxModel {
  return {
    irVersion: 8,
    producerName: 'test',
    graph: {
      name: 'g',
      nodes: [
        {
          opType: 'Slice',
          name: '/a/Slice',
          inputs: ['x', '', 'ends'],
          outputs: ['y'],
          attributes: [
            { name: 'big', type: AttributeType.INT, i: 9223372036854775807n, extra: [] },
            { name: 'neg', type: AttributeType.INTS, ints: [-1, -9007199254740993n, 0, 5], extra: [] },
            { name: 'f', type: AttributeType.FLOAT, f: Math.fround(0.1), extra: [] },
            { name: 'fs', type: AttributeType.FLOATS, floats: [1.5, -2.25], extra: [] },
            { name: 's', type: AttributeType.STRING, s: new TextEncoder().encode('héllo'), extra: [] },
          ],
          extra: [],
        },
      ],
      initializers: [
        { name: 'ends', dims: [2], dataType: DataType.INT64, int64Data: [-1, 3], extra: [] },
        { name: 'w', dims: [2, 2], dataType: DataType.FLOAT, floatData: [1, 2, 3, -4.5], extra: [] },
        { name: 'e', dims: [3], dataType: DataType.FLOAT, dataLocation: 1, externalData: [{ key: 'location', value: 'model.onnx_data' }, { key: 'offset', value: '128' }, { key: 'length', value: '12' }], extra: [] },
      ],
      inputs: [{ name: 'x', tensorType: { elemType: DataType.FLOAT, shape: [{ param: 'batch' }, { value: 4 }, {}] }, extra: [] }],
      outputs: [{ name: 'y', tensorType: { elemType: DataType.FLOAT }, extra: [] }],
      valueInfo: [],
      extra: [],
    },
    opsetImport: [{ domain: '', version: 17, extra: [] }, { domain: 'com.microsoft', version: 1, extra: [] }],
    extra: [],
  };
}

describe('protobuf primitives', () => {
  it('round-trips varints across the int64 range, negative values as 10-byte two’s complement', () => {
    const values: Array<number | bigint> = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 53 - 1, -1, -(2 ** 31), 9223372036854775807n, -9223372036854775808n];
    const w = new Writer();
    for (const v of values) w.int64Field(1, v);
    const bytes = w.finish();
    const r = new Reader(bytes);
    const back: Array<number | bigint> = [];
    r.fields((f, wire) => {
      expect([f, wire]).toEqual([1, WIRE_VARINT]);
      back.push(r.int64());
      return true;
    });
    expect(back).toEqual(values);
    // -1 takes ten bytes on the wire (plus one tag byte).
    const neg = new Writer();
    neg.int64Field(1, -1);
    expect(neg.finish().length).toBe(11);
  });

  it('keeps unknown fields verbatim and in order', () => {
    const w = new Writer();
    w.stringField(1, 'kept');
    w.int64Field(99, 42);
    w.bytesField(100, new Uint8Array([1, 2, 3]));
    const bytes = w.finish();
    const r = new Reader(bytes);
    const extra = r.fields((f, wire) => {
      if (f === 1 && wire === WIRE_BYTES) {
        expect(r.string()).toBe('kept');
        return true;
      }
      return false;
    });
    expect(extra.map((e) => e.field)).toEqual([99, 100]);
    expect(Array.from(extra[1].bytes)).toEqual([0xa2, 0x06, 3, 1, 2, 3]);
  });

  it('rejects a truncated message', () => {
    expect(() => decodeModel(new Uint8Array([0x3a, 0x10, 0x0a]))).toThrow(OnnxFormatError);
    expect(() => decodeModel(new Uint8Array([1, 2, 3, 4]))).toThrow(OnnxFormatError);
  });
});

describe('ONNX model codec', () => {
  it('decodes what it encodes: attributes (int64 extremes, floats, strings), typed tensor fields, external data, symbolic and unknown dims', () => {
    const m = tinyModel();
    const bytes = encodeModel(m);
    const back = decodeModel(bytes);
    expect(back).toEqual(m);
    expect(encodeModel(back)).toEqual(bytes);
  });

  it('carries fields it does not model (doc strings, metadata) through decode and encode', () => {
    const doc = new Writer();
    doc.stringField(6, 'a node doc string');
    const meta = new Writer();
    const entry = new Writer();
    entry.stringField(1, 'key');
    entry.stringField(2, 'value');
    meta.messageField(14, entry);
    const m = tinyModel();
    m.graph.nodes[0].extra = [{ field: 6, bytes: doc.finish() }];
    m.extra = [{ field: 14, bytes: meta.finish() }];
    const bytes = encodeModel(m);
    const back = decodeModel(bytes);
    expect(back.graph.nodes[0].extra).toEqual(m.graph.nodes[0].extra);
    expect(back.extra).toEqual(m.extra);
    expect(encodeModel(back)).toEqual(bytes);
  });

  it('reads dims and repeated attributes in packed form too (other writers pack them)', () => {
    // TensorProto with dims packed [2,3] and data_type FLOAT, inside a graph initializer.
    const t = new Writer();
    const dims = new Writer();
    dims.int64(2);
    dims.int64(3);
    t.messageField(1, dims);
    t.int64Field(2, DataType.FLOAT);
    t.stringField(8, 'p');
    const g = new Writer();
    g.messageField(5, t);
    const m = new Writer();
    m.int64Field(1, 8);
    m.messageField(7, g);
    const model = decodeModel(m.finish());
    expect(model.graph.initializers[0].dims).toEqual([2, 3]);
  });

  it.each(LAYOUT_NAMES)('re-encodes the %s tiny model byte for byte', (layout) => {
    const files = buildTinyModel(layout);
    const bytes = files.get('onnx/model.onnx')!;
    const model = decodeModel(bytes);
    expect(encodeModel(model)).toEqual(bytes);
    expect(model.graph.inputs.map((i) => i.name).slice(0, 3)).toEqual(['input_ids', 'attention_mask', 'position_ids']);
  });

  it.skipIf(REAL_EXPORTS.length === 0)('re-encodes real exports byte for byte (%s)', () => {
    for (const path of REAL_EXPORTS) {
      const bytes = new Uint8Array(readFileSync(path));
      const model = decodeModel(bytes);
      expect(model.graph.nodes.length).toBeGreaterThan(0);
      expect(encodeModel(model)).toEqual(bytes);
      // A change in one field changes only what it should.
      model.producerName = 'kick-lab';
      const changed = decodeModel(encodeModel(model));
      expect(changed.producerName).toBe('kick-lab');
      expect(changed.graph.nodes.length).toBe(model.graph.nodes.length);
    }
  });
});
