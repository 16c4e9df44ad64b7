import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { choleskyLower, invertLower, NotPositiveDefiniteError, upperCholeskyOfInverse } from './cholesky.ts';

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

/** The textbook triangular inverse, last column first, each sum over k ascending. */
function textbookInverse(lower: Float64Array, n: number): Float64Array {
  const x = Float64Array.from(lower);
  for (let j = n - 1; j >= 0; j--) {
    const inv = 1 / x[j * n + j];
    x[j * n + j] = inv;
    const col = Array.from({ length: n }, (_, k) => lower[k * n + j]);
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j + 1; k <= i; k++) s += x[i * n + k] * col[k];
      x[i * n + j] = -s * inv;
    }
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

  // Sizes around the 2-column and 4-row blocking: odd, even, remainders 0..3 below the pair.
  for (const n of [2, 3, 6, 7, 8, 9, 33]) {
    it(`blocked factor equals the textbook loop bit for bit, the inverse to rounding, n = ${n}`, () => {
      const a = spd(n, 100 + n);
      const l = choleskyLower(a, n);
      expect(l).toEqual(textbookCholesky(a, n));
      // Column pairs add one term of each sum in another order: float64 rounding apart.
      const x = invertLower(l, n);
      const want = textbookInverse(l, n);
      for (let e = 0; e < n * n; e++) expect(Math.abs(x[e] - want[e])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want[e])));
    });
  }

  it('names the failing pivot when a later pivot of a pair is not positive', () => {
    // [[4, 2, 0], [2, 1, 0], [0, 0, 1]]: pivot 0 is 2, pivot 1 is 1 - 1 = 0.
    expect(() => choleskyLower([4, 2, 0, 2, 1, 0, 0, 0, 1], 3)).toThrow('pivot 1 of 3');
  });

  it('rejects a matrix that is not positive definite', () => {
    expect(() => choleskyLower([1, 2, 2, 1], 2)).toThrow(NotPositiveDefiniteError);
  });
});
