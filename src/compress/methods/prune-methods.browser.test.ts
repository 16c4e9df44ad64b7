import { describe, expect, it } from 'vitest';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { activations, randn } from '../../../test/random.ts';
import { layerStats } from '../reference/stats.ts';
import { CompressInputError, type CompressParams, type LayerStats } from '../types.ts';
import type { MethodDef } from '../method.ts';
import { magnitudeMethod } from './magnitude.ts';
import { wandaMethod } from './wanda.ts';

const names = await goldenCaseNames(readSharedBrowser);

function differing(a: Float32Array | Uint8Array, b: Float32Array | Uint8Array): number {
  const bits = (x: Float32Array | Uint8Array) => (x instanceof Float32Array ? new Uint32Array(x.buffer, x.byteOffset, x.length) : x);
  const [p, q] = [bits(a), bits(b)];
  let n = Math.abs(p.length - q.length);
  for (let i = 0; i < Math.min(p.length, q.length); i++) if (p[i] !== q[i]) n++;
  return n;
}

describe('magnitude and wanda methods on WebGPU equal the cpu backend', () => {
  const rows = 257;
  const cols = 300;
  const weight = { data: randn(rows * cols, 3, 0.02), rows, cols };
  const stats = layerStats(activations(64, cols, 4), cols, 2, ['scalerRow']);
  const runs: Array<[MethodDef, CompressParams]> = [
    [magnitudeMethod, { sparsity: 0.6 }],
    [magnitudeMethod, { pattern: { n: 1, m: 3 } }],
    [wandaMethod, { sparsity: 0.4 }],
    [wandaMethod, { pattern: { n: 2, m: 4 } }],
  ];
  for (const [method, params] of runs) {
    it(`${method.id} ${JSON.stringify(params)}, tiled by a 32-row binding cap`, async () => {
      const s: LayerStats | null = method.needs.length ? stats : null;
      const want = await method.run(weight, s, params, { backend: 'cpu' });
      const got = await method.run(weight, s, params, { backend: 'webgpu', maxBindingBytes: 32 * cols * 4 });
      expect(differing(got.mask!, want.mask!)).toBe(0);
      expect(differing(got.weight, want.weight)).toBe(0);
      expect(got.report.backend).toBe('webgpu');
      expect(got.report.sparsity).toBe(want.report.sparsity);
    });
  }

  it('rejects bad parameters on the WebGPU backend too', async () => {
    await expect(magnitudeMethod.run(weight, null, { sparsity: 1.2 }, { backend: 'webgpu' })).rejects.toThrow(CompressInputError);
    await expect(wandaMethod.run(weight, null, {}, { backend: 'webgpu' })).rejects.toThrow(CompressInputError);
  });
});

describe.skipIf(!names)(`methods on WebGPU vs golden${names ? '' : ` (${SHARED_MISSING})`}`, () => {
  for (const [method, name, params] of [
    [magnitudeMethod, 'magnitude_s070__o384_i256', { sparsity: 0.7 }],
    [wandaMethod, 'wanda_s050__o256_i512', { sparsity: 0.5 }],
  ] as const) {
    it(name, async () => {
      const g = await loadGoldenCase(readSharedBrowser, name);
      const inputs = (g.meta as unknown as { inputs: string }).inputs;
      const stats: LayerStats | null = method.needs.length
        ? { cols: g.cols, nsamples: 8, tokens: 512, scalerRow: new Float32Array((await readSharedBrowser(`golden/${inputs}/scaler_row.f32`))!.slice().buffer) }
        : null;
      const res = await method.run({ data: g.W, rows: g.rows, cols: g.cols }, stats, params, { backend: 'webgpu', maxBindingBytes: 100 * g.cols * 4 });
      expect(differing(res.mask!, g.arrays.mask as Uint8Array)).toBe(0);
      expect(differing(res.weight, g.arrays.out as Float32Array)).toBe(0);
    });
  }
});
