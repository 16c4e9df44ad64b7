// SparseGPT (IST-DASLab sparsegpt.py:SparseGPT.fasterprune), the twin of shaders/sparsegpt-*.wgsl.
// Column blocks of `blocksize`; inside a block each row runs its own OBS loop (its error feedback
// touches only that row), after the block the later columns get the lazy update Err1 @ Hinv.
import { f32 } from './float.ts';
import { prepareHessian } from './hessian.ts';
import { matmul } from './matmul.ts';
import { BlockRows } from './block-rows.ts';
import { kthSmallestNonNegative } from './select.ts';
import type { NmPattern } from '../types.ts';

export interface SparsegptOptions {
  sparsity: number;
  pattern: 'unstructured' | NmPattern;
  damp: number;
  blocksize: number;
}

export interface ObsResult {
  out: Float32Array;
  /** Per output row: sum over columns of (w - q)^2 / Hinv[i,i]^2, halved; their sum is fasterprune's "error". */
  rowLoss: Float32Array;
}

/** The OBS saliency w^2 / Hinv[i,i]^2, with the reference's float32 roundings. */
export function saliency(w: number, d: number): number {
  return f32(f32(w * w) / f32(d * d));
}

/**
 * Marks the `n` smallest of values[0..count) (ties go to the lower index) in `pruned`.
 * N:M selection in a group of M columns of one row.
 */
export function markSmallest(values: ArrayLike<number>, count: number, n: number, pruned: Uint8Array, offset: number): void {
  for (let j = 0; j < count; j++) {
    let rank = 0;
    for (let k = 0; k < count; k++) {
      if (values[k] < values[j] || (values[k] === values[j] && k < j)) rank++;
    }
    if (rank < n) pruned[offset + j] = 1;
  }
}

export function sparsegptPrune(
  weight: Float32Array,
  rows: number,
  cols: number,
  hessian: Float32Array,
  opts: SparsegptOptions,
): ObsResult {
  const { hinv, dead } = prepareHessian(hessian, cols, opts.damp, false);
  const w = Float32Array.from(weight);
  for (let c = 0; c < cols; c++) if (dead[c]) for (let r = 0; r < rows; r++) w[r * cols + c] = 0;
  const rowLoss = new Float32Array(rows);
  const bs = opts.blocksize;
  const nm = opts.pattern === 'unstructured' ? null : opts.pattern;
  const err1 = new Float32Array(rows * bs);
  const pruned = new Uint8Array(rows * bs);
  const metric = new Float32Array(rows * bs);
  const groupMetric = new Float32Array(nm ? nm.m : 0);
  for (let i1 = 0; i1 < cols; i1 += bs) {
    const i2 = Math.min(i1 + bs, cols);
    const count = i2 - i1;
    pruned.fill(0);
    if (!nm) {
      const block = metric.subarray(0, rows * count);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < count; j++) {
          block[r * count + j] = saliency(w[r * cols + i1 + j], hinv[(i1 + j) * cols + i1 + j]);
        }
      }
      // sort(block)[k] by radix select: saliencies are non-negative, and no sort per block.
      const thresh = kthSmallestNonNegative(block, Math.floor(rows * count * opts.sparsity));
      for (let e = 0; e < rows * count; e++) pruned[e] = block[e] <= thresh ? 1 : 0;
    }
    const obsRows = new BlockRows(hinv, cols, i1, count);
    for (let r = 0; r < rows; r++) {
      const row = r * cols;
      // A working copy of the row's block columns (written back below): the row updates run on it.
      const { data: wr, at } = obsRows.loadRow(w, row);
      let loss = 0;
      for (let i = 0; i < count; i++) {
        const d = hinv[(i1 + i) * cols + i1 + i];
        if (nm && i % nm.m === 0) {
          const width = Math.min(nm.m, count - i);
          for (let j = 0; j < width; j++) {
            groupMetric[j] = saliency(wr[at + i + j], hinv[(i1 + i + j) * cols + i1 + i + j]);
          }
          markSmallest(groupMetric, width, nm.n, pruned, r * count + i);
        }
        const value = wr[at + i];
        const q = pruned[r * count + i] ? 0 : value;
        const diff = f32(value - q);
        loss = f32(loss + f32(f32(diff * diff) / f32(d * d)));
        const e = f32(diff / d);
        err1[r * count + i] = e;
        if (e !== 0) obsRows.update(i, e);
        wr[at + i] = q;
      }
      obsRows.storeRow(w, row);
      rowLoss[r] = f32(rowLoss[r] + f32(loss / 2));
    }
    if (i2 < cols) {
      matmul(
        { data: err1, offset: 0, ld: count },
        { data: hinv, offset: i1 * cols + i2, ld: cols },
        { data: w, offset: i2, ld: cols },
        { m: rows, n: cols - i2, k: count, alpha: -1, beta: 1 },
      );
    }
  }
  return { out: w, rowLoss };
}
