import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { upperCholeskyOfInverse } from './cholesky.ts';
import { matmul, matmulScalar } from './matmul.ts';
import { rowUpdateKernel } from './row-update-simd.ts';
import { setSimdGemmDisabled, simdGemm } from './simd-gemm.ts';

// The browser side of the CPU twins: Chromium compiles the kernel synchronously on the page's
// main thread (so in a worker too) and its results are the scalar loops' bit for bit.
describe('SIMD gemm kernel in the browser', () => {
  it('is available, with the OBS row-update kernel, and gives the scalar matmul bit for bit', () => {
    expect(simdGemm()).not.toBeNull();
    expect(rowUpdateKernel()).not.toBeNull();
    const [m, n, k] = [67, 259, 21];
    const a = randn(m * k, 1);
    const b = randn(n * k, 2);
    const c0 = randn(m * n, 3);
    const got = c0.slice();
    const want = c0.slice();
    const spec = { m, n, k, transB: true, alpha: -1, beta: 1 };
    matmul({ data: a, offset: 0, ld: k }, { data: b, offset: 0, ld: k }, { data: got, offset: 0, ld: n }, spec);
    matmulScalar({ data: a, offset: 0, ld: k }, { data: b, offset: 0, ld: k }, { data: want, offset: 0, ld: n }, spec);
    expect(got).toEqual(want);
  });

  it('gives the scalar upper Cholesky factor of the inverse bit for bit', () => {
    const n = 45;
    const b = randn(n * n, 4);
    const h = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? 1 : 0;
        for (let p = 0; p < n; p++) s += (b[i * n + p] * b[j * n + p]) / n;
        h[i * n + j] = s;
      }
    }
    const simd = upperCholeskyOfInverse(h, n);
    setSimdGemmDisabled(true);
    try {
      expect(upperCholeskyOfInverse(h, n)).toEqual(simd);
    } finally {
      setSimdGemmDisabled(false);
    }
  });
});
