import magnitudeWgsl from '../../../shaders/magnitude-mask.wgsl?raw';
import {
  bindingLimit,
  type Dispatch,
  type Gpu,
  grid1D,
  uniformBuffer,
  uploadBuffer,
} from '../../gpu/index.ts';
import { type PruneOutput, thresholdRank } from '../reference/magnitude.ts';
import { checkNmPattern } from '../reference/nm.ts';
import type { NmPattern, WeightMatrix } from '../types.ts';
import { maskWords, pruneInTiles } from './mask.ts';
import { nmMaskDispatch } from './nm.ts';
import { kthSmallestAbsStreamed, planKthSmallestAbs } from './select.ts';

// GPU magnitude pruning (twin: src/compress/reference/magnitude.ts). The per-layer threshold is
// found by the radix select over all row bands together and stays on the GPU for the mask kernel.

/** Dispatch marking |w| <= t, with t's bit pattern in element 0 of `threshold`. */
export function magnitudeMaskDispatch(
  gpu: Gpu,
  weight: GPUBuffer,
  threshold: GPUBuffer,
  mask: GPUBuffer,
  rows: number,
  cols: number,
): Dispatch {
  const words = maskWords(cols);
  const groups = grid1D(gpu, rows * words, 256);
  const params = uniformBuffer(gpu, [{ u32: rows }, { u32: cols }, { u32: words }, { u32: groups[0] }]);
  const entryPoint = cols % 4 === 0 ? 'main4' : 'main';
  return { code: magnitudeWgsl, entryPoint, bindings: [weight, threshold, mask, params], workgroups: groups, label: 'magnitude mask' };
}

/** Unstructured: prune |W| <= sort(|W|)[floor(numel*s)], one threshold for the whole matrix. */
export function magnitudePruneGpu(gpu: Gpu, weight: WeightMatrix, sparsity: number, maxBindingBytes?: number): Promise<PruneOutput> {
  const k = thresholdRank(weight.data.length, sparsity);
  return pruneInTiles(gpu, weight, maxBindingBytes, (jobs) => {
    const select = planKthSmallestAbs(
      gpu,
      jobs.map((j) => ({ buffer: j.weight, count: j.tile.rowCount * weight.cols })),
      k,
    );
    return [
      ...select.dispatches,
      ...jobs.map((j) => magnitudeMaskDispatch(gpu, j.weight, select.state, j.mask, j.tile.rowCount, weight.cols)),
    ];
  });
}

/** Prune |W| <= threshold (a threshold found elsewhere, e.g. the global one). */
export function magnitudePruneAtThresholdGpu(
  gpu: Gpu,
  weight: WeightMatrix,
  threshold: number,
  maxBindingBytes?: number,
): Promise<PruneOutput> {
  return pruneInTiles(gpu, weight, maxBindingBytes, (jobs) => {
    const t = uploadBuffer(gpu, new Float32Array([Math.abs(threshold)]), 'threshold');
    return jobs.map((j) => magnitudeMaskDispatch(gpu, j.weight, t, j.mask, j.tile.rowCount, weight.cols));
  });
}

/** N:M on |W|: in each row, the n smallest of every aligned group of m inputs. */
export function magnitudePruneNmGpu(gpu: Gpu, weight: WeightMatrix, pattern: NmPattern, maxBindingBytes?: number): Promise<PruneOutput> {
  checkNmPattern(pattern, weight.cols);
  return pruneInTiles(gpu, weight, maxBindingBytes, (jobs) =>
    jobs.map((j) => nmMaskDispatch(gpu, j.weight, j.mask, j.tile.rowCount, weight.cols, pattern)),
  );
}

/**
 * The threshold of global magnitude pruning: sort(|W| of all layers)[floor(total*s)]. The layers
 * are streamed through the GPU in chunks under the binding limit, once per digit pass, so a whole
 * model's weights never need to be resident at once.
 */
export function magnitudeGlobalThresholdGpu(
  gpu: Gpu,
  layers: Float32Array[],
  sparsity: number,
  maxBindingBytes?: number,
): Promise<number> {
  const k = thresholdRank(layers.reduce((s, l) => s + l.length, 0), sparsity);
  return kthSmallestAbsStreamed(gpu, layers, k, bindingLimit(gpu, maxBindingBytes) / 4);
}
