// Wanda (Sun et al. 2023) as lib/prune.py:prune_wanda implements it: score |W_ij| * sqrt(scaler_row_j)
// in float32; per output row prune the floor(in*s) lowest scores, stable order among ties (or N:M
// on the score). Twin of shaders/wanda-metric.wgsl (+ select-rows.wgsl, nm-mask.wgsl).
import { CompressInputError, type NmPattern, type WeightMatrix } from '../types.ts';
import { checkSparsity, type PruneOutput } from './magnitude.ts';
import { applyMask } from './mask.ts';
import { nmMask } from './nm.ts';
import { pruneLowestPerRow } from './select.ts';

/** sqrt(scaler_row) correctly rounded to float32, as torch.sqrt gives it. */
export function sqrtScaler(scalerRow: Float32Array): Float32Array {
  return Float32Array.from(scalerRow, Math.sqrt);
}

/** [rows, cols] float32 metric |W| * sqrt(scaler_row), broadcast over rows. */
export function wandaMetric(weight: WeightMatrix, scalerRow: Float32Array): Float32Array {
  if (scalerRow.length !== weight.cols) {
    throw new CompressInputError(`wanda needs scalerRow of length ${weight.cols} (the input width), got ${scalerRow.length}.`);
  }
  const root = sqrtScaler(scalerRow);
  const { data, cols } = weight;
  // The product of two float32 values is exact in float64, so one rounding gives torch's float32 product.
  const metric = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) metric[i] = Math.abs(data[i]) * root[i % cols];
  return metric;
}

/** Entries pruned per row: Python's int(in * s). */
export function wandaRowCount(cols: number, sparsity: number): number {
  checkSparsity(sparsity);
  return Math.floor(cols * sparsity);
}

export function wandaPrune(weight: WeightMatrix, scalerRow: Float32Array, sparsity: number): PruneOutput {
  const k = wandaRowCount(weight.cols, sparsity);
  const mask = pruneLowestPerRow(wandaMetric(weight, scalerRow), weight.rows, weight.cols, k);
  return { weight: applyMask(weight.data, mask), mask };
}

export function wandaPruneNm(weight: WeightMatrix, scalerRow: Float32Array, pattern: NmPattern): PruneOutput {
  const mask = nmMask(wandaMetric(weight, scalerRow), weight.rows, weight.cols, pattern);
  return { weight: applyMask(weight.data, mask), mask };
}
