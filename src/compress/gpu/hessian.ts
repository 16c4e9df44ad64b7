import diagWgsl from '../../../shaders/hessian-diag.wgsl?raw';
import orderWgsl from '../../../shaders/hessian-order.wgsl?raw';
import gatherWgsl from '../../../shaders/hessian-gather.wgsl?raw';
import { checkNeeds, type Gpu, grid1D, releaseBuffer, storageBuffer, submitDispatches, uniformBuffer } from '../../gpu/index.ts';
import { upperCholeskyOfInverseInPlace } from './cholesky.ts';

/** The GPU side of prepareHessian (src/compress/reference/hessian.ts). */
export interface GpuPreparedHessian {
  /** [n, n] U, upper triangular, U^T U = (P^T H P + damp I)^-1. */
  hinv: GPUBuffer;
  /** [n] u32: column processed k-th (identity without act-order). */
  order: GPUBuffer;
  /** [n] u32: 1 where diag(H) was 0. */
  dead: GPUBuffer;
  /** [1] f32: damp * mean(diag H) after the dead-column fix. */
  damping: GPUBuffer;
}

/**
 * Dead-column fix, column order (act-order or identity), damping and Hinv for the [n, n] Hessian in
 * `h`, which is consumed (released). Needs two n x n buffers at the peak.
 */
export async function prepareHessianGpu(
  gpu: Gpu,
  h: GPUBuffer,
  n: number,
  damp: number,
  actOrder: boolean,
): Promise<GpuPreparedHessian> {
  // Hinv is bound whole by the matmul kernel: it must fit one binding.
  checkNeeds(gpu, { maxStorageBufferBindingSize: n * n * 4, maxBufferSize: n * n * 4 });
  const diagFixed = storageBuffer(gpu, n * 4, 'hessian diag');
  const dead = storageBuffer(gpu, n * 4, 'dead columns');
  const damping = storageBuffer(gpu, 4, 'damping');
  const order = storageBuffer(gpu, n * 4, 'column order');
  const a = storageBuffer(gpu, n * n * 4, 'hinv');
  const groups = grid1D(gpu, n, 64);
  submitDispatches(gpu, [
    {
      code: diagWgsl,
      bindings: [h, diagFixed, dead, damping, uniformBuffer(gpu, [{ u32: n }, { f32: damp }])],
      workgroups: [1],
      label: 'hessian diag',
    },
    {
      code: orderWgsl,
      bindings: [diagFixed, order, uniformBuffer(gpu, [{ u32: n }, { u32: actOrder ? 1 : 0 }, { u32: groups[0] }])],
      workgroups: groups,
      label: 'hessian order',
    },
    {
      code: gatherWgsl,
      bindings: [h, order, diagFixed, damping, a, uniformBuffer(gpu, [{ u32: n }])],
      workgroups: [Math.ceil(n / 16), Math.ceil(n / 16), 1],
      label: 'hessian gather',
    },
  ]);
  releaseBuffer(gpu.device, h);
  releaseBuffer(gpu.device, diagFixed);
  try {
    await upperCholeskyOfInverseInPlace(gpu, a, n);
  } catch (error) {
    for (const buffer of [a, order, dead, damping]) releaseBuffer(gpu.device, buffer);
    throw error;
  }
  return { hinv: a, order, dead, damping };
}
