// Per-decoder-layer sparsity schedules: uniform (every layer at the target) and OWL, "Outlier
// Weighed Layerwise sparsity" (Yin et al. 2023, arXiv 2310.05175), following the authors' code
// (prune_wanda_outlier):
//
//   1. For decoder layer l, score every weight of its linear layers as Wanda does,
//      A_ij = |W_ij| * ||X_j||_2 (sqrt of the scaler_row statistic), and concatenate the scores of
//      all the layer's linears.
//   2. Layer outlier ratio D_l = fraction of scores above M * mean(A) (M = 5 by default; the code
//      reports it in percent, which the normalisation below makes irrelevant).
//   3. Normalise to [0, 2 lambda]: r_l = (D_l - min D) / (max D - min D) * 2 lambda, then shift so
//      that the mean density is 1 - target: density_l = r_l - mean(r) + (1 - target).
//   4. Sparsity_l = 1 - density_l = target - (r_l - mean(r)): layers with more outliers are pruned
//      less, the mean sparsity equals the target, and no layer is more than 2 lambda from another
//      (lambda = 0.08 by default).
// Where all layers have the same ratio the schedule is uniform. Sparsities are clamped to
// [0, MAX_LAYER_SPARSITY] (the methods accept [0, 1)); clamping is reported, since the mean then
// departs from the target.
import type { WeightMatrix } from '../../compress/types.ts';

export const OWL_DEFAULT_M = 5;
export const OWL_DEFAULT_LAMBDA = 0.08;
export const MAX_LAYER_SPARSITY = 0.99;

export type SparsitySchedule = { kind: 'uniform' } | { kind: 'owl'; m?: number; lambda?: number };

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

export interface ScoredLinear {
  weight: WeightMatrix;
  /** Wanda's scaler_row: sum over tokens of x^2 / nsamples, per input channel. */
  scalerRow: Float32Array;
}

/** Fraction of a decoder layer's Wanda scores above m times their mean (OWL's D_l). */
export function layerOutlierRatio(linears: readonly ScoredLinear[], m = OWL_DEFAULT_M): number {
  if (linears.length === 0) throw new ScheduleError('a decoder layer needs at least one linear weight to score');
  const norms = linears.map(({ weight, scalerRow }) => {
    if (scalerRow.length !== weight.cols) throw new ScheduleError(`scaler_row has ${scalerRow.length} values for a weight of ${weight.cols} inputs`);
    return Float64Array.from(scalerRow, (v) => Math.sqrt(v));
  });
  let sum = 0;
  let count = 0;
  const score = (li: number, k: number): number => Math.abs(linears[li].weight.data[k]) * norms[li][k % linears[li].weight.cols];
  linears.forEach((l, li) => {
    for (let k = 0; k < l.weight.data.length; k++) sum += score(li, k);
    count += l.weight.data.length;
  });
  const threshold = (sum / count) * m;
  let above = 0;
  linears.forEach((l, li) => {
    for (let k = 0; k < l.weight.data.length; k++) if (score(li, k) > threshold) above++;
  });
  return above / count;
}

export interface LayerSparsities {
  /** Sparsity per decoder layer. */
  sparsity: number[];
  /** OWL's outlier ratios, when the schedule is OWL. */
  outlierRatio?: number[];
  /** Layers whose sparsity was clamped into [0, MAX_LAYER_SPARSITY]. */
  clamped: number[];
}

function checkTarget(target: number): void {
  if (!(target >= 0 && target < 1)) throw new ScheduleError(`target sparsity must be in [0, 1), got ${target}`);
}

export function uniformSparsities(layers: number, target: number): LayerSparsities {
  checkTarget(target);
  return { sparsity: new Array<number>(layers).fill(target), clamped: [] };
}

/** OWL's per-layer sparsities from the layers' outlier ratios (steps 3 and 4 above). */
export function owlSparsities(outlierRatio: readonly number[], target: number, lambda = OWL_DEFAULT_LAMBDA): LayerSparsities {
  checkTarget(target);
  if (!(lambda >= 0)) throw new ScheduleError(`OWL lambda must be non-negative, got ${lambda}`);
  if (outlierRatio.length === 0) return { sparsity: [], outlierRatio: [], clamped: [] };
  const lo = Math.min(...outlierRatio);
  const hi = Math.max(...outlierRatio);
  const r = outlierRatio.map((d) => (hi > lo ? ((d - lo) / (hi - lo)) * 2 * lambda : 0));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const clamped: number[] = [];
  const sparsity = r.map((v, l) => {
    const s = target - (v - mean);
    const c = Math.min(MAX_LAYER_SPARSITY, Math.max(0, s));
    if (c !== s) clamped.push(l);
    return c;
  });
  return { sparsity, outlierRatio: [...outlierRatio], clamped };
}
