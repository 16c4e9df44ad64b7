// Calibration statistics of a linear layer's inputs, in the reference normalisations (see
// LayerStats): the twin of shaders/stats-columns.wgsl and of the Hessian accumulation with the
// matmul kernel. Sums run in float64 and are rounded once at the end, so the twin is the accurate
// value the GPU's float32 sums approximate.
import type { LayerStats, StatName } from '../types.ts';

export class StatsTwin {
  private readonly sumSq: Float64Array;
  private readonly sumAbs: Float64Array;
  private readonly max: Float64Array;
  private readonly gram: Float64Array | null;
  private readonly kept: Float32Array[] = [];
  private sequences = 0;
  private tokens = 0;

  constructor(
    readonly cols: number,
    readonly which: readonly StatName[],
  ) {
    this.sumSq = new Float64Array(cols);
    this.sumAbs = new Float64Array(cols);
    this.max = new Float64Array(cols);
    this.gram = which.includes('hessian') ? new Float64Array(cols * cols) : null;
  }

  /** Adds a batch x [tokens, cols] holding `sequences` calibration sequences. */
  add(x: Float32Array, sequences: number): void {
    const { cols } = this;
    const tokens = x.length / cols;
    for (let t = 0; t < tokens; t++) {
      const row = t * cols;
      for (let c = 0; c < cols; c++) {
        const v = Math.abs(x[row + c]);
        this.sumSq[c] += v * v;
        this.sumAbs[c] += v;
        if (v > this.max[c]) this.max[c] = v;
      }
      if (this.gram) {
        // Upper triangle only; mirrored at the end.
        for (let i = 0; i < cols; i++) {
          const xi = x[row + i];
          if (xi === 0) continue;
          const g = i * cols;
          for (let j = i; j < cols; j++) this.gram[g + j] += xi * x[row + j];
        }
      }
    }
    if (this.which.includes('activations')) this.kept.push(x.slice());
    this.tokens += tokens;
    this.sequences += sequences;
  }

  finish(): LayerStats {
    const { cols, which, sequences: nsamples, tokens } = this;
    const stats: LayerStats = { cols, nsamples, tokens };
    if (which.includes('scalerRow')) stats.scalerRow = Float32Array.from(this.sumSq, (v) => v / nsamples);
    if (which.includes('meanAbs')) stats.meanAbs = Float32Array.from(this.sumAbs, (v) => v / tokens);
    if (which.includes('maxAbs')) stats.maxAbs = Float32Array.from(this.max);
    if (this.gram) {
      const h = new Float32Array(cols * cols);
      for (let i = 0; i < cols; i++) {
        for (let j = i; j < cols; j++) {
          const v = (2 * this.gram[i * cols + j]) / nsamples;
          h[i * cols + j] = v;
          h[j * cols + i] = v;
        }
      }
      stats.hessian = h;
    }
    if (which.includes('activations')) stats.activations = concat(this.kept, tokens * cols);
    return stats;
  }
}

function concat(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** All requested statistics of one set of activations [tokens, cols] holding `sequences` sequences. */
export function layerStats(x: Float32Array, cols: number, sequences: number, which: readonly StatName[]): LayerStats {
  const twin = new StatsTwin(cols, which);
  twin.add(x, sequences);
  return twin.finish();
}
