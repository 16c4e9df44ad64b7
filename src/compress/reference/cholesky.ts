// Cholesky factorisation and the upper Cholesky factor of an inverse (twins of
// shaders/cholesky-*.wgsl). They compute in float64 and round once at the end: the reference
// (torch, LAPACK) works in float32 with its own blocking, so no order of float32 operations would
// reproduce it bit for bit; float64 is the more accurate target and the GPU's float32 result is
// checked against it with a tolerance scaled by the conditioning of the matrix.
import { choleskySimd, upperCholeskyOfInverseSimd } from './cholesky-simd.ts';
import { simdGemm } from './simd-gemm.ts';

/** Raised when a pivot is not positive: the matrix is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends Error {
  override name = 'NotPositiveDefiniteError';
}

/** Lower factor L of a symmetric positive definite [n, n] matrix (only its lower triangle is read): A = L L^T. */
export function choleskyLower(a: ArrayLike<number>, n: number): Float64Array {
  const l = Float64Array.from(a as ArrayLike<number>);
  choleskyInPlace(l, n);
  return l;
}

/**
 * choleskyLower overwriting its argument (an n^2 float64 copy fewer for large layers): on the
 * WebAssembly SIMD kernel where the runtime has it (cholesky-simd.ts), else choleskyScalar, bit
 * for bit the same.
 */
export function choleskyInPlace(l: Float64Array, n: number): void {
  const kernel = simdGemm();
  if (kernel && choleskySimd(kernel, l, n, (j, d) => badPivot(j, d, n))) return;
  choleskyScalar(l, n);
}

function badPivot(j: number, d: number, n: number): never {
  throw new NotPositiveDefiniteError(`pivot ${j} of ${n} is ${d}: the matrix is not positive definite`);
}

/**
 * choleskyInPlace in plain TypeScript, the fallback where WebAssembly SIMD is missing.
 *
 * Left-looking, two columns at a time and four rows at a time: each entry is still
 * a[i, j] - sum over p < j of l[i, p] l[j, p] with p ascending, as the textbook loop, but the
 * loads of row i are shared by both columns and four independent sums keep the FPU busy.
 */
function choleskyScalar(l: Float64Array, n: number): void {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const j1 = j + 1;
    const rowJ = j * n;
    const rowJ1 = j1 * n;
    const djj = pivot(l, n, j);
    l[rowJ + j] = djj;
    let s = l[rowJ1 + j];
    for (let p = 0; p < j; p++) s -= l[rowJ1 + p] * l[rowJ + p];
    const lj1j = s / djj;
    l[rowJ1 + j] = lj1j;
    const dj1 = pivot(l, n, j1);
    l[rowJ1 + j1] = dj1;
    let i = j + 2;
    for (; i + 3 < n; i += 4) twoColumnsFourRows(l, n, i, j, djj, dj1, lj1j);
    for (; i < n; i++) {
      const rowI = i * n;
      let s0 = l[rowI + j];
      let s1 = l[rowI + j1];
      for (let p = 0; p < j; p++) {
        const x = l[rowI + p];
        s0 -= x * l[rowJ + p];
        s1 -= x * l[rowJ1 + p];
      }
      const lij = s0 / djj;
      l[rowI + j] = lij;
      l[rowI + j1] = (s1 - lij * lj1j) / dj1;
    }
  }
  if (j < n) l[j * n + j] = pivot(l, n, j);
  for (let i = 0; i < n; i++) for (let c = i + 1; c < n; c++) l[i * n + c] = 0;
}

/** sqrt(a[j, j] - sum over p < j of l[j, p]^2), or NotPositiveDefiniteError. */
function pivot(l: Float64Array, n: number, j: number): number {
  const rowJ = j * n;
  let d = l[rowJ + j];
  for (let p = 0; p < j; p++) d -= l[rowJ + p] * l[rowJ + p];
  if (!(d > 0)) badPivot(j, d, n);
  return Math.sqrt(d);
}

/** Columns j and j+1 of rows i .. i+3 (all below j+1); the p = j term of column j+1 comes last, as p ascends. */
function twoColumnsFourRows(l: Float64Array, n: number, i: number, j: number, djj: number, dj1: number, lj1j: number): void {
  const j1 = j + 1;
  const rowJ = j * n;
  const rowJ1 = j1 * n;
  const r0 = i * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  let a0 = l[r0 + j];
  let a1 = l[r1 + j];
  let a2 = l[r2 + j];
  let a3 = l[r3 + j];
  let b0 = l[r0 + j1];
  let b1 = l[r1 + j1];
  let b2 = l[r2 + j1];
  let b3 = l[r3 + j1];
  for (let p = 0; p < j; p++) {
    const u = l[rowJ + p];
    const v = l[rowJ1 + p];
    const x0 = l[r0 + p];
    const x1 = l[r1 + p];
    const x2 = l[r2 + p];
    const x3 = l[r3 + p];
    a0 -= x0 * u;
    b0 -= x0 * v;
    a1 -= x1 * u;
    b1 -= x1 * v;
    a2 -= x2 * u;
    b2 -= x2 * v;
    a3 -= x3 * u;
    b3 -= x3 * v;
  }
  a0 /= djj;
  a1 /= djj;
  a2 /= djj;
  a3 /= djj;
  l[r0 + j] = a0;
  l[r1 + j] = a1;
  l[r2 + j] = a2;
  l[r3 + j] = a3;
  l[r0 + j1] = (b0 - a0 * lj1j) / dj1;
  l[r1 + j1] = (b1 - a1 * lj1j) / dj1;
  l[r2 + j1] = (b2 - a2 * lj1j) / dj1;
  l[r3 + j1] = (b3 - a3 * lj1j) / dj1;
}

