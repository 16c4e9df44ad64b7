import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { choleskyLower, invertLower, NotPositiveDefiniteError, upperCholeskyOfInverse } from './cholesky.ts';
import { setSimdGemmDisabled, simdGemm } from './simd-gemm.ts';

/** The textbook column-by-column Cholesky (the sums the blocked twin must reproduce exactly). */
function textbookCholesky(a: Float64Array, n: number): Float64Array {
  const l = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j];
    for (let p = 0; p < j; p++) d -= l[j * n + p] * l[j * n + p];
    l[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = l[i * n + j];
      for (let p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
      l[i * n + j] = s / l[j * n + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) l[i * n + j] = 0;
  return l;
}

/** The textbook triangular inverse by forward substitution, first row first, each sum over k ascending. */
function textbookInverse(lower: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const inv = 1 / lower[i * n + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s += lower[i * n + k] * x[k * n + j];
      x[i * n + j] = -s * inv;
    }
    x[i * n + i] = inv;
  }
  return x;
}

/** A random SPD matrix B B^T / k + shift I. */
function spd(n: number, seed: number, shift = 0.5): Float64Array {
  const k = n + 3;
  const b = randn(n * k, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += b[i * k + p] * b[j * k + p];
      a[i * n + j] = s / k + (i === j ? shift : 0);
    }
  }
  return a;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

// Both paths: the WebAssembly SIMD kernel (Node has it) and the scalar loops.
for (const path of ['wasm simd', 'scalar'] as const) {
  describe(`cholesky twin, ${path} path`, () => {
    beforeAll(() => setSimdGemmDisabled(path === 'scalar'));
    afterAll(() => setSimdGemmDisabled(false));

    it(path === 'scalar' ? 'runs without the kernel' : 'has the kernel', () => {
      expect(simdGemm() !== null).toBe(path === 'wasm simd');
    });

    for (const n of [1, 5, 40]) {
      it(`L L^T = A, L^-1 L = I and U^T U = A^-1 for n = ${n}`, () => {
        const a = spd(n, n);
        const l = choleskyLower(a, n);
        const x = invertLower(l, n);
        const u = upperCholeskyOfInverse(a, n);
        const resid = new Float64Array(n * n);
        const ident = new Float64Array(n * n);
        const inverse = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let llt = 0;
            let xl = 0;
            let utu = 0;
            for (let p = 0; p < n; p++) {
              llt += l[i * n + p] * l[j * n + p];
              xl += x[i * n + p] * l[p * n + j];
              utu += u[p * n + i] * u[p * n + j];
            }
            resid[i * n + j] = llt - a[i * n + j];
            ident[i * n + j] = xl - (i === j ? 1 : 0);
            inverse[i * n + j] = utu;
            if (j > i) {
              expect(l[i * n + j]).toBe(0);
              expect(u[j * n + i]).toBe(0); // U is upper triangular
            }
          }
          expect(u[i * n + i]).toBeGreaterThan(0);
        }
        expect(maxAbs(resid)).toBeLessThan(1e-12);
        expect(maxAbs(ident)).toBeLessThan(1e-12);
        // (U^T U) A = I up to U's float32 rounding (relative 2^-24 times the condition number).
        const check = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < n; p++) s += inverse[i * n + p] * a[p * n + j];
          check[i * n + j] = s - (i === j ? 1 : 0);
        }
        expect(maxAbs(check)).toBeLessThan(1e-4);
      });
    }

    // Sizes around the 2-column and 4-row blocking and the 4-wide strips: odd, even, remainders 0..3.
    for (const n of [2, 3, 6, 7, 8, 9, 33, 70]) {
      it(`blocked factor and inverse equal the textbook loops bit for bit, n = ${n}`, () => {
        const a = spd(n, 100 + n);
        const l = choleskyLower(a, n);
        expect(l).toEqual(textbookCholesky(a, n));
        expect(invertLower(l, n)).toEqual(textbookInverse(l, n));
        // U = J L'^-1 J with L' the factor of the reversed matrix, rounded to float32.
        const reversed = new Float64Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) reversed[i * n + j] = a[(n - 1 - i) * n + (n - 1 - j)];
        const x = textbookInverse(textbookCholesky(reversed, n), n);
        const want = new Float32Array(n * n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) want[i * n + j] = x[(n - 1 - i) * n + (n - 1 - j)];
        expect(upperCholeskyOfInverse(a, n)).toEqual(want);
      });
    }

    it('names the failing pivot when a later pivot of a pair is not positive', () => {
      // [[4, 2, 0], [2, 1, 0], [0, 0, 1]]: pivot 0 is 2, pivot 1 is 1 - 1 = 0.
      expect(() => choleskyLower([4, 2, 0, 2, 1, 0, 0, 0, 1], 3)).toThrow('pivot 1 of 3');
    });

    it('rejects a matrix that is not positive definite', () => {
      expect(() => choleskyLower([1, 2, 2, 1], 2)).toThrow(NotPositiveDefiniteError);
      expect(() => upperCholeskyOfInverse([1, 2, 2, 1], 2)).toThrow(NotPositiveDefiniteError);
    });
  });
}
