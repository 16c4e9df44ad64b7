// GPTQ (IST-DASLab gptq.py:GPTQ.fasterquant with quant.py:Quantizer), the twin of
// shaders/gptq-*.wgsl. The OBS loop of SparseGPT with a quantizer in place of the mask.
import { f32 } from './float.ts';
import { prepareHessian } from './hessian.ts';
import { matmul } from './matmul.ts';
import { BlockRows } from './block-rows.ts';
import { dequantCode, gridFromRange, quantCode, rangeOf, type QuantGrid } from './quantizer.ts';

export interface GptqOptions {
  bits: number;
  /** Columns per group; -1 = one group per output row. */
  group: number;
  sym: boolean;
  actOrder: boolean;
  damp: number;
  blocksize: number;
}

export interface GptqResult {
  /** Dequantized weight [rows, cols] in the original column order. */
  out: Float32Array;
  /** [rows, nGroups], as find_params returned them at each group start (groups over permuted columns). */
  scale: Float32Array;
  zero: Float32Array;
  /** Act-order only: perm[k] = original column quantised k-th; gIdx[c] = group of original column c. */
  perm: Int32Array | null;
  gIdx: Int32Array;
  rowLoss: Float32Array;
}

export function groupCount(cols: number, group: number): number {
  return group > 0 ? Math.ceil(cols / group) : 1;
}

export function gptqQuantize(
  weight: Float32Array,
  rows: number,
  cols: number,
  hessian: Float32Array,
  opts: GptqOptions,
): GptqResult {
  const { bits, group, sym, blocksize: bs } = opts;
  const nGroups = groupCount(cols, group);
  const scale = new Float32Array(rows * nGroups);
  const zero = new Float32Array(rows * nGroups);
  const grids: QuantGrid[] = new Array(rows);
  // Per-row parameters come from the whole W before the dead-column fix, as the reference's first find_params.
  for (let r = 0; r < rows; r++) {
    const [lo, hi] = rangeOf(weight, r * cols, (r + 1) * cols);
    grids[r] = gridFromRange(lo, hi, bits, sym);
    if (group <= 0) {
      scale[r] = grids[r].scale;
      zero[r] = grids[r].zero;
    }
  }
  const { hinv, dead, perm } = prepareHessian(hessian, cols, opts.damp, opts.actOrder);
  const src = (k: number) => (perm ? perm[k] : k);
  const w = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cols; k++) w[r * cols + k] = dead[src(k)] ? 0 : weight[r * cols + src(k)];
  }
  const rowLoss = new Float32Array(rows);
  const err1 = new Float32Array(rows * bs);
  for (let i1 = 0; i1 < cols; i1 += bs) {
    const i2 = Math.min(i1 + bs, cols);
    const count = i2 - i1;
    const obsRows = new BlockRows(hinv, cols, i1, count);
    for (let r = 0; r < rows; r++) {
      const row = r * cols;
      // W1 is a working copy: group parameters read the full W, which holds the block-start values.
      const { data: w1, at } = obsRows.loadRow(w, row);
      let loss = 0;
      for (let i = 0; i < count; i++) {
        const c = i1 + i;
        if (group > 0 && c % group === 0) {
          const [lo, hi] = rangeOf(w, row + c, row + Math.min(c + group, cols));
          grids[r] = gridFromRange(lo, hi, bits, sym);
          scale[r * nGroups + c / group] = grids[r].scale;
          zero[r * nGroups + c / group] = grids[r].zero;
        }
        const d = hinv[c * cols + c];
        const value = w1[at + i];
        const q = dequantCode(quantCode(value, grids[r]), grids[r]);
        const diff = f32(value - q);
        loss = f32(loss + f32(f32(diff * diff) / f32(d * d)));
        const e = f32(diff / d);
        err1[r * count + i] = e;
        if (e !== 0) obsRows.update(i, e);
        w[row + c] = q;
      }
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
  const gIdx = new Int32Array(cols);
  let out = w;
  if (perm) {
    out = new Float32Array(rows * cols);
    for (let k = 0; k < cols; k++) {
      const c = perm[k];
      gIdx[c] = group > 0 ? Math.floor(k / group) : 0;
      for (let r = 0; r < rows; r++) out[r * cols + c] = w[r * cols + k];
    }
  } else {
    for (let c = 0; c < cols; c++) gIdx[c] = group > 0 ? Math.floor(c / group) : 0;
  }
  return { out, scale, zero, perm, gIdx, rowLoss };
}
