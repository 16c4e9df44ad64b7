import type { Gpu } from './device.ts';
import { GpuValidationError } from './errors.ts';
import { computePipeline } from './pipelines.ts';

export interface Dispatch {
  code: string;
  entryPoint?: string;
  constants?: Record<string, number>;
  /** Buffers bound at @group(0) @binding(i), in order. */
  bindings: GPUBuffer[];
  workgroups: readonly [number, number?, number?];
  label?: string;
}

/**
 * Records dispatches into one compute pass; WebGPU orders storage writes between dispatches.
 * `pass` carries timestampWrites when a benchmark times the pass on the GPU.
 */
export function encodeDispatches(gpu: Gpu, encoder: GPUCommandEncoder, dispatches: Dispatch[], pass?: GPUComputePassDescriptor): void {
  const computePass = encoder.beginComputePass(pass);
  for (const d of dispatches) {
    const pipeline = computePipeline(gpu, d.code, d.entryPoint, d.constants, d.label);
    const bindGroup = gpu.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: d.bindings.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    computePass.setPipeline(pipeline);
    computePass.setBindGroup(0, bindGroup);
    const [x, y = 1, z = 1] = d.workgroups;
    if (x > 0 && y > 0 && z > 0) computePass.dispatchWorkgroups(x, y, z);
  }
  computePass.end();
}

export function submitDispatches(gpu: Gpu, dispatches: Dispatch[]): void {
  const encoder = gpu.device.createCommandEncoder();
  encodeDispatches(gpu, encoder, dispatches);
  gpu.device.queue.submit([encoder.finish()]);
}

/**
 * Workgroup counts covering `invocations` threads of `workgroupSize`, spread over y when x would
 * exceed the per-dimension limit. Shaders rebuild the flat index as `gid.x + gid.y * nx * size`
 * where nx is the first returned count.
 */
export function grid1D(gpu: Gpu, invocations: number, workgroupSize: number): [number, number, number] {
  const groups = Math.ceil(invocations / workgroupSize);
  const maxPerDim = gpu.device.limits.maxComputeWorkgroupsPerDimension;
  if (groups <= maxPerDim) return [groups, 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y, 1];
}

/**
 * Runs `body` inside validation and out-of-memory error scopes and throws what they caught, so
 * that a malformed dispatch fails loudly at its source instead of producing zeros.
 */
export async function withErrorScopes<T>(gpu: Gpu, body: () => Promise<T> | T): Promise<T> {
  gpu.device.pushErrorScope('out-of-memory');
  gpu.device.pushErrorScope('validation');
  let result: T;
  try {
    result = await body();
  } finally {
    const validation = await gpu.device.popErrorScope();
    const oom = await gpu.device.popErrorScope();
    const error = validation ?? oom;
    if (error) throw new GpuValidationError(`WebGPU ${validation ? 'validation' : 'out-of-memory'} error: ${error.message}`);
  }
  return result;
}
