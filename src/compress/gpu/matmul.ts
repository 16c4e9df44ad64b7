import matmulWgsl from '../../../shaders/matmul.wgsl?raw';
import { type Dispatch, type Gpu, uniformBuffer } from '../../gpu/index.ts';
import type { MatmulSpec } from '../reference/matmul.ts';

/** A strided view of a matrix held in a GPU buffer. */
export interface GpuMatView {
  buffer: GPUBuffer;
  offset: number;
  ld: number;
}

const TILE = 64;

/** The dispatch for C = alpha * op(A) @ op(B) + beta * C; submit it with others in one pass. */
export function matmulDispatch(gpu: Gpu, a: GpuMatView, b: GpuMatView, c: GpuMatView, spec: MatmulSpec): Dispatch {
  const { m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = spec;
  const params = uniformBuffer(gpu, [
    { u32: m }, { u32: n }, { u32: k }, { u32: 0 },
    { u32: a.offset }, { u32: b.offset }, { u32: c.offset }, { u32: 0 },
    { u32: a.ld }, { u32: b.ld }, { u32: c.ld }, { u32: 0 },
    { f32: alpha }, { f32: beta }, { u32: 0 }, { u32: 0 },
  ]);
  return {
    code: matmulWgsl,
    constants: { TRANS_A: transA ? 1 : 0, TRANS_B: transB ? 1 : 0 },
    bindings: [a.buffer, b.buffer, c.buffer, params],
    workgroups: [Math.ceil(n / TILE), Math.ceil(m / TILE), 1],
    label: 'matmul',
  };
}
