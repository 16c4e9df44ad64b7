import { describe, expect, it } from 'vitest';
import {
  acquireGpu,
  GpuLimitError,
  GpuValidationError,
  pipelineCacheSize,
  readF32,
  releaseGpu,
  submitDispatches,
  grid1D,
  uniformBuffer,
  uploadBuffer,
  storageBuffer,
  withErrorScopes,
} from './index.ts';

const SCALE = /* wgsl */ `
struct P { n: u32, factor: f32, nx: u32 }
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> p: P;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.nx * 64u;
  if (i < p.n) { dst[i] = src[i] * p.factor; }
}`;

describe('GPU layer', () => {
  it('acquires a device and describes the adapter', async () => {
    const gpu = await acquireGpu();
    expect(gpu.info.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    expect(gpu.device.limits.maxStorageBufferBindingSize).toBe(gpu.info.limits.maxStorageBufferBindingSize);
    expect(typeof gpu.info.shaderF16).toBe('boolean');
  });

  it('runs a kernel on a size that is not a multiple of the workgroup, and caches its pipeline', async () => {
    const gpu = await acquireGpu();
    for (const n of [1, 63, 65, 1000]) {
      const data = Float32Array.from({ length: n }, (_, i) => i - 7.5);
      const src = uploadBuffer(gpu, data);
      const dst = storageBuffer(gpu, n * 4);
      const groups = grid1D(gpu, n, 64);
      submitDispatches(gpu, [
        { code: SCALE, bindings: [src, dst, uniformBuffer(gpu, [{ u32: n }, { f32: -2 }, { u32: groups[0] }])], workgroups: groups },
      ]);
      const out = await readF32(gpu, dst, n);
      expect(Array.from(out)).toEqual(Array.from(data, (v) => v * -2));
    }
    expect(pipelineCacheSize(gpu)).toBe(1);
  });

  it('reports validation errors from an error scope', async () => {
    const gpu = await acquireGpu();
    await expect(
      withErrorScopes(gpu, () => {
        gpu.device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
      }),
    ).rejects.toBeInstanceOf(GpuValidationError);
  });

  it('rejects a job that needs more than the adapter offers', async () => {
    const gpu = await acquireGpu();
    const need = gpu.device.limits.maxBufferSize + 4;
    await expect(acquireGpu({ maxBufferSize: need })).rejects.toBeInstanceOf(GpuLimitError);
  });

  it('acquires a fresh device after the old one is lost', async () => {
    const first = await acquireGpu();
    const buffer = uploadBuffer(first, new Float32Array([1, 2, 3]));
    first.device.destroy();
    await first.device.lost;
    expect(first.lost?.message).toMatch(/released|lost/);
    await expect(readF32(first, buffer, 3)).rejects.toThrow();
    const second = await acquireGpu();
    expect(second.device).not.toBe(first.device);
    const again = uploadBuffer(second, new Float32Array([4, 5]));
    expect(Array.from(await readF32(second, again, 2))).toEqual([4, 5]);
    await releaseGpu();
  });
});

describe('GPU memory accounting', () => {
  it('tracks peak bytes and destroys what a scope created', async () => {
    const { gpuMemory, resetPeak, withBufferScope } = await import('./memory.ts');
    const gpu = await acquireGpu();
    const before = gpuMemory(gpu.device).liveBytes;
    resetPeak(gpu.device);
    let inside: GPUBuffer | null = null;
    await withBufferScope(gpu.device, async () => {
      inside = storageBuffer(gpu, 4096);
      uploadBuffer(gpu, new Float32Array(1024));
      expect(gpuMemory(gpu.device).liveBytes).toBe(before + 8192);
    });
    expect(gpuMemory(gpu.device).liveBytes).toBe(before);
    expect(gpuMemory(gpu.device).peakBytes).toBe(before + 8192);
    // A destroyed buffer can no longer be used: the copy fails validation.
    await expect(withErrorScopes(gpu, () => readF32(gpu, inside as unknown as GPUBuffer, 4))).rejects.toThrow();
  });
});
