// The Hessian accumulation X^T X of StatsTwin (stats.ts) on the WebAssembly SIMD kernel
// (simd-gemm.ts). The tokens are packed into the kernel's memory a chunk at a time as float64
// column strips; the running sums go in and out a band of rows at a time, so the copies stay
// proportional to a chunk and a band, never to the whole float64 accumulator.
import { SIMD_TILE_M, SIMD_TILE_N, type SimdGemm } from './simd-gemm.ts';

/** Packed tokens per chunk: 4 MiB of float64 (256 tokens at 2048 columns). */
const CHUNK_BYTES = 4 << 20;
/** Accumulator rows per band: four register tiles of rows share each column strip while it is in L1. */
const BAND_ROWS = 4 * SIMD_TILE_M;
const F64 = 8;

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/**
 * gram[i, j] += sum over tokens of x[t, i] x[t, j] for j >= i (entries left of the diagonal inside
 * a band are summed too and never read), each entry from its running sum with the tokens in
 * order: bit for bit the scalar addGram. `chunkBytes` bounds the packed tokens. False (having changed nothing) where the kernel's memory
 * cannot grow enough.
 */
export function addGramSimd(
  kernel: SimdGemm,
  gram: Float64Array,
  x: Float32Array,
  tokens: number,
  cols: number,
  chunkBytes = CHUNK_BYTES,
): boolean {
  const padded = roundUp(cols, Math.max(SIMD_TILE_M, SIMD_TILE_N, BAND_ROWS));
  const chunk = Math.max(1, Math.min(tokens, Math.floor(chunkBytes / (padded * F64))));
  const aAt = 0;
  // One packing serves both sides when the tile is square.
  const bAt = SIMD_TILE_M === SIMD_TILE_N ? aAt : aAt + padded * chunk;
  const cAt = bAt + padded * chunk;
  if (!kernel.reserve((cAt + BAND_ROWS * padded) * F64)) return false;
  const mem = kernel.f64;
  for (let t0 = 0; t0 < tokens; t0 += chunk) {
    const count = Math.min(chunk, tokens - t0);
    packColumnStrips(x, t0, count, cols, padded, SIMD_TILE_M, mem, aAt);
    if (bAt !== aAt) packColumnStrips(x, t0, count, cols, padded, SIMD_TILE_N, mem, bAt);
    for (let i0 = 0; i0 < cols; i0 += BAND_ROWS) {
      const rows = Math.min(BAND_ROWS, cols - i0);
      // The band's columns from its first row on: i0 is a multiple of both tile sizes.
      const ldc = padded - i0;
      for (let r = 0; r < BAND_ROWS; r++) {
        const dst = cAt + r * ldc;
        if (r < rows) {
          const src = (i0 + r) * cols;
          mem.set(gram.subarray(src + i0, src + cols), dst);
          mem.fill(0, dst + cols - i0, dst + ldc);
        } else {
          mem.fill(0, dst, dst + ldc);
        }
      }
      const a = aAt + i0 * count;
      const b = bAt + i0 * count;
      kernel.panels(
        {
          a: a,
          aStride: count * SIMD_TILE_M,
          b: b,
          bStride: count * SIMD_TILE_N,
          c: cAt,
          ldc: ldc,
          cNext: SIMD_TILE_N,
          mStrips: BAND_ROWS / SIMD_TILE_M,
          nStrips: ldc / SIMD_TILE_N,
          k: count,
        },
        'add',
      );
      for (let r = 0; r < rows; r++) {
        const src = cAt + r * ldc;
        gram.set(mem.subarray(src, src + cols - i0), (i0 + r) * cols + i0);
      }
    }
  }
  return true;
}

/** Tokens t0 .. t0+count of x as strips of `width` columns interleaved along t: mem[at + s*count*width + t*width + q]; columns past `cols` are zero. */
function packColumnStrips(x: Float32Array, t0: number, count: number, cols: number, padded: number, width: number, mem: Float64Array, at: number): void {
  for (let s = 0; s * width < padded; s++) {
    const strip = at + s * count * width;
    const first = s * width;
    const valid = Math.max(0, Math.min(width, cols - first));
    if (valid < width) mem.fill(0, strip, strip + count * width);
    for (let t = 0; t < count; t++) {
      const src = (t0 + t) * cols + first;
      const dst = strip + t * width;
      for (let q = 0; q < valid; q++) mem[dst + q] = x[src + q];
    }
  }
}
