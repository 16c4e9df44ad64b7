import metricWgsl from '../../../shaders/wanda-metric.wgsl?raw';
import rowsDirectWgsl from '../../../shaders/select-rows-direct.wgsl?raw';
import rowsWgsl from '../../../shaders/select-rows.wgsl?raw';
import {
  type Dispatch,
  type Gpu,
  grid1D,
  storageBuffer,
  uniformBuffer,
  uploadBuffer,
} from '../../gpu/index.ts';
import type { PruneOutput } from '../reference/magnitude.ts';
import { checkNmPattern } from '../reference/nm.ts';
import { sqrtScaler, wandaRowCount } from '../reference/wanda.ts';
import { CompressInputError, type NmPattern, type WeightMatrix } from '../types.ts';
import { maskWords, pruneInTiles, type TileJob } from './mask.ts';
import { nmMaskDispatch } from './nm.ts';
import { defaultSelectVariant } from './select.ts';

// GPU wanda (twin: src/compress/reference/wanda.ts): metric kernel, then a per-row stable select
// (unstructured) or the N:M kernel on the metric.

/** Dispatch writing metric = |W| * sqrtScaler (broadcast over rows) for a [rows, cols] band. */
export function wandaMetricDispatch(gpu: Gpu, weight: GPUBuffer, root: GPUBuffer, metric: GPUBuffer, rows: number, cols: number): Dispatch {
  const by4 = cols % 4 === 0;
  const groups = grid1D(gpu, by4 ? (rows * cols) / 4 : rows * cols, 256);
  const params = uniformBuffer(gpu, [{ u32: rows * cols }, { u32: cols }, { u32: groups[0] }, { u32: 0 }]);
  if (by4) {
    return { code: metricWgsl, entryPoint: 'main4', bindings: [weight, root, metric, params], workgroups: groups, label: 'wanda metric' };
  }
  return { code: metricWgsl, entryPoint: 'main', bindings: [weight, root, metric, params], workgroups: groups, label: 'wanda metric' };
}

/**
 * Dispatch marking, per row, the k smallest |score| with stable ties: one workgroup per row
 * ('workgroup', GPUs) or one invocation per row with no barrier ('direct', CPU-emulated adapters).
 */
export function pruneLowestPerRowDispatch(
  gpu: Gpu,
  score: GPUBuffer,
  mask: GPUBuffer,
  rows: number,
  cols: number,
  k: number,
  variant = defaultSelectVariant(gpu),
): Dispatch {
  const words = maskWords(cols);
  const direct = variant === 'direct';
  const groups = grid1D(gpu, rows, direct ? 16 : 1);
  const params = uniformBuffer(gpu, [
    { u32: rows }, { u32: cols }, { u32: words }, { u32: groups[0] },
    { u32: k }, { u32: 0 }, { u32: 0 }, { u32: 0 },
  ]);
  if (!direct) return { code: rowsWgsl, bindings: [score, mask, params], workgroups: groups, label: 'select rows' };
  const entryPoint = cols % 4 === 0 ? 'main4' : 'main';
  return { code: rowsDirectWgsl, entryPoint, bindings: [score, mask, params], workgroups: groups, label: 'select rows' };
}

function checkScaler(weight: WeightMatrix, scalerRow: Float32Array): void {
  if (scalerRow.length !== weight.cols) {
    throw new CompressInputError(`wanda needs scalerRow of length ${weight.cols} (the input width), got ${scalerRow.length}.`);
  }
}

function metricPlan(gpu: Gpu, weight: WeightMatrix, scalerRow: Float32Array, mask: (job: TileJob, metric: GPUBuffer) => Dispatch) {
  return (jobs: TileJob[]): Dispatch[] => {
    const root = uploadBuffer(gpu, sqrtScaler(scalerRow), 'sqrt scaler');
    return jobs.flatMap((j) => {
      const metric = storageBuffer(gpu, j.tile.rowCount * weight.cols * 4, 'wanda metric');
      return [wandaMetricDispatch(gpu, j.weight, root, metric, j.tile.rowCount, weight.cols), mask(j, metric)];
    });
  };
}

/** Unstructured wanda: per row, prune the floor(in*s) lowest metrics, lower column first among ties. */
export function wandaPruneGpu(
  gpu: Gpu,
  weight: WeightMatrix,
  scalerRow: Float32Array,
  sparsity: number,
  maxBindingBytes?: number,
): Promise<PruneOutput> {
  checkScaler(weight, scalerRow);
  const k = wandaRowCount(weight.cols, sparsity);
  return pruneInTiles(
    gpu,
    weight,
    maxBindingBytes,
    metricPlan(gpu, weight, scalerRow, (j, metric) => pruneLowestPerRowDispatch(gpu, metric, j.mask, j.tile.rowCount, weight.cols, k)),
  );
}

/** Wanda N:M: the n lowest metrics of every aligned group of m inputs. */
export function wandaPruneNmGpu(
  gpu: Gpu,
  weight: WeightMatrix,
  scalerRow: Float32Array,
  pattern: NmPattern,
  maxBindingBytes?: number,
): Promise<PruneOutput> {
  checkScaler(weight, scalerRow);
  checkNmPattern(pattern, weight.cols);
  return pruneInTiles(
    gpu,
    weight,
    maxBindingBytes,
    metricPlan(gpu, weight, scalerRow, (j, metric) => nmMaskDispatch(gpu, metric, j.mask, j.tile.rowCount, weight.cols, pattern)),
  );
}
