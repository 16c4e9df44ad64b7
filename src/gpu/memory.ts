// Accounting of the GPU buffers the project allocates: live and peak bytes (reported by the
// benchmarks), and scopes that destroy every buffer created inside them, so that compressing
// layer after layer never accumulates GPU memory.

interface Tracker {
  live: number;
  peak: number;
  scopes: Set<GPUBuffer>[];
}

const trackers = new WeakMap<GPUDevice, Tracker>();

function tracker(device: GPUDevice): Tracker {
  let t = trackers.get(device);
  if (!t) trackers.set(device, (t = { live: 0, peak: 0, scopes: [] }));
  return t;
}

export function trackBuffer(device: GPUDevice, buffer: GPUBuffer): GPUBuffer {
  const t = tracker(device);
  t.live += buffer.size;
  t.peak = Math.max(t.peak, t.live);
  t.scopes.at(-1)?.add(buffer);
  return buffer;
}

export function releaseBuffer(device: GPUDevice, buffer: GPUBuffer): void {
  const t = tracker(device);
  for (const scope of t.scopes) {
    if (scope.delete(buffer)) break;
  }
  t.live -= buffer.size;
  buffer.destroy();
}

export interface GpuMemoryStats {
  liveBytes: number;
  peakBytes: number;
}

export function gpuMemory(device: GPUDevice): GpuMemoryStats {
  const t = tracker(device);
  return { liveBytes: t.live, peakBytes: t.peak };
}

/** Restarts peak accounting from the current live bytes. */
export function resetPeak(device: GPUDevice): void {
  const t = tracker(device);
  t.peak = t.live;
}

/**
 * Runs `body` and destroys every tracked buffer it created and did not release, whether it
 * succeeds or throws. Scopes nest; run one scope at a time per device.
 */
export async function withBufferScope<T>(device: GPUDevice, body: () => Promise<T>): Promise<T> {
  const t = tracker(device);
  const scope = new Set<GPUBuffer>();
  t.scopes.push(scope);
  try {
    return await body();
  } finally {
    t.scopes.splice(t.scopes.indexOf(scope), 1);
    for (const buffer of scope) {
      t.live -= buffer.size;
      buffer.destroy();
    }
  }
}