/** X = L^-1 for a lower triangular L with a positive diagonal; X is lower triangular. */
export function invertLower(l: ArrayLike<number>, n: number): Float64Array {
  const x = Float64Array.from(l as ArrayLike<number>);
  invertLowerInPlace(x, n);
  return x;
}

/**
 * invertLower overwriting its argument, by forward substitution: x[i, i] = 1 / l[i, i] and
 * x[i, j] = -(sum over k = j .. i-1 of l[i, k] x[k, j]) * x[i, i], each sum from 0 with k
 * ascending: the order the strips of the SIMD path (cholesky-simd.ts) keep, so both give the same
 * bits. Rows go in strips of four: first every pair of columns left of the strip sums its
 * k < i0 terms in a 4x2 register tile (8 multiply-adds per 6 loads), then each row of the strip
 * adds its k >= i0 terms. Pairs go left to right, so the entries of L a pair still reads (k >= its
 * first column) are not yet overwritten by X. The finished rows of X are also copied by columns
 * (xt[j * n + k] = x[k, j]), so that the tiles read X's columns in cache order.
 */
export function invertLowerInPlace(l: Float64Array, n: number): void {
  const xt = new Float64Array(n * n);
  for (let i0 = 0; i0 < n; i0 += 4) {
    if (i0 + 4 <= n) for (let j0 = 0; j0 < i0; j0 += 2) partialSumsFourRows(l, xt, n, i0, j0);
    else for (let i = i0; i < n; i++) for (let j = 0; j < i0; j++) l[i * n + j] = partialSum(l, xt, n, i, j, i0);
    for (let i = i0; i < Math.min(i0 + 4, n); i++) {
      const row = i * n;
      const inv = 1 / l[row + i];
      for (let j = 0; j < i; j++) {
        // Left of the strip: the k < i0 partial sum is in place; inside it the sum starts here.
        let s = j < i0 ? l[row + j] : 0;
        for (let k = Math.max(j, i0); k < i; k++) s += l[row + k] * xt[j * n + k];
        l[row + j] = -s * inv;
        xt[j * n + i] = l[row + j];
      }
      l[row + i] = inv;
      xt[i * n + i] = inv;
    }
  }
}

/** Sum over k = j .. i0-1 of l[i, k] x[k, j] (x in the rows above i0, read from its column copy xt). */
function partialSum(l: Float64Array, xt: Float64Array, n: number, i: number, j: number, i0: number): number {
  let s = 0;
  for (let k = j; k < i0; k++) s += l[i * n + k] * xt[j * n + k];
  return s;
}

/**
 * partialSum for rows i0 .. i0+3 and columns j0, j0+1 (< i0), over k = j0 .. i0-1 (x[j0, j0+1]
 * is 0 above the diagonal and leaves the sum as it is), written over l[i, j].
 */
function partialSumsFourRows(l: Float64Array, xt: Float64Array, n: number, i0: number, j0: number): void {
  const r0 = i0 * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  const c0 = j0 * n;
  const c1 = c0 + n;
  for (let k = j0; k < i0; k++) {
    const u = xt[c0 + k];
    const v = xt[c1 + k];
    const x0 = l[r0 + k];
    const x1 = l[r1 + k];
    const x2 = l[r2 + k];
    const x3 = l[r3 + k];
    a0 += x0 * u;
    b0 += x0 * v;
    a1 += x1 * u;
    b1 += x1 * v;
    a2 += x2 * u;
    b2 += x2 * v;
    a3 += x3 * u;
    b3 += x3 * v;
  }
  l[r0 + j0] = a0;
  l[r0 + j0 + 1] = b0;
  l[r1 + j0] = a1;
  l[r1 + j0 + 1] = b1;
  l[r2 + j0] = a2;
  l[r2 + j0 + 1] = b2;
  l[r3 + j0] = a3;
  l[r3 + j0 + 1] = b3;
}

/**
 * U upper triangular with U^T U = A^-1, as torch's cholesky(cholesky_inverse(cholesky(A)), upper=True).
 * With J the reversal permutation and J A J = L' L'^T, A = (J L' J)(J L' J)^T where J L' J is upper
 * triangular, so A^-1 = (J L'^-1 J)^T (J L'^-1 J) and U = J L'^-1 J: one factorisation and one
 * triangular inverse, without forming A^-1.
 */
export function upperCholeskyOfInverse(a: ArrayLike<number>, n: number): Float32Array {
  const kernel = simdGemm();
  const simd = kernel && upperCholeskyOfInverseSimd(kernel, a, n, (j, d) => badPivot(j, d, n));
  if (simd) return simd;
  const reversed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) reversed[i * n + j] = a[(n - 1 - i) * n + (n - 1 - j)];
  choleskyInPlace(reversed, n);
  invertLowerInPlace(reversed, n);
  const u = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) u[i * n + j] = reversed[(n - 1 - i) * n + (n - 1 - j)];
  return u;
}
