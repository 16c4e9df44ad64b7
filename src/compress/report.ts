import type { Backend, CompressReport } from './types.ts';

export function countZeros(data: Float32Array): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return zeros;
}

/** ||out - W||_F / ||W||_F, accumulated in float64. */
export function relativeError(original: Float32Array, out: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < original.length; i++) {
    const d = out[i] - original[i];
    diff += d * d;
    norm += original[i] * original[i];
  }
  return norm === 0 ? (diff === 0 ? 0 : Infinity) : Math.sqrt(diff / norm);
}

export function makeReport(
  original: Float32Array,
  out: Float32Array,
  bits: number,
  ms: number,
  backend: Backend,
): CompressReport {
  return {
    sparsity: out.length === 0 ? 0 : countZeros(out) / out.length,
    bits,
    relErr: relativeError(original, out),
    ms,
    backend,
  };
}

/**
 * ||X A^T - X B^T||_F / ||X B^T||_F for activations X [tokens, cols] and weights A (after) and
 * B (before) [rows, cols]: the error a layer's output sees, in float64.
 */
export function outputRelError(
  x: Float32Array,
  tokens: number,
  cols: number,
  after: Float32Array,
  before: Float32Array,
  rows: number,
): number {
  let diff = 0;
  let norm = 0;
  for (let t = 0; t < tokens; t++) {
    const xt = t * cols;
    for (let r = 0; r < rows; r++) {
      let ya = 0;
      let yb = 0;
      const wr = r * cols;
      for (let c = 0; c < cols; c++) {
        ya += x[xt + c] * after[wr + c];
        yb += x[xt + c] * before[wr + c];
      }
      diff += (ya - yb) ** 2;
      norm += yb * yb;
    }
  }
  return norm === 0 ? (diff === 0 ? 0 : Infinity) : Math.sqrt(diff / norm);
}
