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

/**
 * choleskyLower overwriting its argument (an n^2 float64 copy fewer for large layers).
 *
 * Left-looking, two columns at a time and four rows at a time: each entry is still
 * a[i, j] - sum over p < j of l[i, p] l[j, p] with p ascending, as the textbook loop, but the
 * loads of row i are shared by both columns and four independent sums keep the FPU busy.
 */
export function choleskyInPlace(l: Float64Array, n: number): void {
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
  if (!(d > 0)) throw new NotPositiveDefiniteError(`pivot ${j} of ${n} is ${d}: the matrix is not positive definite`);
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
 * invertLower overwriting its argument, column by column from the last: with the trailing block
 * already inverted, column j of L^-1 is -(L^-1)[j+1:, j+1:] L[j+1:, j] / L[j, j].
 * Columns go in pairs (j - 1, j) and rows in fours, so that one pass over the inverted rows feeds
 * both columns (8 multiply-adds per 6 loads); the k = j term of column j - 1 is added last.
 */
export function invertLowerInPlace(l: Float64Array, n: number): void {
  const colA = new Float64Array(n);
  const colB = new Float64Array(n);
  let j = n - 1;
  for (; j >= 1; j -= 2) {
    // Columns b = j - 1 and a = j: the original L entries below each diagonal.
    const b = j - 1;
    const invA = 1 / l[j * n + j];
    const invB = 1 / l[b * n + b];
    for (let k = j; k < n; k++) {
      colA[k] = l[k * n + j];
      colB[k] = l[k * n + b];
    }
    l[j * n + j] = invA;
    l[b * n + b] = invB;
    // Row j of column b: only the k = j term.
    l[j * n + b] = -(invA * colB[j]) * invB;
    let i = j + 1;
    for (; i + 3 < n; i += 4) pairFourRows(l, n, i, j, colA, colB, invA, invB);
    for (; i < n; i++) {
      const row = i * n;
      let sA = 0;
      let sB = 0;
      for (let k = j + 1; k <= i; k++) {
        const x = l[row + k];
        sA += x * colA[k];
        sB += x * colB[k];
      }
      const xa = -sA * invA;
      l[row + j] = xa;
      l[row + b] = -(sB + xa * colB[j]) * invB;
    }
  }
  if (j === 0) {
    // n odd: column 0 alone.
    const inv = 1 / l[0];
    for (let k = 1; k < n; k++) colA[k] = l[k * n];
    l[0] = inv;
    for (let i = 1; i < n; i++) {
      const row = i * n;
      let s = 0;
      for (let k = 1; k <= i; k++) s += l[row + k] * colA[k];
      l[row] = -s * inv;
    }
  }
}

/** Rows i .. i+3 of columns j - 1 and j (i > j); row i + q sums k = j+1 .. i+q. */
function pairFourRows(l: Float64Array, n: number, i: number, j: number, colA: Float64Array, colB: Float64Array, invA: number, invB: number): void {
  const r0 = i * n;
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
  for (let k = j + 1; k <= i; k++) {
    const ca = colA[k];
    const cb = colB[k];
    const x0 = l[r0 + k];
    const x1 = l[r1 + k];
    const x2 = l[r2 + k];
    const x3 = l[r3 + k];
    a0 += x0 * ca;
    b0 += x0 * cb;
    a1 += x1 * ca;
    b1 += x1 * cb;
    a2 += x2 * ca;
    b2 += x2 * cb;
    a3 += x3 * ca;
    b3 += x3 * cb;
  }
  // The triangle past the shared stretch: row i + q has entries up to k = i + q.
  for (let k = i + 1; k <= i + 3; k++) {
    const ca = colA[k];
    const cb = colB[k];
    if (k <= i + 1) {
      a1 += l[r1 + k] * ca;
      b1 += l[r1 + k] * cb;
    }
    if (k <= i + 2) {
      a2 += l[r2 + k] * ca;
      b2 += l[r2 + k] * cb;
    }
    a3 += l[r3 + k] * ca;
    b3 += l[r3 + k] * cb;
  }
  const xa0 = -a0 * invA;
  const xa1 = -a1 * invA;
  const xa2 = -a2 * invA;
  const xa3 = -a3 * invA;
  const j1 = j - 1;
  const cj = colB[j];
  l[r0 + j] = xa0;
  l[r1 + j] = xa1;
  l[r2 + j] = xa2;
  l[r3 + j] = xa3;
  l[r0 + j1] = -(b0 + xa0 * cj) * invB;
  l[r1 + j1] = -(b1 + xa1 * cj) * invB;
  l[r2 + j1] = -(b2 + xa2 * cj) * invB;
  l[r3 + j1] = -(b3 + xa3 * cj) * invB;
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
