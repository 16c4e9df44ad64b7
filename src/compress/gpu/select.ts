import radixWgsl from '../../../shaders/select-radix.wgsl?raw';
import pickWideWgsl from '../../../shaders/select-pick-wide.wgsl?raw';
import pickWgsl from '../../../shaders/select-pick.wgsl?raw';
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
// The barrier-free count: 64 invocations a workgroup, each taking at least 64 elements.
const DIRECT_WG = 64;
const DIRECT_MAX_GROUPS = 16;
const DIRECT_MIN_ITEMS = 64;

/**
 * How the histograms are counted. 'workgroup': in workgroup memory, flushed once per workgroup
 * (GPUs, where atomics on one global histogram would contend). 'direct': straight into the global
 * histogram with no barrier (CPU-emulated adapters such as SwiftShader, where a barrier makes each
 * 4-lane subgroup a coroutine and costs more than the atomics).
 */
export type SelectVariant = 'workgroup' | 'direct';

export function defaultSelectVariant(gpu: Gpu): SelectVariant {
  return gpu.info.isFallbackAdapter ? 'direct' : 'workgroup';
}

// The direct histograms live in global memory only, so their digits can be 16 bits wide: two
// passes over the data instead of four. Same result as the 8-bit passes of the twin.
const WIDE_PASSES = [16, 0].map((shift) => ({ shift, highMask: shift === 16 ? 0 : 0xffff0000 }));
const WIDE_BUCKETS = 1 << 16;

function passesOf(variant: SelectVariant): typeof RADIX_PASSES {
  return variant === 'direct' ? WIDE_PASSES : RADIX_PASSES;
}

/** The histograms of every pass, and for 16-bit digits the 256 run sums the pick walks first. */
function histogramBuffers(gpu: Gpu, variant: SelectVariant): { hist: GPUBuffer; sums: GPUBuffer | null } {
  if (variant === 'workgroup') return { hist: storageBuffer(gpu, RADIX_PASSES.length * 256 * 4, 'select histograms'), sums: null };
  return {
    hist: storageBuffer(gpu, WIDE_PASSES.length * WIDE_BUCKETS * 4, 'select histograms'),
    sums: storageBuffer(gpu, 256 * 4, 'select run sums'),
  };
}

function checkRank(k: number, total: number): void {
  if (!Number.isInteger(k) || k < 0 || k >= total) {
    throw new RangeError(`k = ${k} is outside [0, ${total}) for the k-th smallest value`);
  }
}

/** The histogram launch of one digit pass over one segment; its parameter buffer goes to `scratch`. */
function histogramDispatch(
  gpu: Gpu,
  seg: GpuSegment,
  state: GPUBuffer,
  hist: GPUBuffer,
  pass: number,
  scratch: GPUBuffer[],
  variant: SelectVariant,
): Dispatch {
  const { shift, highMask } = passesOf(variant)[pass];
  const direct = variant === 'direct';
  const groups = direct
    ? Math.min(DIRECT_MAX_GROUPS, Math.ceil(seg.count / (DIRECT_WG * DIRECT_MIN_ITEMS)))
    : Math.min(MAX_GROUPS, Math.ceil(seg.count / (256 * MIN_ITEMS)));
  const params = uniformBuffer(gpu, [
    { u32: seg.count }, { u32: seg.offset ?? 0 }, { u32: shift }, { u32: highMask },
    { u32: pass }, { u32: groups * (direct ? DIRECT_WG : 256) }, { u32: pass * WIDE_BUCKETS }, { u32: WIDE_BUCKETS - 1 },
  ]);
  scratch.push(params);
  if (direct && (seg.offset ?? 0) % 4 === 0 && seg.buffer.size >= 16) {
    return {
      code: radixWgsl,
      entryPoint: 'histogram_direct4',
      bindings: [seg.buffer, state, hist, params, seg.buffer],
      workgroups: [groups],
      label: 'select histogram',
    };
  }
  return {
    code: radixWgsl,
    entryPoint: direct ? 'histogram_direct' : 'histogram',
    bindings: [seg.buffer, state, hist, params],
    workgroups: [groups],
    label: 'select histogram',
  };
}

