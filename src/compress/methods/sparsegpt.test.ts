import { describe, expect, it } from 'vitest';
import { loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { accumulateHessian } from '../reference/hessian.ts';
import { goldenHessian, relFro } from '../../../test/compress/obs-fixtures.ts';
import { CompressInputError, type LayerStats, type WeightMatrix } from '../types.ts';
import { sparsegptMethod } from './sparsegpt.ts';

const cpu = { backend: 'cpu' as const };

function small(cols = 16): { weight: WeightMatrix; stats: LayerStats } {
  const weight = { data: randn(6 * cols, 1), rows: 6, cols };
  const hessian = accumulateHessian(randn(32 * cols, 2), 32, cols, 8);
  return { weight, stats: { cols, nsamples: 4, tokens: 32, hessian } };
}

describe('sparsegpt method', () => {
  it.skipIf(!hasShared)(`reproduces the golden 2:4 case on the CPU backend${hasShared ? '' : ` (${SHARED_MISSING})`}`, async () => {
    const c = await loadGoldenCase(readSharedNode, 'sparsegpt_2of4__o384_i256');
    const hessian = await goldenHessian(readSharedNode, c);
    const stats: LayerStats = { cols: c.cols, nsamples: 8, tokens: 512, hessian };
    const res = await sparsegptMethod.run({ data: c.W, rows: c.rows, cols: c.cols }, stats, { pattern: { n: 2, m: 4 } }, cpu);
    expect(Array.from(res.mask ?? [])).toEqual(Array.from(c.arrays.mask));
    expect(relFro(res.weight, c.arrays.out as Float32Array)).toBeLessThan(1e-5);
    expect(res.report.bits).toBe(32);
    expect(res.report.sparsity).toBe(0.5);
    expect(res.report.relErr).toBeCloseTo(Number(c.meta.stats.rel_err_fro_vs_W), 5);
    const loss = (res.extras?.sparsegptRowLoss as Float32Array).reduce((s, v) => s + v, 0);
    expect(loss).toBeCloseTo(Number(c.meta.stats.reported_error_sum_losses), 2);
  });

  it('rejects bad parameters and missing statistics with one line', async () => {
    const { weight, stats } = small();
    const bad: Array<[Parameters<typeof sparsegptMethod.run>[2], LayerStats | null]> = [
      [{ sparsity: 1 }, stats],
      [{ sparsity: -0.1 }, stats],
      [{ pattern: { n: 2, m: 3 } }, stats], // 16 % 3 != 0
      [{ pattern: { n: 4, m: 4 } }, stats],
      [{ blocksize: 512 }, stats],
      [{}, null],
      [{}, { ...stats, hessian: undefined }],
    ];
    for (const [params, s] of bad) {
      const run = sparsegptMethod.run(weight, s, params, cpu);
      await expect(run).rejects.toThrow(CompressInputError);
      await expect(run).rejects.toThrow(/^[^\n]+$/);
    }
  });

  it('reports a Hessian that is not positive definite as an input error', async () => {
    const { weight, stats } = small(4);
    const hessian = new Float32Array([1, 2, 0, 0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    await expect(sparsegptMethod.run(weight, { ...stats, hessian }, { damp: 0 }, cpu)).rejects.toThrow(/not positive definite/);
  });
});
