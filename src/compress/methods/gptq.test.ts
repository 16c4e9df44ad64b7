import { describe, expect, it } from 'vitest';
import { loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { accumulateHessian } from '../reference/hessian.ts';
import { goldenHessian } from '../../../test/compress/obs-fixtures.ts';
import { dequantPacked } from '../reference/pack.ts';
import { CompressInputError, type LayerStats } from '../types.ts';
import { gptqMethod } from './gptq.ts';

const cpu = { backend: 'cpu' as const };

describe('gptq method', () => {
  it.skipIf(!hasShared)(`reproduces the golden act-order case with packed codes${hasShared ? '' : ` (${SHARED_MISSING})`}`, async () => {
    const c = await loadGoldenCase(readSharedNode, 'gptq_w4_g128_asym_actorder__o384_i256');
    const hessian = await goldenHessian(readSharedNode, c);
    const stats: LayerStats = { cols: c.cols, nsamples: 8, tokens: 512, hessian };
    const res = await gptqMethod.run({ data: c.W, rows: c.rows, cols: c.cols }, stats, { actOrder: true }, cpu);
    expect(Array.from(res.extras?.perm ?? [])).toEqual(Array.from(c.arrays.perm));
    expect(Array.from(res.extras?.gIdx ?? [])).toEqual(Array.from(c.arrays.g_idx));
    expect(Array.from(res.extras?.zero ?? [])).toEqual(Array.from(c.arrays.zero));
    expect(res.report.bits).toBe(4);
    // The packed codes decode to exactly the returned weight.
    expect(res.packed).toBeDefined();
    if (res.packed) expect(Array.from(dequantPacked(res.packed))).toEqual(Array.from(res.weight));
    let maxDiff = 0;
    const gOut = c.arrays.out as Float32Array;
    for (let i = 0; i < gOut.length; i++) maxDiff = Math.max(maxDiff, Math.abs(res.weight[i] - gOut[i]));
    expect(maxDiff).toBeLessThan(1e-6); // no code flipped: only float32 noise remains
  });

  it('packs per-row grids with group = cols', async () => {
    const cols = 24;
    const weight = { data: randn(5 * cols, 3, 0.05), rows: 5, cols };
    const hessian = accumulateHessian(randn(48 * cols, 4), 48, cols, 12);
    const res = await gptqMethod.run(weight, { cols, nsamples: 4, tokens: 48, hessian }, { bits: 3, group: -1, sym: true }, cpu);
    expect(res.packed?.group).toBe(cols);
    expect(res.extras?.scale.length).toBe(5);
    if (res.packed) expect(Array.from(dequantPacked(res.packed))).toEqual(Array.from(res.weight));
  });

  it('rejects bad parameters and missing statistics with one line', async () => {
    const cols = 16;
    const weight = { data: randn(4 * cols, 5), rows: 4, cols };
    const stats: LayerStats = { cols, nsamples: 2, tokens: 32, hessian: accumulateHessian(randn(32 * cols, 6), 32, cols, 16) };
    const bad: Array<[Parameters<typeof gptqMethod.run>[2], LayerStats | null]> = [
      [{ bits: 1 }, stats],
      [{ bits: 9 }, stats],
      [{ bits: 3.5 }, stats],
      [{ group: 0 }, stats],
      [{ blocksize: 1000 }, stats],
      [{}, null],
      [{}, { ...stats, hessian: new Float32Array(10) }],
    ];
    for (const [params, s] of bad) {
      const run = gptqMethod.run(weight, s, params, cpu);
      await expect(run).rejects.toThrow(CompressInputError);
      await expect(run).rejects.toThrow(/^[^\n]+$/);
    }
  });
});
