import { matmulSimd } from './matmul-simd.ts';
import { simdGemm } from './simd-gemm.ts';
import type { MatmulSpec, MatView } from './mat-view.ts';

export type { MatmulSpec, MatView } from './mat-view.ts';

/** Output rows and columns of one register tile (see tile4x2). */
const TILE_M = 4;
const TILE_N = 2;
/** Columns of op(B) packed at a time: k x 256 float64 stays in L2 for the k of the OBS blocks. */
const PANEL_N = 256;

/**
 * C = alpha * op(A) @ op(B) + beta * C on strided views (the twin of shaders/matmul.wgsl).
 * Accumulates in float64 and rounds once; the GPU accumulates in float32, so the two differ by
 * ordinary fp32 summation error (relative ~ k * 2^-24 at worst).
 *
 * Every element is summed over k in ascending order from 0 with a separate multiply and add, so
 * the result does not depend on the blocking nor on the path: the WebAssembly SIMD kernel
 * (matmul-simd.ts) where the runtime has it, else the scalar loops (matmulScalar), bit for bit
 * the same.
 */
export function matmul(a: MatView, b: MatView, c: MatView, spec: MatmulSpec): void {
  if (spec.m <= 0 || spec.n <= 0) return;
  const kernel = simdGemm();
  if (kernel && matmulSimd(kernel, a, b, c, spec)) return;
  matmulScalar(a, b, c, spec);
}

/**
 * matmul in plain TypeScript, the fallback where WebAssembly SIMD is missing.
 *
 * Speed: op(A) and op(B) are packed into float64 panels (4 rows of A and 2 columns of B
 * interleaved along k) and each 4x2 tile of C is summed in registers, 8 multiply-adds per 6
 * loads.
 */
export function matmulScalar(a: MatView, b: MatView, c: MatView, spec: MatmulSpec): void {
  const { m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = spec;
  if (m <= 0 || n <= 0) return;
  const panelCols = Math.min(PANEL_N, roundUp(n, TILE_N));
  const bPanel = new Float64Array(k * panelCols);
  const aPanel = new Float64Array(k * TILE_M);
  const tile = new Float64Array(TILE_M * TILE_N);
  for (let j0 = 0; j0 < n; j0 += panelCols) {
    const width = Math.min(panelCols, n - j0);
    packB(b, transB, k, j0, width, bPanel);
    for (let i0 = 0; i0 < m; i0 += TILE_M) {
      const height = Math.min(TILE_M, m - i0);
      packA(a, transA, k, i0, height, aPanel);
      for (let jj = 0; jj < width; jj += TILE_N) {
        tile4x2(aPanel, bPanel, jj * k, k, tile);
        const cols = Math.min(TILE_N, width - jj);
        for (let r = 0; r < height; r++) {
          const cBase = c.offset + (i0 + r) * c.ld + j0 + jj;
          for (let q = 0; q < cols; q++) {
            const sum = tile[r * TILE_N + q];
            c.data[cBase + q] = alpha * sum + (beta !== 0 ? beta * c.data[cBase + q] : 0);
          }
        }
      }
    }
  }
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** aPanel[kk * 4 + r] = op(A)[i0 + r, kk]; rows past the end are zero. */
function packA(a: MatView, trans: boolean, k: number, i0: number, height: number, out: Float64Array): void {
  if (height < TILE_M) out.fill(0);
  const { data, offset, ld } = a;
  for (let r = 0; r < height; r++) {
    const i = i0 + r;
    if (trans) {
      for (let kk = 0; kk < k; kk++) out[kk * TILE_M + r] = data[offset + kk * ld + i];
    } else {
      const base = offset + i * ld;
      for (let kk = 0; kk < k; kk++) out[kk * TILE_M + r] = data[base + kk];
    }
  }
}

/** Column pairs of op(B)[:, j0 .. j0+width): pair p at p*2k, bPanel[p*2k + kk*2 + q]; a missing last column is zero. */
function packB(b: MatView, trans: boolean, k: number, j0: number, width: number, out: Float64Array): void {
  const { data, offset, ld } = b;
  for (let jj = 0; jj < roundUp(width, TILE_N); jj++) {
    const base = (jj - (jj % TILE_N)) * k + (jj % TILE_N);
    if (jj >= width) {
      for (let kk = 0; kk < k; kk++) out[base + kk * TILE_N] = 0;
    } else if (trans) {
      const row = offset + (j0 + jj) * ld;
      for (let kk = 0; kk < k; kk++) out[base + kk * TILE_N] = data[row + kk];
    } else {
      const col = offset + j0 + jj;
      for (let kk = 0; kk < k; kk++) out[base + kk * TILE_N] = data[col + kk * ld];
    }
  }
}

/** tile[r*2 + q] = sum over kk of aPanel[kk*4 + r] * bPanel[bBase + kk*2 + q], kk ascending. */
function tile4x2(ap: Float64Array, bp: Float64Array, bBase: number, k: number, tile: Float64Array): void {
  let c00 = 0;
  let c01 = 0;
  let c10 = 0;
  let c11 = 0;
  let c20 = 0;
  let c21 = 0;
  let c30 = 0;
  let c31 = 0;
  for (let kk = 0; kk < k; kk++) {
    const ao = kk * TILE_M;
    const bo = bBase + kk * TILE_N;
    const b0 = bp[bo];
    const b1 = bp[bo + 1];
    const a0 = ap[ao];
    const a1 = ap[ao + 1];
    const a2 = ap[ao + 2];
    const a3 = ap[ao + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c30 += a3 * b0;
    c31 += a3 * b1;
  }
  tile[0] = c00;
  tile[1] = c01;
  tile[2] = c10;
  tile[3] = c11;
  tile[4] = c20;
  tile[5] = c21;
  tile[6] = c30;
  tile[7] = c31;
}

/** A dense view of a whole row-major matrix with `cols` columns. */
export function view(data: Float32Array, cols: number, offset = 0): MatView {
  return { data, offset, ld: cols };
}
