// Cholesky factorisation and the upper Cholesky factor of an inverse (twins of
// shaders/cholesky-*.wgsl). They compute in float64 and round once at the end: the reference
// (torch, LAPACK) works in float32 with its own blocking, so no order of float32 operations would
// reproduce it bit for bit; float64 is the more accurate target and the GPU's float32 result is
// checked against it with a tolerance scaled by the conditioning of the matrix.

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

/** choleskyLower overwriting its argument (an n^2 float64 copy fewer for large layers). */
export function choleskyInPlace(l: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = l[rowJ + j];
    for (let p = 0; p < j; p++) d -= l[rowJ + p] * l[rowJ + p];
    if (!(d > 0)) throw new NotPositiveDefiniteError(`pivot ${j} of ${n} is ${d}: the matrix is not positive definite`);
    const djj = Math.sqrt(d);
    l[rowJ + j] = djj;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let s = l[rowI + j];
      for (let p = 0; p < j; p++) s -= l[rowI + p] * l[rowJ + p];
      l[rowI + j] = s / djj;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) l[i * n + j] = 0;
}

/** X = L^-1 for a lower triangular L with a positive diagonal; X is lower triangular. */
export function invertLower(l: ArrayLike<number>, n: number): Float64Array {
  const x = Float64Array.from(l as ArrayLike<number>);
  invertLowerInPlace(x, n);
  return x;
}

/**
 * invertLower overwriting its argument, column by column from the last: with the trailing block
 * already inverted, column j of L^-1 is -(L^-1)[j+1:, j+1:] L[j+1:, j] / L[j, j].
 */
export function invertLowerInPlace(l: Float64Array, n: number): void {
  const col = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    const inv = 1 / l[j * n + j];
    l[j * n + j] = inv;
    for (let k = j + 1; k < n; k++) col[k] = l[k * n + j];
    for (let i = j + 1; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let k = j + 1; k <= i; k++) s += l[row + k] * col[k];
      l[row + j] = -s * inv;
    }
  }
}

/**
 * U upper triangular with U^T U = A^-1, as torch's cholesky(cholesky_inverse(cholesky(A)), upper=True).
 * With J the reversal permutation and J A J = L' L'^T, A = (J L' J)(J L' J)^T where J L' J is upper
 * triangular, so A^-1 = (J L'^-1 J)^T (J L'^-1 J) and U = J L'^-1 J: one factorisation and one
 * triangular inverse, without forming A^-1.
 */
export function upperCholeskyOfInverse(a: ArrayLike<number>, n: number): Float32Array {
  const reversed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) reversed[i * n + j] = a[(n - 1 - i) * n + (n - 1 - j)];
  choleskyInPlace(reversed, n);
  invertLowerInPlace(reversed, n);
  const u = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) u[i * n + j] = reversed[(n - 1 - i) * n + (n - 1 - j)];
  return u;
}
