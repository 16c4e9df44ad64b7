import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { matmul, matmulScalar, type MatView } from './matmul.ts';
import { setSimdGemmDisabled, simdGemm } from './simd-gemm.ts';

/** The textbook triple loop with float64 sums in ascending k, the order the packed kernel keeps. */
function naiveMatmul(a: MatView, b: MatView, c: MatView, m: number, n: number, k: number, transA: boolean, transB: boolean, alpha: number, beta: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let kk = 0; kk < k; kk++) {
        const av = transA ? a.data[a.offset + kk * a.ld + i] : a.data[a.offset + i * a.ld + kk];
        const bv = transB ? b.data[b.offset + j * b.ld + kk] : b.data[b.offset + kk * b.ld + j];
        s += av * bv;
      }
      const at = c.offset + i * c.ld + j;
      c.data[at] = alpha * s + (beta !== 0 ? beta * c.data[at] : 0);
    }
  }
}

// The same cases on both paths: the WebAssembly SIMD kernel (Node has it) and the scalar fallback.
for (const path of ['wasm simd', 'scalar'] as const) {
  describe(`matmul twin, ${path} path`, () => {
    beforeAll(() => setSimdGemmDisabled(path === 'scalar'));
    afterAll(() => setSimdGemmDisabled(false));

    it(path === 'scalar' ? 'runs without the kernel' : 'has the kernel', () => {
      expect(simdGemm() !== null).toBe(path === 'wasm simd');
    });

    // Odd sizes, panel boundaries (n > 256 for the scalar loops; k * n * 8 > 8 MiB for the kernel)
    // and a row-block boundary (m > 64), strided views with offsets, both transposes.
    const cases = [
      { m: 1, n: 1, k: 1 },
      { m: 5, n: 3, k: 7 },
      { m: 9, n: 301, k: 13 },
      { m: 4, n: 2, k: 0 },
      { m: 70, n: 517, k: 9 },
      { m: 131, n: 6, k: 130 },
      { m: 5, n: 522, k: 2100 },
    ];
    for (const { m, n, k } of cases) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        it(`equals the triple loop bit for bit: ${m}x${n}x${k}, transA ${transA}, transB ${transB}`, () => {
          const pad = 3;
          const aRows = transA ? k : m;
          const aCols = transA ? m : k;
          const bRows = transB ? n : k;
          const bCols = transB ? k : n;
          const a: MatView = { data: randn(pad + aRows * (aCols + pad), m + n), offset: pad, ld: aCols + pad };
          const b: MatView = { data: randn(pad + bRows * (bCols + pad), k + 1), offset: pad, ld: bCols + pad };
          const c0 = randn(1 + m * (n + 2), 99);
          for (const [alpha, beta] of [[-1, 1], [1, 0], [0.37, -2.5]]) {
            const got: MatView = { data: c0.slice(), offset: 1, ld: n + 2 };
            const want: MatView = { data: c0.slice(), offset: 1, ld: n + 2 };
            const scalar: MatView = { data: c0.slice(), offset: 1, ld: n + 2 };
            matmul(a, b, got, { m, n, k, transA, transB, alpha, beta });
            naiveMatmul(a, b, want, m, n, k, transA, transB, alpha, beta);
            matmulScalar(a, b, scalar, { m, n, k, transA, transB, alpha, beta });
            expect(got.data).toEqual(want.data);
            expect(got.data).toEqual(scalar.data);
          }
          const plain = c0.slice();
          const want: MatView = { data: c0.slice(), offset: 1, ld: n + 2 };
          matmul(a, b, { data: plain, offset: 1, ld: n + 2 }, { m, n, k, transA, transB });
          naiveMatmul(a, b, want, m, n, k, transA, transB, 1, 0);
          expect(plain).toEqual(want.data);
        });
      }
    }
  });
}
