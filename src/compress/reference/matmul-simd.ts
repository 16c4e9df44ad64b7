// The matmul twin on the WebAssembly SIMD kernel (simd-gemm.ts): op(B) is packed into the
// kernel's memory one panel of columns at a time and op(A) one block of rows at a time, both as
// float64, and the sums of a block come back through a float64 block of C, so the copies stay
// proportional to the panels, never to whole operands.
import type { MatmulSpec, MatView } from './mat-view.ts';
import { releaseLargeMemory, SIMD_TILE_M, SIMD_TILE_N, type SimdGemm } from './simd-gemm.ts';

/**
 * Packed op(B), and the block of sums of C, at most (float64 bytes): all columns of op(B) at once
 * when they fit, so that op(A) is packed only once (each B strip of k x 4 is read once per block
 * of A rows: L3 is fast enough).
 */
const PANEL_BYTES = 8 << 20;
/** Rows of op(A) per block: 64 x k float64 stays in L2 for the k of the OBS blocks. */
const BLOCK_M = 64;
const F64 = 8;

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** The body of matmul on the kernel; false (having written nothing) where its memory cannot grow enough. */
export function matmulSimd(kernel: SimdGemm, a: MatView, b: MatView, c: MatView, spec: MatmulSpec): boolean {
  const { m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = spec;
  const blockRows = Math.min(BLOCK_M, roundUp(m, SIMD_TILE_M));
  const fits = Math.floor(PANEL_BYTES / (Math.max(k, blockRows) * F64 * SIMD_TILE_N)) * SIMD_TILE_N;
  const panelCols = Math.min(Math.max(fits, SIMD_TILE_N), roundUp(n, SIMD_TILE_N));
  // Element offsets in the kernel's memory: B panel, A block, C block (each a multiple of 4 float64).
  const bAt = 0;
  const aAt = bAt + k * panelCols;
  const cAt = aAt + k * blockRows;
  if (!kernel.reserve((cAt + blockRows * panelCols) * F64)) return false;
  const mem = kernel.f64;
  for (let j0 = 0; j0 < n; j0 += panelCols) {
    const width = Math.min(panelCols, n - j0);
    const nStrips = Math.ceil(width / SIMD_TILE_N);
    packStrips(b, !transB, k, j0, width, SIMD_TILE_N, mem, bAt);
    for (let i0 = 0; i0 < m; i0 += blockRows) {
      const height = Math.min(blockRows, m - i0);
      packStrips(a, transA, k, i0, height, SIMD_TILE_M, mem, aAt);
      kernel.panels(
        {
          a: aAt,
          aStride: k * SIMD_TILE_M,
          b: bAt,
          bStride: k * SIMD_TILE_N,
          c: cAt,
          ldc: panelCols,
          cNext: SIMD_TILE_N,
          mStrips: Math.ceil(height / SIMD_TILE_M),
          nStrips,
          k,
        },
        'set',
      );
      for (let r = 0; r < height; r++) {
        const sums = cAt + r * panelCols;
        const out = c.offset + (i0 + r) * c.ld + j0;
        for (let q = 0; q < width; q++) {
          c.data[out + q] = alpha * mem[sums + q] + (beta !== 0 ? beta * c.data[out + q] : 0);
        }
      }
    }
  }
  // A long k (the A block is 64 x k) may have grown the memory past what is kept.
  releaseLargeMemory();
  return true;
}

/**
 * Rows first .. first+count of op(M) as strips of `tile` rows, interleaved along k:
 * mem[at + s*k*tile + kk*tile + r]; rows past the end are zero. op(A)'s rows pack A's strips, and
 * op(B)'s columns are the rows of op(B)^T: packStrips(b, !transB, ...).
 */
function packStrips(m: MatView, trans: boolean, k: number, first: number, count: number, tile: number, mem: Float64Array, at: number): void {
  const { data, offset, ld } = m;
  for (let s = 0; s * tile < count; s++) {
    const strip = at + s * k * tile;
    const rows = Math.min(tile, count - s * tile);
    if (rows < tile) mem.fill(0, strip, strip + k * tile);
    const row0 = first + s * tile;
    if (trans) {
      for (let kk = 0; kk < k; kk++) {
        const src = offset + kk * ld + row0;
        const dst = strip + kk * tile;
        for (let r = 0; r < rows; r++) mem[dst + r] = data[src + r];
      }
    } else {
      for (let r = 0; r < rows; r++) {
        const src = offset + (row0 + r) * ld;
        for (let kk = 0; kk < k; kk++) mem[strip + kk * tile + r] = data[src + kk];
      }
    }
  }
}
