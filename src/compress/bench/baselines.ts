// The two baselines of the kernel benchmark (shaders/bench-copy.wgsl, shaders/bench-matmul.wgsl).
import copyWgsl from '../../../shaders/bench-copy.wgsl?raw';
import matmulWgsl from '../../../shaders/bench-matmul.wgsl?raw';
import { type Dispatch, type Gpu, grid1D, uniformBuffer } from '../../gpu/index.ts';

/** dst[0 .. 4*vec4Count) = src[...]: both buffers hold at least vec4Count * 16 bytes. */
export function copyDispatch(gpu: Gpu, src: GPUBuffer, dst: GPUBuffer, vec4Count: number): Dispatch {
  const groups = grid1D(gpu, vec4Count, 256);
  const params = uniformBuffer(gpu, [{ u32: vec4Count }, { u32: groups[0] }]);
  return { code: copyWgsl, bindings: [src, dst, params], workgroups: groups, label: 'bench copy' };
}

/** C[m, n] = A[m, k] @ B[k, n], dense row-major. */
export function benchMatmulDispatch(gpu: Gpu, a: GPUBuffer, b: GPUBuffer, c: GPUBuffer, m: number, n: number, k: number): Dispatch {
  const params = uniformBuffer(gpu, [{ u32: m }, { u32: n }, { u32: k }, { u32: 0 }]);
  return { code: matmulWgsl, bindings: [a, b, c, params], workgroups: [Math.ceil(n / 64), Math.ceil(m / 64), 1], label: 'bench matmul' };
}
