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
