import matmulDirectWgsl from '../../../shaders/matmul-direct.wgsl?raw';
import matmulWgsl from '../../../shaders/matmul.wgsl?raw';
import { type Dispatch, type Gpu, uniformBuffer } from '../../gpu/index.ts';
import type { MatmulSpec } from '../reference/matmul.ts';

/** A strided view of a matrix held in a GPU buffer. */
export interface GpuMatView {
  buffer: GPUBuffer;
  offset: number;
  ld: number;
}

/**
 * "tiled" stages operands in workgroup memory (real GPUs); "direct" reads them straight from the
 * buffers without barriers, 2-3x faster on CPU-emulated adapters such as SwiftShader.
 */
export type MatmulVariant = 'tiled' | 'direct';

const TILE: Record<MatmulVariant, number> = { tiled: 64, direct: 32 };

export function defaultMatmulVariant(gpu: Gpu): MatmulVariant {
  return gpu.info.isFallbackAdapter ? 'direct' : 'tiled';
}

/** The dispatch for C = alpha * op(A) @ op(B) + beta * C; submit it with others in one pass. */
export function matmulDispatch(
  gpu: Gpu,
  a: GpuMatView,
  b: GpuMatView,
  c: GpuMatView,
  spec: MatmulSpec,
  variant: MatmulVariant = defaultMatmulVariant(gpu),
): Dispatch {
  const { m, n, k, transA = false, transB = false, alpha = 1, beta = 0 } = spec;
  const params = uniformBuffer(gpu, [
    { u32: m }, { u32: n }, { u32: k }, { u32: 0 },
    { u32: a.offset }, { u32: b.offset }, { u32: c.offset }, { u32: 0 },
    { u32: a.ld }, { u32: b.ld }, { u32: c.ld }, { u32: 0 },
    { f32: alpha }, { f32: beta }, { u32: 0 }, { u32: 0 },
  ]);
  return {
    code: variant === 'tiled' ? matmulWgsl : matmulDirectWgsl,
    constants: { TRANS_A: transA ? 1 : 0, TRANS_B: transB ? 1 : 0 },
    bindings: [a.buffer, b.buffer, c.buffer, params],
    workgroups: [Math.ceil(n / TILE[variant]), Math.ceil(m / TILE[variant]), 1],
    label: 'matmul',
  };
}
