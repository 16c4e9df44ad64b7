import { describe, expect, it } from 'vitest';
import { acquireGpu, readF32, storageBuffer, uploadBuffer, withBufferScope, submitDispatches } from '../../gpu/index.ts';
import { randn } from '../../../test/random.ts';
import { choleskyLower, NotPositiveDefiniteError, upperCholeskyOfInverse } from '../reference/cholesky.ts';
import { choleskySteps, upperCholeskyOfInverseInPlace } from './cholesky.ts';

/** A random SPD matrix B B^T / k + I/2 in float32 (condition number ~10). */
function spd(n: number, seed: number): Float32Array {
  const k = n + 8;
  const b = randn(n * k, seed);
  const a = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += b[i * k + p] * b[j * k + p];
      a[i * n + j] = a[j * n + i] = s / k + (i === j ? 0.5 : 0);
    }
  }
  return a;
}

function maxDiffOverMax(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    d = Math.max(d, Math.abs(got[i] - want[i]));
    m = Math.max(m, Math.abs(want[i]));
  }
  return d / m;
}

describe('cholesky kernels vs twin', () => {
  // 127, 300 and 513 are not multiples of the 64-column step; 1 and 5 are a single partial block.
  for (const n of [1, 5, 127, 300, 513]) {
    it(`n = ${n}`, async () => {
      const gpu = await acquireGpu();
      const a = spd(n, n + 1);
      await withBufferScope(gpu.device, async () => {
        const buf = uploadBuffer(gpu, a);
        const status = storageBuffer(gpu, 4);
        const panel = storageBuffer(gpu, Math.max(1, n) * 64 * 4);
        for (const step of choleskySteps(gpu, buf, n, status, panel)) submitDispatches(gpu, step);
        const l = await readF32(gpu, buf, n * n);
        // float32 against the float64 twin: errors grow like sqrt(n) * cond * 2^-24 (cond ~ 10 here).
        expect(maxDiffOverMax(l, choleskyLower(a, n))).toBeLessThan(2e-5);

        const reversed = new Float32Array(n * n);
        for (let i = 0; i < n * n; i++) reversed[i] = a[n * n - 1 - i];
        const u = uploadBuffer(gpu, reversed);
        await upperCholeskyOfInverseInPlace(gpu, u, n);
        const got = await readF32(gpu, u, n * n);
        expect(maxDiffOverMax(got, upperCholeskyOfInverse(a, n))).toBeLessThan(5e-5);
        for (let i = 1; i < n; i++) expect(got[i * n]).toBe(0); // strictly upper: zeros below the diagonal
      });
    });
  }

  it('reports a matrix that is not positive definite', async () => {
    const gpu = await acquireGpu();
    const a = new Float32Array([1, 2, 0, 2, 1, 0, 0, 0, 1]);
    await withBufferScope(gpu.device, async () => {
      await expect(upperCholeskyOfInverseInPlace(gpu, uploadBuffer(gpu, a), 3)).rejects.toThrow(NotPositiveDefiniteError);
    });
  });
});
