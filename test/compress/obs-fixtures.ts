// Shared by the SparseGPT and GPTQ tests (Node and browser): golden inputs, options and comparisons.
import type { GoldenCase, ReadShared } from '../golden-core.ts';
import type { GptqOptions } from '../../src/compress/reference/gptq.ts';
import type { SparsegptOptions } from '../../src/compress/reference/sparsegpt.ts';

/** The add_batch accumulator stored with the golden inputs (before dead columns and damping). */
export async function goldenHessian(read: ReadShared, c: GoldenCase): Promise<Float32Array> {
  const inputs = (c.meta as unknown as { inputs: string }).inputs;
  const bytes = await read(`golden/${inputs}/H.f32`);
  if (!bytes) throw new Error(`golden ${inputs}/H.f32 is missing`);
  return new Float32Array(bytes.slice().buffer);
}

/** ||a - b||_F / ||b||_F in float64. */
export function relFro(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** ||X out^T - X W^T||_F / ||X W^T||_F: the relative output error on the calibration tokens. */
export function relOutputError(x: Float32Array, tokens: number, w: Float32Array, out: Float32Array, rows: number, cols: number): number {
  let num = 0;
  let den = 0;
  for (let t = 0; t < tokens; t++) {
    const xr = t * cols;
    for (let r = 0; r < rows; r++) {
      let y = 0;
      let yq = 0;
      const wr = r * cols;
      for (let c = 0; c < cols; c++) {
        y += x[xr + c] * w[wr + c];
        yq += x[xr + c] * out[wr + c];
      }
      num += (yq - y) ** 2;
      den += y * y;
    }
  }
  return Math.sqrt(num / den);
}

export function sparsegptOptionsOf(c: GoldenCase): SparsegptOptions {
  const p = c.meta.params as { sparsity: number; prunen: number; prunem: number; blocksize: number; percdamp: number };
  return {
    sparsity: p.sparsity,
    pattern: p.prunen === 0 ? 'unstructured' : { n: p.prunen, m: p.prunem },
    damp: p.percdamp,
    blocksize: p.blocksize,
  };
}

export function gptqOptionsOf(c: GoldenCase): GptqOptions {
  const p = c.meta.params as { wbits: number; groupsize: number; sym: boolean; actorder: boolean; percdamp: number; blocksize: number };
  return { bits: p.wbits, group: p.groupsize, sym: p.sym, actOrder: p.actorder, damp: p.percdamp, blocksize: p.blocksize };
}

/** Entries where (out == 0) differs from the golden mask. */
export function maskMismatches(out: Float32Array, mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < out.length; i++) if ((out[i] === 0 ? 1 : 0) !== mask[i]) n++;
  return n;
}

/** Compares codes out/scale + zero per entry with the golden codes, and the group params. */

export interface QuantOutputs {
  out: Float32Array;
  scale: Float32Array;
  zero: Float32Array;
  gIdx: Int32Array;
}

export interface CodeComparison {
  oneStepFlips: number;
  /** Codes that differ by more than one step. */
  bigFlips: number;
  paramsMaxRel: number;
  zeroMismatches: number;
}

export function compareCodes(c: GoldenCase, got: QuantOutputs): CodeComparison {
  const gs = c.arrays.scale as Float32Array;
  const gz = c.arrays.zero as Float32Array;
  const gOut = c.arrays.out as Float32Array;
  const gIdx = (c.arrays.g_idx as Int32Array | undefined) ?? null;
  const groups = gs.length / c.rows;
  const groupSize = Math.ceil(c.cols / groups);
  let paramsMaxRel = 0;
  let zeroMismatches = 0;
  for (let i = 0; i < gs.length; i++) {
    paramsMaxRel = Math.max(paramsMaxRel, Math.abs(got.scale[i] - gs[i]) / Math.abs(gs[i]));
    if (got.zero[i] !== gz[i]) zeroMismatches++;
  }
  let oneStepFlips = 0;
  let bigFlips = 0;
  for (let r = 0; r < c.rows; r++) {
    for (let col = 0; col < c.cols; col++) {
      const g = r * groups + (gIdx ? gIdx[col] : Math.floor(col / groupSize));
      const i = r * c.cols + col;
      const mine = Math.round(got.out[i] / got.scale[g] + got.zero[g]);
      const ref = Math.round(gOut[i] / gs[g] + gz[g]);
      const step = Math.abs(mine - ref);
      if (step === 1) oneStepFlips++;
      else if (step > 1) bigFlips++;
    }
  }
  return { oneStepFlips, bigFlips, paramsMaxRel, zeroMismatches };
}
