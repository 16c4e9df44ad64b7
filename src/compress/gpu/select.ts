import radixWgsl from '../../../shaders/select_radix.wgsl?raw';
import pickWgsl from '../../../shaders/select_pick.wgsl?raw';
import {
  type Dispatch,
  type Gpu,
  readU32,
  releaseBuffer,
  storageBuffer,
  submitDispatches,
  uniformBuffer,
  uploadBuffer,
  withErrorScopes,
} from '../../gpu/index.ts';
import { RADIX_PASSES } from '../reference/select.ts';

/** `count` f32 values starting at element `offset` of a GPU buffer (bound whole: keep it within the binding limit). */
export interface GpuSegment {
  buffer: GPUBuffer;
  count: number;
  offset?: number;
}

/** Dispatches of a radix select, and the buffer whose element 0 holds the result's bit pattern once they ran. */
export interface SelectPlan {
  dispatches: Dispatch[];
  /** [bits of the k-th smallest |x|, rank inside its equal run]; read element 0 as f32. */
  state: GPUBuffer;
  /** Histograms and parameter buffers; `releaseSelectPlan` frees them with `state`. */
  scratch: GPUBuffer[];
}

export function releaseSelectPlan(gpu: Gpu, plan: SelectPlan): void {
  for (const buffer of [plan.state, ...plan.scratch]) releaseBuffer(gpu.device, buffer);
}

// Workgroups per histogram launch: enough to fill a GPU, few enough that each strides over many
// elements (on SwiftShader, per-workgroup overhead dominated with one workgroup per 4096 elements).
const MAX_GROUPS = 256;
const MIN_ITEMS = 16;

/**
 * Plans the exact k-th smallest |x| (k 0-based) over the concatenation of GPU segments: four
 * histogram passes over 8-bit digits of the bit patterns, each followed by a one-invocation pick.
 * Nothing is read back, so kernels that need the threshold can bind `state` directly.
 */
export function planKthSmallestAbs(gpu: Gpu, segments: GpuSegment[], k: number): SelectPlan {
  const total = segments.reduce((s, seg) => s + seg.count, 0);
  if (!Number.isInteger(k) || k < 0 || k >= total) {
    throw new RangeError(`k = ${k} is outside [0, ${total}) for the k-th smallest value`);
  }
  const state = uploadBuffer(gpu, new Uint32Array([0, k]), 'select state');
  const hist = storageBuffer(gpu, RADIX_PASSES.length * 256 * 4, 'select histograms');
  const dispatches: Dispatch[] = [];
  const scratch: GPUBuffer[] = [hist];
  RADIX_PASSES.forEach(({ shift, highMask }, pass) => {
    for (const seg of segments) {
      if (seg.count === 0) continue;
      const groups = Math.min(MAX_GROUPS, Math.ceil(seg.count / (256 * MIN_ITEMS)));
      const params = uniformBuffer(gpu, [
        { u32: seg.count }, { u32: seg.offset ?? 0 }, { u32: shift }, { u32: highMask },
        { u32: pass }, { u32: groups * 256 }, { u32: 0 }, { u32: 0 },
      ]);
      scratch.push(params);
      dispatches.push({
        code: radixWgsl,
        entryPoint: 'histogram',
        bindings: [seg.buffer, state, hist, params],
        workgroups: [groups],
        label: 'select histogram',
      });
    }
    const pickParams = uniformBuffer(gpu, [
      { u32: 0 }, { u32: 0 }, { u32: shift }, { u32: highMask },
      { u32: pass }, { u32: 0 }, { u32: 0 }, { u32: 0 },
    ]);
    scratch.push(pickParams);
    dispatches.push({ code: pickWgsl, bindings: [state, hist, pickParams], workgroups: [1], label: 'select pick' });
  });
  return { dispatches, state, scratch };
}

/** sort(|x|)[k] over several GPU segments taken together (k 0-based). */
export async function kthSmallestAbsSegments(gpu: Gpu, segments: GpuSegment[], k: number): Promise<number> {
  const plan = planKthSmallestAbs(gpu, segments, k);
  try {
    const bits = await withErrorScopes(gpu, async () => {
      submitDispatches(gpu, plan.dispatches);
      return readU32(gpu, plan.state, 1);
    });
    return new Float32Array(bits.buffer)[0];
  } finally {
    releaseSelectPlan(gpu, plan);
  }
}

/**
 * sort(x)[k] of `count` non-negative f32 values starting at `offsetElements` in `values` (k 0-based),
 * exact, by radix select on the GPU. Negative inputs are taken by magnitude.
 */
export function kthSmallestNonNegative(
  gpu: Gpu,
  values: GPUBuffer,
  count: number,
  k: number,
  offsetElements = 0,
): Promise<number> {
  return kthSmallestAbsSegments(gpu, [{ buffer: values, count, offset: offsetElements }], k);
}
