import { describe, expect, it } from 'vitest';
import { loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { activations, randn } from '../../../test/random.ts';
import { layerStats } from '../reference/stats.ts';
import { CompressInputError, type LayerStats } from '../types.ts';
import { magnitudeMethod } from './magnitude.ts';
import { wandaMethod } from './wanda.ts';

/** Bitwise equality of two typed arrays (deep equality is slow on 100k+ entries). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const cpu = { backend: 'cpu' as const };

async function goldenStats(inputs: string, cols: number): Promise<LayerStats> {
  const bytes = await readSharedNode(`golden/${inputs}/scaler_row.f32`);
  return { cols, nsamples: 8, tokens: 512, scalerRow: new Float32Array(bytes!.slice().buffer) };
}

describe('magnitude and wanda methods (cpu)', () => {
  for (const [method, name, params] of [
    [magnitudeMethod, 'magnitude_s050__o256_i512', { sparsity: 0.5 }],
    [magnitudeMethod, 'magnitude_4of8__o384_i256', { pattern: { n: 4, m: 8 } }],
    [wandaMethod, 'wanda_s050__o384_i256', {}],
    [wandaMethod, 'wanda_2of4__o256_i512', { pattern: { n: 2, m: 4 } }],
  ] as const) {
    it.skipIf(!hasShared)(`${method.id} reproduces ${name}${hasShared ? '' : ` (${SHARED_MISSING})`}`, async () => {
      const g = await loadGoldenCase(readSharedNode, name);
      const stats = method.needs.length ? await goldenStats((g.meta as unknown as { inputs: string }).inputs, g.cols) : null;
      const res = await method.run({ data: g.W, rows: g.rows, cols: g.cols }, stats, params, cpu);
      expect(sameBytes(res.mask!, g.arrays.mask)).toBe(true);
      expect(sameBytes(res.weight, g.arrays.out)).toBe(true);
      expect(res.report.bits).toBe(32);
      expect(res.report.backend).toBe('cpu');
      expect(res.report.sparsity).toBeCloseTo(g.meta.stats.sparsity as number, 12);
      expect(res.report.relErr).toBeCloseTo(g.meta.stats.rel_err_fro_vs_W as number, 6);
    });
  }

  it('defaults to 50 % unstructured', async () => {
    const weight = { data: randn(8 * 16, 1), rows: 8, cols: 16 };
    const stats = layerStats(activations(10, 16, 2), 16, 1, ['scalerRow']);
    expect((await magnitudeMethod.run(weight, null, {}, cpu)).report.sparsity).toBeCloseTo(65 / 128, 12);
    expect((await wandaMethod.run(weight, stats, {}, cpu)).report.sparsity).toBe(0.5);
  });

  it('at sparsity 0: magnitude prunes the single smallest entry (reference rule), wanda nothing', async () => {
    const weight = { data: randn(6 * 10, 3), rows: 6, cols: 10 };
    const stats = layerStats(activations(10, 10, 4), 10, 1, ['scalerRow']);
    const mag = await magnitudeMethod.run(weight, null, { sparsity: 0 }, cpu);
    expect(mag.mask!.reduce((a, b) => a + b, 0)).toBe(1);
    const wanda = await wandaMethod.run(weight, stats, { sparsity: 0 }, cpu);
    expect(wanda.weight).toEqual(weight.data);
    expect(wanda.report.relErr).toBe(0);
  });

  it('rejects bad sparsity, bad N:M and missing statistics with one line', async () => {
    const weight = { data: randn(4 * 12, 5), rows: 4, cols: 12 };
    const stats = layerStats(activations(4, 12, 6), 12, 1, ['scalerRow']);
    for (const [method, s] of [[magnitudeMethod, null], [wandaMethod, stats]] as const) {
      for (const params of [{ sparsity: 1 }, { sparsity: -0.2 }, { pattern: { n: 2, m: 8 } }, { pattern: { n: 4, m: 4 } }, { pattern: { n: 0, m: 2 } }]) {
        const error = await method.run(weight, s, params, cpu).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CompressInputError);
        expect((error as Error).message).not.toContain('\n');
      }
    }
    await expect(wandaMethod.run(weight, null, {}, cpu)).rejects.toThrow(CompressInputError);
    await expect(wandaMethod.run(weight, { cols: 12, nsamples: 1, tokens: 4 }, {}, cpu)).rejects.toThrow(/scalerRow/);
    const narrow = layerStats(activations(4, 8, 6), 8, 1, ['scalerRow']);
    await expect(wandaMethod.run(weight, narrow, {}, cpu)).rejects.toThrow(CompressInputError);
  });
});
