import { describe, expect, it } from 'vitest';
import { StatsTwin } from '../../compress/reference/stats.ts';
import type { LayerStats, StatName } from '../../compress/types.ts';
import { calibrateCaptures, statsBytes } from './capture-stats.ts';
import { buildCaptureModel, CaptureGraphError } from './capture-graph.ts';
import { emptyPastDims, openCaptureSession, toRows, windowFeeds } from './capture-session.ts';
import { initializerReader, llamaLinearInputs, type LlamaShape } from '../../../test/model/llama-reference-forward.ts';
import { maxAbsDiff, randomWindows, tinyFixture, wasmRuntime } from '../../../test/model/capture-fixtures.ts';
import { decodeModel } from '../onnx/decode.ts';
import { TINY_DIMS, type LayoutName } from '../../../test/models/tiny-models.ts';

const CAPTURES_PER_LAYER: Record<LayoutName, string[][]> = {
  llama: [['q_proj', 'k_proj', 'v_proj'], ['o_proj'], ['gate_proj', 'up_proj'], ['down_proj']],
  mistral: [['q_proj', 'k_proj', 'v_proj'], ['o_proj'], ['gate_proj', 'up_proj'], ['down_proj']],
  qwen2: [['q_proj', 'k_proj', 'v_proj'], ['o_proj'], ['gate_proj', 'up_proj'], ['down_proj']],
  qwen3: [['q_proj', 'k_proj', 'v_proj'], ['o_proj'], ['gate_proj', 'up_proj'], ['down_proj']],
  phi3: [['qkv_proj'], ['o_proj'], ['gate_up_proj'], ['down_proj']],
  gemma: [['q_proj', 'k_proj', 'v_proj'], ['o_proj'], ['gate_proj', 'up_proj'], ['down_proj']],
  smollm: [['q_proj', 'k_proj', 'v_proj'], ['o_proj'], ['gate_proj', 'up_proj'], ['down_proj']],
  gpt2: [['c_attn'], ['c_proj'], ['c_fc'], ['c_proj']],
};

describe('calibration graph', () => {
  it.each(Object.keys(CAPTURES_PER_LAYER) as LayoutName[])('%s: one capture per distinct linear input, every layer of every role', async (layout) => {
    const { patchable } = tinyFixture(layout, { seed: 3 });
    const cap = buildCaptureModel(patchable.model, patchable.index.linears);
    const expected = [0, 1].flatMap(() => CAPTURES_PER_LAYER[layout].map((g) => g.map((m) => m.split('.').pop()!)));
    expect(cap.captures.map((c) => c.modules.map((m) => m.split('.').pop()))).toEqual(expected);
    for (const c of cap.captures) {
      expect(c.output).toBe(c.modules[0]);
      expect(c.layer).not.toBeNull();
    }
    // The rewritten graph decodes, declares the captures as outputs, and keeps the originals.
    const decoded = decodeModel(cap.modelBytes);
    const outputs = decoded.graph.outputs.map((o) => o.name);
    expect(outputs.slice(0, patchable.model.graph.outputs.length)).toEqual(patchable.model.graph.outputs.map((o) => o.name));
    expect(outputs.slice(patchable.model.graph.outputs.length)).toEqual(cap.captures.map((c) => c.output));
    // It runs: every capture comes back as whole rows of its input width.
    const session = await openCaptureSession(wasmRuntime(), patchable.model, cap, patchable.externalData(patchable.master));
    try {
      const ids = randomWindows(1, 6, 2)[0];
      const rows = await session.run(ids, cap.captures);
      for (const c of cap.captures) expect(rows.get(c.output)!.length).toBe(ids.length * c.cols);
    } finally {
      await session.release();
    }
  });

  it('captures lm_head input when lm_head is indexed, and refuses a name clash', () => {
    const { patchable } = tinyFixture('llama');
    const cap = buildCaptureModel(patchable.model, [...patchable.index.linears, patchable.index.lmHead!]);
    expect(cap.captures.at(-1)).toMatchObject({ output: 'lm_head', layer: null, cols: TINY_DIMS.hidden });
    const clash = { ...patchable.model, graph: { ...patchable.model.graph, outputs: [...patchable.model.graph.outputs, { name: 'model.layers.0.self_attn.q_proj', extra: [] }] } };
    expect(() => buildCaptureModel(clash, patchable.index.linears)).toThrow(CaptureGraphError);
  });

  it('widens fp16 captures and rejects a tensor that is not whole rows', () => {
    const ortRuntime = wasmRuntime();
    const c = { output: 'x', tensor: 'x', cols: 2, layer: 0, modules: ['x'] };
    // 0x3c00 = 1, 0xc000 = -2, 0x3800 = 0.5, 0x0000 = 0
    const half = new ortRuntime.Tensor('float16', Uint16Array.of(0x3c00, 0xc000, 0x3800, 0), [1, 2, 2]);
    expect(Array.from(toRows(half, c))).toEqual([1, -2, 0.5, 0]);
    expect(() => toRows(new ortRuntime.Tensor('float32', new Float32Array(3), [3]), c)).toThrow(/whole rows of 2/);
  });

  it('feeds an empty cache: batch 1, past length 0, fixed dims kept', () => {
    const { patchable } = tinyFixture('llama');
    const feeds = windowFeeds(wasmRuntime(), patchable.model.graph.inputs, [5, 6, 7]);
    expect(feeds['past_key_values.0.key'].dims).toEqual([1, 2, 0, 8]);
    expect(feeds.input_ids.dims).toEqual([1, 3]);
    expect(Array.from(feeds.position_ids.data as BigInt64Array, Number)).toEqual([0, 1, 2]);
    expect(emptyPastDims([{ value: 2 }, { param: 'batch' }, { value: 4 }, { param: 'past' }, { value: 8 }], 'past.0')).toEqual([2, 1, 4, 0, 8]);
    expect(() => windowFeeds(wasmRuntime(), [{ name: 'pixel_values', extra: [] }], [1])).toThrow(/pixel_values/);
  });
});

