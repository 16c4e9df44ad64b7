// Calibration statistics of a linear layer's inputs, in the reference normalisations (see
// LayerStats): the twin of shaders/stats-columns.wgsl and of the Hessian accumulation with the
// matmul kernel. Sums run in float64 and are rounded once at the end, so the twin is the accurate
// value the GPU's float32 sums approximate.
import type { LayerStats, StatName } from '../types.ts';
import { addGramSimd } from './gram-simd.ts';
import { simdGemm } from './simd-gemm.ts';

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
    }
    if (this.gram) {
      const kernel = simdGemm();
      if (!kernel || !addGramSimd(kernel, this.gram, x, tokens, cols)) addGram(this.gram, x, tokens, cols);
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

/** Tokens transposed at a time: GRAM_CHUNK x cols float64 (1 MiB at 2048 columns) stays in cache. */
const GRAM_CHUNK = 64;

/**
 * gram[i, j] += sum over tokens of x[t, i] x[t, j] for j >= i (entries left of the diagonal in a
 * 4x2 tile are summed too and never read), in plain TypeScript: the fallback where WebAssembly
 * SIMD is missing (gram-simd.ts computes the same sums). Tokens are transposed in chunks so that
 * a 4x2 tile sums in registers, 8 multiply-adds per 6 loads; each entry still starts from its
 * running sum and adds the tokens in order, the same float64 sums as one token at a time.
 */
function addGram(gram: Float64Array, x: Float32Array, tokens: number, cols: number): void {
  const chunk = Math.min(GRAM_CHUNK, tokens);
  const xt = new Float64Array(cols * chunk);
  for (let t0 = 0; t0 < tokens; t0 += chunk) {
    const count = Math.min(chunk, tokens - t0);
    for (let t = 0; t < count; t++) {
      const row = (t0 + t) * cols;
      for (let c = 0; c < cols; c++) xt[c * count + t] = x[row + c];
    }
    let i = 0;
    for (; i + 3 < cols; i += 4) {
      let j = i;
      for (; j + 1 < cols; j += 2) gramTile4x2(gram, xt, cols, count, i, j);
      if (j < cols) for (let r = 0; r < 4; r++) gramEntry(gram, xt, cols, count, i + r, j);
    }
    for (; i < cols; i++) for (let j = i; j < cols; j++) gramEntry(gram, xt, cols, count, i, j);
  }
}

function gramEntry(gram: Float64Array, xt: Float64Array, cols: number, count: number, i: number, j: number): void {
  const a = i * count;
  const b = j * count;
  let s = gram[i * cols + j];
  for (let t = 0; t < count; t++) s += xt[a + t] * xt[b + t];
  gram[i * cols + j] = s;
}

function gramTile4x2(gram: Float64Array, xt: Float64Array, cols: number, count: number, i: number, j: number): void {
  const g0 = i * cols + j;
  const g1 = g0 + cols;
  const g2 = g1 + cols;
  const g3 = g2 + cols;
  let s00 = gram[g0];
  let s01 = gram[g0 + 1];
  let s10 = gram[g1];
  let s11 = gram[g1 + 1];
  let s20 = gram[g2];
  let s21 = gram[g2 + 1];
  let s30 = gram[g3];
  let s31 = gram[g3 + 1];
  const a0 = i * count;
  const a1 = a0 + count;
  const a2 = a1 + count;
  const a3 = a2 + count;
  const b0 = j * count;
  const b1 = b0 + count;
  for (let t = 0; t < count; t++) {
    const u = xt[b0 + t];
    const v = xt[b1 + t];
    const x0 = xt[a0 + t];
    const x1 = xt[a1 + t];
    const x2 = xt[a2 + t];
    const x3 = xt[a3 + t];
    s00 += x0 * u;
    s01 += x0 * v;
    s10 += x1 * u;
    s11 += x1 * v;
    s20 += x2 * u;
    s21 += x2 * v;
    s30 += x3 * u;
    s31 += x3 * v;
  }
  gram[g0] = s00;
  gram[g0 + 1] = s01;
  gram[g1] = s10;
  gram[g1 + 1] = s11;
  gram[g2] = s20;
  gram[g2 + 1] = s21;
  gram[g3] = s30;
  gram[g3 + 1] = s31;
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
