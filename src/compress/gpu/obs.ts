import permuteWgsl from '../../../shaders/obs_permute_columns.wgsl?raw';
import {
  checkNeeds,
  type Dispatch,
  type Gpu,
  releaseBuffer,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
} from '../../gpu/index.ts';
import { matmulDispatch } from './matmul.ts';

/** Largest OBS block the row kernels hold privately (MAX_BLOCK in sparsegpt_block / gptq_block.wgsl). */
export const MAX_OBS_BLOCK = 256;

/**
 * The OBS kernels bind the whole weight and the whole [cols, cols] Hinv: fail early, with the
 * numbers, where the adapter's binding limit is smaller (GpuLimitError).
 */
export function checkObsFits(gpu: Gpu, rows: number, cols: number): void {
  const largest = 4 * Math.max(rows * cols, cols * cols);
  checkNeeds(gpu, { maxStorageBufferBindingSize: largest, maxBufferSize: largest });
}

/** Column gather (with dead columns zeroed) or scatter of a [rows, cols] weight; see obs_permute_columns.wgsl. */
export function permuteColumnsDispatch(
  gpu: Gpu,
  src: GPUBuffer,
  order: GPUBuffer,
  dead: GPUBuffer,
  dst: GPUBuffer,
  rows: number,
  cols: number,
  scatter: boolean,
): Dispatch {
  return {
    code: permuteWgsl,
    bindings: [src, order, dead, dst, uniformBuffer(gpu, [{ u32: rows }, { u32: cols }, { u32: scatter ? 1 : 0 }])],
    workgroups: [Math.ceil(cols / 16), Math.ceil(rows / 16), 1],
    label: scatter ? 'obs unpermute' : 'obs permute',
  };
}

export interface ObsBlock {
  i1: number;
  count: number;
  /** [rows, count] buffer the block kernel fills with err = (w - q) / Hinv[i,i]. */
  err: GPUBuffer;
}

/**
 * The OBS sweep shared by SparseGPT and GPTQ: for each block of columns, the method's dispatches
 * (which prune/quantise the block in W and fill `err`), then the lazy update
 * W[:, i2:] -= Err1 @ Hinv[i1:i2, i2:]. One submission per block keeps submissions short.
 */
export function runObsBlocks(
  gpu: Gpu,
  w: GPUBuffer,
  hinv: GPUBuffer,
  rows: number,
  cols: number,
  blocksize: number,
  blockDispatches: (block: ObsBlock) => Dispatch[],
): void {
  const err = storageBuffer(gpu, rows * Math.min(blocksize, cols) * 4, 'obs err');
  for (let i1 = 0; i1 < cols; i1 += blocksize) {
    const i2 = Math.min(i1 + blocksize, cols);
    const count = i2 - i1;
    const dispatches = blockDispatches({ i1, count, err });
    if (i2 < cols) {
      dispatches.push(
        matmulDispatch(
          gpu,
          { buffer: err, offset: 0, ld: count },
          { buffer: hinv, offset: i1 * cols + i2, ld: cols },
          { buffer: w, offset: i2, ld: cols },
          { m: rows, n: cols - i2, k: count, alpha: -1, beta: 1 },
        ),
      );
    }
    submitDispatches(gpu, dispatches);
  }
  releaseBuffer(gpu.device, err);
}
