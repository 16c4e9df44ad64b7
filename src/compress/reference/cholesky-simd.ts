// The Cholesky twins (cholesky.ts) on the WebAssembly SIMD kernel (simd-gemm.ts), bit for bit
// the scalar loops there. Matrices live in the kernel's memory in strips of four: a row strip
// holds rows 4s .. 4s+3 interleaved along the columns, element (i, p) at
// (i >> 2) * 4 * padded + p * 4 + (i & 3); a column strip the same of the transpose. Any row strip
// of L is then an A or a B operand of the kernel without packing, and so is any column strip of X.
import { releaseLargeMemory, SIMD_TILE_M, SIMD_TILE_N, type SimdGemm } from './simd-gemm.ts';

const STRIP = 4;
const F64 = 8;

type BadPivot = (j: number, d: number) => never;

interface Strips {
  n: number;
  padded: number;
  /** float64 elements per strip: 4 x padded. */
  stripLen: number;
  count: number;
}

function stripsOf(n: number): Strips {
  const padded = Math.ceil(n / STRIP) * STRIP;
  return { n, padded, stripLen: STRIP * padded, count: padded / STRIP };
}

/** Index of element (i, p) in a strip layout starting at `at`. */
function at(s: Strips, base: number, i: number, p: number): number {
  return base + (i >> 2) * s.stripLen + p * STRIP + (i & 3);
}

function usable(kernel: SimdGemm, elements: number): boolean {
  return SIMD_TILE_M === STRIP && SIMD_TILE_N === STRIP && kernel.reserve(elements * F64);
}

/**
 * choleskyScalar on the kernel: the lower factor of l (only its lower triangle read) over l,
 * upper triangle zeroed. `badPivot` reports a non-positive pivot (and throws). False (l
 * untouched) where the kernel's memory cannot hold the matrix.
 */
export function choleskySimd(kernel: SimdGemm, l: Float64Array, n: number, badPivot: BadPivot): boolean {
  const s = stripsOf(n);
  if (!usable(kernel, s.padded * s.padded)) return false;
  const mem = kernel.f64;
  try {
    mem.fill(0, 0, s.padded * s.padded);
    for (let i = 0; i < n; i++) for (let p = 0; p <= i; p++) mem[at(s, 0, i, p)] = l[i * n + p];
    factor(kernel, mem, s, badPivot);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let p = 0; p <= i; p++) l[row + p] = mem[at(s, 0, i, p)];
      l.fill(0, row + i + 1, row + n);
    }
    return true;
  } finally {
    releaseLargeMemory();
  }
}

/**
 * upperCholeskyOfInverse on the kernel: the reversed matrix goes straight into row strips, is
 * factored and inverted there (the inverse into column strips) and comes out reversed again as
 * float32. Null where the kernel's memory cannot hold the factor and its inverse.
 */
export function upperCholeskyOfInverseSimd(kernel: SimdGemm, a: ArrayLike<number>, n: number, badPivot: BadPivot): Float32Array | null {
  const s = stripsOf(n);
  const xAt = s.padded * s.padded;
  if (!usable(kernel, 2 * xAt)) return null;
  const mem = kernel.f64;
  try {
    mem.fill(0, 0, 2 * xAt);
    for (let i = 0; i < n; i++) {
      const src = (n - 1 - i) * n + n - 1;
      for (let p = 0; p <= i; p++) mem[at(s, 0, i, p)] = a[src - p];
    }
    factor(kernel, mem, s, badPivot);
    invert(kernel, mem, s, xAt);
    const u = new Float32Array(n * n);
    // u[i, j] = X[n-1-i, n-1-j]; X in column strips holds X[k, j] at column strip j, position k.
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) u[i * n + j] = mem[at(s, xAt, n - 1 - j, n - 1 - i)];
    return u;
  } finally {
    releaseLargeMemory();
  }
}

/** Left-looking by strips of four columns: the kernel subtracts the products of the earlier columns, finishStrip the rest. */
function factor(kernel: SimdGemm, mem: Float64Array, s: Strips, badPivot: BadPivot): void {
  for (let sj = 0; sj < s.count; sj++) {
    const j0 = sj * STRIP;
    const strip = sj * s.stripLen;
    if (j0 > 0) {
      // Rows j of this strip against the rows i of every strip from here down, over p < j0: the
      // tile C[q][r] is entry (i = 4 si + r, j = j0 + q), stored at p = j0 + q of strip si.
      kernel.panels(
        {
          a: strip,
          aStride: 0,
          b: strip,
          bStride: s.stripLen,
          c: (strip + j0 * STRIP),
          ldc: STRIP,
          cNext: s.stripLen,
          mStrips: 1,
          nStrips: s.count - sj,
          k: j0,
        },
        'subtract',
      );
    }
    finishStrip(mem, s, j0, badPivot);
  }
}

/** Columns j0 .. j0+3: the terms p = j0 .. j-1 after the kernel's p < j0, the pivot, the division. */
function finishStrip(mem: Float64Array, s: Strips, j0: number, badPivot: BadPivot): void {
  const { n } = s;
  for (let j = j0; j < Math.min(j0 + STRIP, n); j++) {
    let d = mem[at(s, 0, j, j)];
    for (let p = j0; p < j; p++) d -= mem[at(s, 0, j, p)] * mem[at(s, 0, j, p)];
    if (!(d > 0)) badPivot(j, d);
    const djj = Math.sqrt(d);
    mem[at(s, 0, j, j)] = djj;
    for (let i = j + 1; i < n; i++) {
      let sum = mem[at(s, 0, i, j)];
      for (let p = j0; p < j; p++) sum -= mem[at(s, 0, i, p)] * mem[at(s, 0, j, p)];
      mem[at(s, 0, i, j)] = sum / djj;
    }
  }
}

/**
 * X = L^-1 (L in row strips at 0, X into column strips at xAt, zero-filled), forward by strips of
 * four rows as invertLowerScalar: x[i, j] = -(sum over k = j .. i-1 of l[i, k] x[k, j]) * x[i, i].
 * For rows i0 .. i0+3 and each column strip below them, the kernel sums k from the strip's first
 * column to i0 (the terms above the diagonal of X are zeros and leave the sum +0), then the rows
 * of the strip add their k >= i0 terms one row after another.
 */
function invert(kernel: SimdGemm, mem: Float64Array, s: Strips, xAt: number): void {
  const { n } = s;
  for (let si = 0; si < s.count; si++) {
    const i0 = si * STRIP;
    for (let sj = 0; sj < si; sj++) {
      const k0 = sj * STRIP;
      kernel.panels(
        {
          a: at(s, 0, i0, k0),
          aStride: 0,
          b: at(s, xAt, k0, k0),
          bStride: 0,
          c: at(s, xAt, k0, i0),
          ldc: STRIP,
          cNext: 0,
          mStrips: 1,
          nStrips: 1,
          k: i0 - k0,
        },
        'set',
      );
    }
    // Column strip of X: x[k, j] at at(s, xAt, j, k) (the transpose in row strips).
    for (let i = i0; i < Math.min(i0 + STRIP, n); i++) {
      const inv = 1 / mem[at(s, 0, i, i)];
      for (let j = 0; j < i; j++) {
        let sum = j < i0 ? mem[at(s, xAt, j, i)] : 0;
        for (let k = Math.max(j, i0); k < i; k++) sum += mem[at(s, 0, i, k)] * mem[at(s, xAt, j, k)];
        mem[at(s, xAt, j, i)] = -sum * inv;
      }
      mem[at(s, xAt, i, i)] = inv;
    }
  }
}
