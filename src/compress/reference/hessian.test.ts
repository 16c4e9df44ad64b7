import { describe, expect, it } from 'vitest';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { accumulateHessian, actOrderPermutation, prepareHessian } from './hessian.ts';
import { goldenHessian } from '../../../test/compress/obs-fixtures.ts';

describe('hessian twin', () => {
  it.skipIf(!hasShared)(`accumulates the golden H from X${hasShared ? '' : ` (${SHARED_MISSING})`}`, async () => {
    const names = (await goldenCaseNames(readSharedNode)) ?? [];
    const c = await loadGoldenCase(readSharedNode, names.find((n) => n.startsWith('gptq_')) ?? '');
    const golden = await goldenHessian(readSharedNode, c);
    const h = accumulateHessian(c.X, c.meta.shapes.X[0], c.cols, c.meta.calibration.seqlen);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < h.length; i++) {
      worst = Math.max(worst, Math.abs(h[i] - golden[i]));
      scale = Math.max(scale, Math.abs(golden[i]));
    }
    // Torch sums in float32 with its own order; the README measured ~1e-7 relative.
    expect(worst / scale).toBeLessThan(1e-6);
  });

  it('orders columns by decreasing diag, ties by index', () => {
    expect(Array.from(actOrderPermutation([1, 3, 2, 3, 0]))).toEqual([1, 3, 2, 0, 4]);
  });

  it('fixes dead columns, damps by the mean diagonal after the fix, and permutes before damping', () => {
    const n = 6;
    const x = randn(30 * n, 2);
    for (let t = 0; t < 30; t++) x[t * n + 2] = 0;
    const h = accumulateHessian(x, 30, n, 10);
    const p = prepareHessian(h, n, 0.01, true);
    expect(Array.from(p.dead)).toEqual([0, 0, 1, 0, 0, 0]);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += i === 2 ? 1 : h[i * n + i];
    expect(p.damping).toBeCloseTo((0.01 * sum) / n, 6);
    expect(p.perm?.[n - 1]).toBe(2); // the fixed diag (1) is the smallest here
    // The first column of U^T U is A^-1 e_0: check A (A^-1 e_0) = e_0 with A the permuted, damped H.
    const perm = p.perm ?? new Int32Array(n);
    const a = (r: number, c: number) =>
      r === c ? (perm[r] === 2 ? 1 : h[perm[r] * n + perm[r]]) + p.damping : h[perm[r] * n + perm[c]];
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        let inv = 0;
        for (let q = 0; q < n; q++) inv += p.hinv[q * n + k] * p.hinv[q * n];
        s += a(r, k) * inv;
      }
      expect(s).toBeCloseTo(r === 0 ? 1 : 0, 4);
    }
  });
});