/** The pick after one pass: one invocation over 256 buckets, or run sums then the pick for 16-bit digits. */
function pickDispatches(gpu: Gpu, state: GPUBuffer, hist: GPUBuffer, sums: GPUBuffer | null, pass: number, scratch: GPUBuffer[]): Dispatch[] {
  const { shift, highMask } = (sums ? WIDE_PASSES : RADIX_PASSES)[pass];
  const params = uniformBuffer(gpu, [
    { u32: 0 }, { u32: 0 }, { u32: shift }, { u32: highMask },
    { u32: pass }, { u32: 0 }, { u32: pass * WIDE_BUCKETS }, { u32: WIDE_BUCKETS - 1 },
  ]);
  scratch.push(params);
  if (!sums) return [{ code: pickWgsl, bindings: [state, hist, params], workgroups: [1], label: 'select pick' }];
  return [
    { code: pickWideWgsl, entryPoint: 'coarse', bindings: [hist, sums, params], workgroups: [4], label: 'select run sums' },
    { code: pickWideWgsl, entryPoint: 'pick', bindings: [state, hist, sums, params], workgroups: [1], label: 'select pick' },
  ];
}

/**
 * Plans the exact k-th smallest |x| (k 0-based) over the concatenation of GPU segments: histogram
 * passes over digits of the bit patterns (four of 8 bits, or two of 16 for 'direct'), each
 * followed by a pick.
 * Nothing is read back, so kernels that need the threshold can bind `state` directly.
 */
export function planKthSmallestAbs(gpu: Gpu, segments: GpuSegment[], k: number, variant = defaultSelectVariant(gpu)): SelectPlan {
  checkRank(k, segments.reduce((s, seg) => s + seg.count, 0));
  const state = uploadBuffer(gpu, new Uint32Array([0, k]), 'select state');
  const { hist, sums } = histogramBuffers(gpu, variant);
  const dispatches: Dispatch[] = [];
  const scratch: GPUBuffer[] = sums ? [hist, sums] : [hist];
  passesOf(variant).forEach((_, pass) => {
    for (const seg of segments) {
      if (seg.count > 0) dispatches.push(histogramDispatch(gpu, seg, state, hist, pass, scratch, variant));
    }
    dispatches.push(...pickDispatches(gpu, state, hist, sums, pass, scratch));
  });
  return { dispatches, state, scratch };
}

/**
 * sort(|x|)[k] over CPU arrays too large to hold on the GPU together (e.g. every layer of a model
 * for a global threshold): each pass streams the arrays through in chunks of at most
 * `chunkElements`, so GPU memory stays at about one chunk. Costs one upload per pass.
 */
export async function kthSmallestAbsStreamed(
  gpu: Gpu,
  arrays: Float32Array[],
  k: number,
  chunkElements: number,
  variant = defaultSelectVariant(gpu),
): Promise<number> {
  checkRank(k, arrays.reduce((s, a) => s + a.length, 0));
  const chunk = Math.max(1, Math.floor(chunkElements));
  const state = uploadBuffer(gpu, new Uint32Array([0, k]), 'select state');
  const { hist, sums } = histogramBuffers(gpu, variant);
  try {
    const bits = await withErrorScopes(gpu, async () => {
      for (let pass = 0; pass < passesOf(variant).length; pass++) {
        for (const array of arrays) {
          for (let at = 0; at < array.length; at += chunk) {
            const part = array.subarray(at, Math.min(at + chunk, array.length));
            const buffer = uploadBuffer(gpu, part, 'select chunk');
            const scratch: GPUBuffer[] = [buffer];
            submitDispatches(gpu, [histogramDispatch(gpu, { buffer, count: part.length }, state, hist, pass, scratch, variant)]);
            for (const b of scratch) releaseBuffer(gpu.device, b);
            // Bound the uploads queued ahead of the GPU to this one chunk.
            await gpu.device.queue.onSubmittedWorkDone();
          }
        }
        const scratch: GPUBuffer[] = [];
        submitDispatches(gpu, pickDispatches(gpu, state, hist, sums, pass, scratch));
        for (const b of scratch) releaseBuffer(gpu.device, b);
      }
      return readU32(gpu, state, 1);
    });
    return new Float32Array(bits.buffer)[0];
  } finally {
    for (const buffer of [state, hist, sums]) if (buffer) releaseBuffer(gpu.device, buffer);
  }
}

/** sort(|x|)[k] over several GPU segments taken together (k 0-based). */
export async function kthSmallestAbsSegments(gpu: Gpu, segments: GpuSegment[], k: number, variant?: SelectVariant): Promise<number> {
  const plan = planKthSmallestAbs(gpu, segments, k, variant);
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
  variant?: SelectVariant,
): Promise<number> {
  return kthSmallestAbsSegments(gpu, [{ buffer: values, count, offset: offsetElements }], k, variant);
}
