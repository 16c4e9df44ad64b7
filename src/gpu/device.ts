import { GpuDeviceLostError, GpuLimitError, GpuUnavailableError } from './errors.ts';

export interface GpuInfo {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  shaderF16: boolean;
  features: string[];
  limits: Record<string, number>;
}

export interface Gpu {
  device: GPUDevice;
  info: GpuInfo;
  /** Set once the device is lost; kernels check it to turn a failed readback into a clear error. */
  lost: GpuDeviceLostError | null;
}

/** Limits a job asks for; each is checked against the adapter and requested at least this high. */
export type LimitNeeds = Partial<
  Record<
    | 'maxStorageBufferBindingSize'
    | 'maxBufferSize'
    | 'maxComputeWorkgroupStorageSize'
    | 'maxComputeInvocationsPerWorkgroup'
    | 'maxStorageBuffersPerShaderStage'
    | 'maxComputeWorkgroupsPerDimension',
    number
  >
>;

// Limits the kernels benefit from: we request the adapter's maximum, so large layers fit in one
// binding wherever the hardware allows, instead of the 128 MiB default.
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
] as const;

const LIMIT_KEYS = [
  ...RAISED_LIMITS,
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxBindGroups',
  'maxUniformBufferBindingSize',
] as const;

interface Slot {
  promise: Promise<Gpu>;
}
let current: Slot | null = null;

function describe(adapter: GPUAdapter): GpuInfo {
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const key of LIMIT_KEYS) limits[key] = Number(adapter.limits[key]);
  return {
    vendor: info.vendor || 'unknown',
    architecture: info.architecture || '',
    description: info.description || '',
    isFallbackAdapter: Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter),
    shaderF16: adapter.features.has('shader-f16'),
    features: [...adapter.features].sort(),
    limits,
  };
}

async function requestGpu(owner: Slot): Promise<Gpu> {
  if (typeof navigator === 'undefined' || !navigator.gpu) {
    throw new GpuUnavailableError(
      'WebGPU is not available in this browser. Use a recent Chrome or Edge, or the CPU backend.',
    );
  }
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new GpuUnavailableError('No WebGPU adapter was found. Check that hardware acceleration is enabled.');
  }
  const requiredLimits: Record<string, number> = {};
  for (const key of RAISED_LIMITS) requiredLimits[key] = Number(adapter.limits[key]);
  // timestamp-query lets the kernel benchmark time passes on the GPU itself.
  const requiredFeatures = (['shader-f16', 'timestamp-query'] as const).filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  const gpu: Gpu = { device, info: describe(adapter), lost: null };
  void device.lost.then((lost) => {
    gpu.lost = new GpuDeviceLostError(lost.reason, lostMessage(lost));
    if (current === owner) current = null;
  });
  return gpu;
}

/** Names the reason: 'destroyed' (released while in use) or the browser's, e.g. a driver reset. */
function lostMessage(lost: GPUDeviceLostInfo): string {
  const why = lost.reason === 'destroyed' ? 'destroyed while work was still using it' : lost.message || lost.reason;
  return `the GPU device was lost (${why}); the next work acquires a new device`;
}

/**
 * The device's loss when it is lost: a failed readback can be seen before the loss is reported,
 * so this waits briefly for `device.lost` to settle. Null when the device is still alive.
 */
export async function lossOf(gpu: Gpu, waitMs = 100): Promise<GpuDeviceLostError | null> {
  if (gpu.lost) return gpu.lost;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([gpu.device.lost, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  return gpu.lost;
}

/**
 * The shared device, created on first use and re-created after a loss. `needs` are checked against
 * the adapter so that a job too large for this GPU fails before it starts, with the numbers.
 */
export async function acquireGpu(needs: LimitNeeds = {}): Promise<Gpu> {
  if (!current) {
    // The slot exists before its device so that the lost handler can tell whether the device it
    // belongs to is still the shared one.
    const mine = {} as Slot;
    mine.promise = requestGpu(mine);
    current = mine;
    mine.promise.catch(() => {
      if (current === mine) current = null;
    });
  }
  const gpu = await current.promise;
  checkNeeds(gpu, needs);
  return gpu;
}

export function checkNeeds(gpu: Gpu, needs: LimitNeeds): void {
  for (const [key, need] of Object.entries(needs)) {
    const have = Number(gpu.device.limits[key as keyof GPUSupportedLimits]);
    if (need !== undefined && need > have) {
      throw new GpuLimitError(
        `This job needs ${key} = ${need}, but the GPU offers ${have}. Use a smaller model or the CPU backend.`,
      );
    }
  }
}

/** Destroys the shared device (tests use it to prove re-acquisition works). */
export async function releaseGpu(): Promise<void> {
  if (!current) return;
  const p = current.promise;
  current = null;
  try {
    (await p).device.destroy();
  } catch {
    // a device that failed to start has nothing to release
  }
}
