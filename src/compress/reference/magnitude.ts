// Magnitude pruning as LLM-KICK's and wanda's prune_magnitude do it: one threshold per matrix,
// thresh = sort(|W|)[floor(numel*s)], prune |W| <= thresh. Because of `<=`, floor(numel*s)+1
// entries are pruned (more on ties), and s = 0 still prunes the smallest entry: kept on purpose,
// so that results match the reference. Twins of magnitude-mask.wgsl (+ the select kernels).
import { CompressInputError, type NmPattern, type WeightMatrix } from '../types.ts';
import { applyMask } from './mask.ts';
import { nmMask } from './nm.ts';
import { kthSmallestAbs } from './select.ts';

export function checkSparsity(sparsity: number): void {
  if (!(Number.isFinite(sparsity) && sparsity >= 0 && sparsity < 1)) {
    throw new CompressInputError(`sparsity must be in [0, 1), got ${sparsity}.`);
  }
}

/** Rank of the threshold among numel sorted magnitudes: Python's int(numel * s). */
export function thresholdRank(numel: number, sparsity: number): number {
  checkSparsity(sparsity);
  return Math.floor(numel * sparsity);
}

/** sort(|W|.flatten())[floor(numel*s)]. */
export function magnitudeThreshold(w: Float32Array, sparsity: number): number {
  return kthSmallestAbs([{ data: w }], thresholdRank(w.length, sparsity));
}

/** One threshold over several layers taken together (global magnitude pruning). */
export function magnitudeGlobalThreshold(layers: Float32Array[], sparsity: number): number {
  const numel = layers.reduce((s, l) => s + l.length, 0);
  return kthSmallestAbs(layers.map((data) => ({ data })), thresholdRank(numel, sparsity));
}

/** 1 where |w| <= threshold. */
export function magnitudeMask(w: Float32Array, threshold: number): Uint8Array {
  const mask = new Uint8Array(w.length);
  for (let i = 0; i < w.length; i++) if (Math.abs(w[i]) <= threshold) mask[i] = 1;
  return mask;
}

export interface PruneOutput {
  weight: Float32Array;
  mask: Uint8Array;
}

export function magnitudePrune(weight: WeightMatrix, sparsity: number): PruneOutput {
  const mask = magnitudeMask(weight.data, magnitudeThreshold(weight.data, sparsity));
  return { weight: applyMask(weight.data, mask), mask };
}

export function magnitudePruneNm(weight: WeightMatrix, pattern: NmPattern): PruneOutput {
  const mask = nmMask(weight.data, weight.rows, weight.cols, pattern);
  return { weight: applyMask(weight.data, mask), mask };
}
