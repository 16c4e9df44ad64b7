import { describe, expect, it } from 'vitest';
import { f32Tensor, GraphBuilder, valueInfo } from '../../../test/models/graph-builder.ts';
import { DATA_FILE, externalize } from './externalize.ts';
import { floatToHalf, halfToFloat } from './fp16.ts';
import { indexWeights, layerOfModule, modulePathOfNode, UnsupportedLayoutError } from './index-weights.ts';
import { decodeModel } from '../onnx/decode.ts';
import { encodeModel } from '../onnx/encode.ts';
import { DataType, type OnnxModel, type OnnxTensor } from '../onnx/types.ts';
import { PatchError, readWeight, writeWeight, WeightStore } from './weight-store.ts';

function f16Tensor(name: string, dims: number[], values: Float32Array): OnnxTensor {
  const h = new Uint16Array(values.length);
  values.forEach((v, i) => (h[i] = floatToHalf(v)));
  return { name, dims, dataType: DataType.FLOAT16, rawData: new Uint8Array(h.buffer), extra: [] };
}

const seq = (n: number, scale = 1) => Float32Array.from({ length: n }, (_, i) => (i - n / 2) * scale);

/** One decoder layer's q_proj as fp16 MatMul, a Gemm transB=1 tied lm_head on the embedding, a stray MatMul. */
function syntheticModel(): OnnxModel {
  const g = new GraphBuilder();
  g.inputs.push(valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']));
  const embed = g.init(f32Tensor('model.embed_tokens.weight', [6, 4], seq(24, 0.25)));
  const x = g.within('model/embed_tokens', () => g.o('Gather', [embed, 'input_ids']));
  const q = g.within('model/layers.0/self_attn/q_proj', () => g.o('MatMul', [x, g.init(f16Tensor('onnx::MatMul_7', [4, 3], seq(12, 0.5)))]));
  // Inside a layer, weight-bearing, but no known module name.
  const odd = g.within('model/layers.0/self_attn/rotary', () => g.o('MatMul', [q, g.init(f32Tensor('onnx::MatMul_8', [3, 4], seq(12)))]));
  // Outside the layers: ignored.
  g.within('model/projector', () => g.o('MatMul', [odd, g.init(f32Tensor('onnx::MatMul_9', [4, 4], seq(16)))]));
  g.within('lm_head', () => g.op('Gemm', [odd, embed], { transB: 1 }, 1, ['logits']));
  return g.model(17);
}

describe('module paths', () => {
  it('reads the module path from the node name and the layer from the path', () => {
    expect(modulePathOfNode('/model/layers.12/self_attn/q_proj/MatMul')).toBe('model.layers.12.self_attn.q_proj');
    expect(modulePathOfNode('/transformer/h.3/attn/c_attn/Gemm')).toBe('transformer.h.3.attn.c_attn');
    expect(modulePathOfNode('MatMul_12')).toBeNull();
    expect(layerOfModule('transformer.h.3.attn.c_attn')).toBe(3);
    expect(layerOfModule('model.layers.12.mlp.down_proj')).toBe(12);
    expect(layerOfModule('model.norm')).toBeNull();
  });
});

describe('indexWeights on a synthetic graph', () => {
  const model = syntheticModel();
  const index = indexWeights(model);

  it('finds fp16 weights, stored [in, out], and reports what it cannot place', () => {
    expect(index.linears.map((l) => [l.module, l.role, l.layer, l.dtype, l.outFeatures, l.inFeatures, l.storedInOut])).toEqual([
      ['model.layers.0.self_attn.q_proj', 'q', 0, 'fp16', 3, 4, true],
    ]);
    expect(index.unrecognised).toEqual([{ nodeName: '/model/layers.0/self_attn/rotary/MatMul', initializer: 'onnx::MatMul_8', reason: 'module "model.layers.0.self_attn.rotary" has no known role' }]);
    expect(index.numLayers).toBe(1);
    expect(index.linears[0].data).toBeNull(); // inline until externalized
  });

  it('recognises a Gemm transB=1 lm_head tied to the embedding, excluded unless asked for', () => {
    expect(index.lmHead).toMatchObject({ module: 'lm_head', role: 'lm_head', layer: null, opType: 'Gemm', storedInOut: false, outFeatures: 6, inFeatures: 4, sharedWith: ['/model/embed_tokens/Gather'] });
    expect(index.embeddings).toEqual([{ module: 'model.embed_tokens', initializer: 'model.embed_tokens.weight', dims: [6, 4] }]);
    expect(indexWeights(model, { includeLmHead: true }).linears.at(-1)?.role).toBe('lm_head');
  });

  it('falls back on torch initializer names when nodes are unnamed', () => {
    const g = new GraphBuilder();
    g.o('MatMul', ['x', g.init(f32Tensor('transformer.h.1.mlp.c_fc.weight', [2, 3], seq(6)))]);
    const idx = indexWeights(g.model(17));
    expect(idx.linears.map((l) => [l.module, l.role, l.layer])).toEqual([['transformer.h.1.mlp.c_fc', 'c_fc', 1]]);
    // GraphBuilder names it "/MatMul" (no scope): the node path is empty, so the initializer name is used.
  });

  it('flags quantised graphs and rejects graphs without decoder linears', () => {
    const g = new GraphBuilder();
    g.within('model/layers.0/self_attn/q_proj', () => g.o('MatMulNBits', ['x', 'w_q4', 'scales']));
    expect(indexWeights(g.model(17)).quantized).toBe(true);
    const empty = new GraphBuilder();
    empty.o('Relu', ['x']);
    expect(() => indexWeights(empty.model(17))).toThrow(UnsupportedLayoutError);
  });
});

describe('externalize and patch', () => {
  it('moves inline weights (raw_data and float_data) into one aligned buffer, keeping small tensors inline', () => {
    const model = syntheticModel();
    // A float_data initializer, as some exporters write small tensors.
    model.graph.initializers.push({ name: 'tiny', dims: [2], dataType: DataType.FLOAT, floatData: [1.5, -2], extra: [] });
    model.graph.initializers.push({ name: 'typed', dims: [300], dataType: DataType.FLOAT, floatData: Array.from(seq(300)), extra: [] });
    const ext = externalize(model, new Map(), { alwaysMove: ['onnx::MatMul_7'] });
    expect(ext.unchanged).toBe(false);
    const back = decodeModel(ext.modelBytes);
    const byName = new Map(back.graph.initializers.map((t) => [t.name, t]));
    expect(byName.get('tiny')!.floatData).toEqual([1.5, -2]); // 8 bytes: stays inline
    const typed = byName.get('typed')!;
    expect(typed.floatData).toBeUndefined();
    const off = Number(typed.externalData!.find((e) => e.key === 'offset')!.value);
    expect(off % 64).toBe(0);
    expect(Array.from(new Float32Array(ext.data.buffer, ext.data.byteOffset + off, 300))).toEqual(Array.from(seq(300)));
    // The original model object is left as it was.
    expect(model.graph.initializers.find((t) => t.name === 'typed')!.floatData).toHaveLength(300);
    const idx = indexWeights(back);
    expect(idx.linears[0].data).toMatchObject({ location: DATA_FILE, length: 24 });
  });

  it('leaves a model already in model.onnx_data untouched and consolidates other locations', () => {
    const first = externalize(syntheticModel(), new Map(), { alwaysMove: ['onnx::MatMul_7'] });
    const again = externalize(decodeModel(first.modelBytes), new Map([[DATA_FILE, first.data]]), {}, first.modelBytes);
    expect(again.unchanged).toBe(true);
    expect(again.data).toBe(first.data);
    expect(again.modelBytes).toBe(first.modelBytes);
    // Same data under another name: copied into model.onnx_data.
    const renamed = decodeModel(first.modelBytes);
    for (const t of renamed.graph.initializers) for (const e of t.externalData ?? []) if (e.key === 'location') e.value = 'weights.bin';
    const moved = externalize(renamed, new Map([['weights.bin', first.data]]));
    expect(moved.unchanged).toBe(false);
    const w = indexWeights(decodeModel(moved.modelBytes)).linears[0];
    expect(readWeight(moved.data, w)).toEqual(readWeight(first.data, indexWeights(decodeModel(first.modelBytes)).linears[0]));
    expect(() => externalize(renamed, new Map())).toThrow(/weights.bin/);
  });

  it('reads and writes fp16 weights as [out, in] float32', async () => {
    const ext = externalize(syntheticModel(), new Map(), { alwaysMove: ['onnx::MatMul_7'] });
    const q = indexWeights(decodeModel(ext.modelBytes)).linears[0];
    const w = readWeight(ext.data, q);
    // Stored [in=4, out=3] = seq(12, 0.5) row-major; [out, in] is its transpose.
    const stored = seq(12, 0.5);
    for (let o = 0; o < 3; o++) for (let i = 0; i < 4; i++) expect(w.data[o * 4 + i]).toBe(halfToFloat(floatToHalf(stored[i * 3 + o])));
    const store = new WeightStore(ext.data);
    const m = { rows: 3, cols: 4, data: Float32Array.from({ length: 12 }, (_, k) => k + 0.1) };
    store.write(q, m);
    const r = store.readPatched(q);
    for (let k = 0; k < 12; k++) expect(r.data[k]).toBe(halfToFloat(floatToHalf(k + 0.1)));
    expect(await store.readDense(q)).toEqual(w); // master untouched
    await store.restore(q);
    expect(store.patched).toEqual(ext.data);
    expect(store.modified).toEqual([]);
  });

  it('refuses inline weights, wrong shapes and ranges beyond the data', () => {
    const inline = indexWeights(syntheticModel()).linears[0];
    expect(() => readWeight(new Uint8Array(100), inline)).toThrow(PatchError);
    const ext = externalize(syntheticModel(), new Map(), { alwaysMove: ['onnx::MatMul_7'] });
    const q = indexWeights(decodeModel(ext.modelBytes)).linears[0];
    expect(() => writeWeight(ext.data.slice(), q, { rows: 4, cols: 3, data: new Float32Array(12) })).toThrow(/expected \[3, 4\]/);
    expect(() => readWeight(ext.data.subarray(0, q.data!.offset + 4), q)).toThrow(/beyond/);
  });

  it('survives an encode/decode cycle of the rewritten model', () => {
    const ext = externalize(syntheticModel(), new Map(), { alwaysMove: ['onnx::MatMul_7'] });
    expect(encodeModel(decodeModel(ext.modelBytes))).toEqual(ext.modelBytes);
  });
});
