// Seeded synthetic data: test matrices for the kernel tests and the playground, and layers for the
// CLI and benchmarks. A small PRNG keeps every shape reproducible.
import { mulberry32 } from '../util/mulberry32.ts';

export const rng = mulberry32;

/** Standard normal samples (Box-Muller) as float32. */
export function randn(count: number, seed: number, scale = 1): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = Math.max(next(), 1e-12);
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u)) * scale;
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Activations like the golden inputs: normal, with a few outlier channels scaled x20. */
export function activations(tokens: number, cols: number, seed: number, outlierFraction = 0.02): Float32Array {
  const x = randn(tokens * cols, seed);
  const next = rng(seed ^ 0x9e3779b9);
  const outliers = Math.max(1, Math.round(outlierFraction * cols));
  for (let k = 0; k < outliers; k++) {
    const c = Math.floor(next() * cols);
    for (let t = 0; t < tokens; t++) x[t * cols + c] *= 20;
  }
  return x;
}
