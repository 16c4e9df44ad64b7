import { describe, expect, it } from 'vitest';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import { narrowRepoToFp16 } from '../../../test/models/narrow-fp16.ts';
import { floatToHalf, halfToFloat } from './fp16.ts';
import { decodeModel } from '../onnx/decode.ts';
import { inlineBytes } from '../onnx/tensor-data.ts';
import { DataType, type OnnxGraph } from '../onnx/types.ts';
import { readWeight } from './weight-store.ts';
import { makePatchable } from './patchable.ts';
import { hasFp16, widenFp16 } from './widen-fp16.ts';

function floatsOf(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function fp16Anywhere(g: OnnxGraph): string[] {
  const found: string[] = [];
  for (const t of g.initializers) if (t.dataType === DataType.FLOAT16) found.push(`initializer ${t.name}`);
  for (const v of [...g.inputs, ...g.outputs, ...g.valueInfo]) if (v.tensorType?.elemType === DataType.FLOAT16) found.push(`value ${v.name}`);
  for (const n of g.nodes) for (const a of n.attributes) if (a.name === 'to' && Number(a.i) === DataType.FLOAT16) found.push(`cast ${n.name}`);
  return found;
}

describe('widening fp16 models', () => {
  const fp32Files = buildTinyModel('llama', { seed: 3, external: false });
  const fp32 = decodeModel(fp32Files.get('onnx/model.onnx')!);
  const { files: fp16Files, model: narrowed } = narrowRepoToFp16(fp32Files);

  it('leaves no fp16 initializer, value type or cast, and each weight is its half exactly', () => {
    expect(hasFp16(narrowed)).toBe(true);
    const castsBefore = narrowed.graph.nodes.filter((n) => n.opType === 'Cast' && n.attributes.some((a) => a.name === 'to' && Number(a.i) === DataType.FLOAT16)).length;
    const report = widenFp16(narrowed, new Map());
    expect(fp16Anywhere(narrowed.graph)).toEqual([]);
    expect(hasFp16(narrowed)).toBe(false);
    expect(report.casts).toBe(castsBefore);
    expect(report.types).toBeGreaterThan(0);
    const original = new Map(fp32.graph.initializers.map((t) => [t.name, t]));
    let checked = 0;
    for (const t of narrowed.graph.initializers) {
      const o = original.get(t.name)!;
      if (o.dataType !== DataType.FLOAT) continue;
      expect(t.dataType).toBe(DataType.FLOAT);
      const want = floatsOf(inlineBytes(o)).map((v) => halfToFloat(floatToHalf(v)));
      expect(floatsOf(inlineBytes(t))).toEqual(want);
      checked++;
    }
    expect(checked).toBe(report.tensors);
  });

  it('makes an fp16 repo patchable as fp32: weights in one external buffer, indexed as fp32', () => {
    const fromFp16 = makePatchable(fp16Files, 'onnx/model_fp16.onnx');
    const fromFp32 = makePatchable(fp32Files);
    expect(fromFp16.index.linears.map((l) => l.dtype)).toEqual(fromFp32.index.linears.map(() => 'fp32'));
    expect(fromFp16.master.byteLength).toBe(fromFp32.master.byteLength);
    expect(hasFp16(fromFp16.model)).toBe(false);
    fromFp16.index.linears.forEach((a, i) => {
      const want = readWeight(fromFp32.master, fromFp32.index.linears[i]).data.map((v) => halfToFloat(floatToHalf(v)));
      expect(readWeight(fromFp16.master, a).data).toEqual(want);
    });
  });

  it('refuses an fp16 tensor whose external file is missing', () => {
    const m = decodeModel(fp16Files.get('onnx/model_fp16.onnx')!);
    const t = m.graph.initializers.find((x) => x.dataType === DataType.FLOAT16)!;
    t.dataLocation = 1;
    t.externalData = [{ key: 'location', value: 'model_fp16.onnx_data' }, { key: 'offset', value: '0' }, { key: 'length', value: '8' }];
    expect(() => widenFp16(m, new Map())).toThrow(/model_fp16\.onnx_data, which is not among the model files/);
  });
});