describe('captured activations and their statistics (tiny llama)', () => {
  const fixture = tinyFixture('llama', { seed: 21 });
  const { patchable } = fixture;
  const shape: LlamaShape = { ...TINY_DIMS, kvHeads: TINY_DIMS.heads / 2, eps: 1e-5, ropeTheta: 10000 };
  const dataByLocation = new Map([[patchable.dataLocation, patchable.master]]);
  const param = initializerReader(patchable.model, dataByLocation);
  const weight = (m: string): Float32Array => fixture.weights.get(m)!;
  const windows = randomWindows(3, 12, 99);

  it('equal a TypeScript forward pass of the architecture, layer input by layer input', async () => {
    const cap = buildCaptureModel(patchable.model, [...patchable.index.linears, patchable.index.lmHead!]);
    const session = await openCaptureSession(wasmRuntime(), patchable.model, cap, patchable.externalData(patchable.master));
    try {
      for (const ids of windows) {
        const got = await session.run(ids, cap.captures);
        const want = llamaLinearInputs(ids, shape, param, weight);
        for (const c of cap.captures) {
          for (const m of c.modules) {
            const w = want.get(m)!;
            // float32 graph vs float64 reference through up to two layers: activations of O(1)
            // agree to ~1e-6; 2e-4 leaves room for softmax and RoPE rounding.
            expect(maxAbsDiff(got.get(c.output)!, w), m).toBeLessThan(2e-4);
          }
        }
      }
    } finally {
      await session.release();
    }
  });

  it('give the statistics of the reference activations (CPU accumulator)', async () => {
    const cap = buildCaptureModel(patchable.model, patchable.index.linears);
    const needs: StatName[] = ['scalerRow', 'hessian', 'meanAbs', 'maxAbs', 'activations'];
    const session = await openCaptureSession(wasmRuntime(), patchable.model, cap, patchable.externalData(patchable.master));
    let stats: Map<string, LayerStats>;
    const seen: number[] = [];
    try {
      stats = await calibrateCaptures(session, cap.captures, { backend: 'cpu', needs, windows, onWindow: (d) => seen.push(d) });
    } finally {
      await session.release();
    }
    expect(seen).toEqual([1, 2, 3]);
    const refs = windows.map((ids) => llamaLinearInputs(ids, shape, param, weight));
    for (const c of cap.captures) {
      const twin = new StatsTwin(c.cols, needs);
      for (const r of refs) twin.add(r.get(c.output)!, 1);
      const want = twin.finish();
      const got = stats.get(c.output)!;
      expect([got.nsamples, got.tokens, got.cols]).toEqual([3, 36, c.cols]);
      for (const key of ['scalerRow', 'hessian', 'meanAbs', 'maxAbs', 'activations'] as const) {
        const a = got[key]!;
        const b = want[key]!;
        let scale = 0;
        for (const v of b) scale = Math.max(scale, Math.abs(v));
        // Sums of 36 squared activations from inputs within 2e-4: relative 1e-3 of the largest entry.
        expect(maxAbsDiff(a, b) / scale, `${c.output} ${key}`).toBeLessThan(1e-3);
      }
    }
  });

  it('budget unit: bytes of each statistic', () => {
    expect(statsBytes(10, ['hessian'], 100)).toBe(400);
    expect(statsBytes(10, ['scalerRow', 'meanAbs', 'maxAbs'], 100)).toBe(120);
    expect(statsBytes(10, ['activations'], 100, 50)).toBe(2000);
  });
});
