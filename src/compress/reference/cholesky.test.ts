import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { choleskyLower, invertLower, NotPositiveDefiniteError, upperCholeskyOfInverse } from './cholesky.ts';

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

describe('cholesky twin', () => {
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

  it('rejects a matrix that is not positive definite', () => {
    expect(() => choleskyLower([1, 2, 2, 1], 2)).toThrow(NotPositiveDefiniteError);
  });
});
