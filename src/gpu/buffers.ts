import { lossOf, type Gpu } from './device.ts';
import { GpuLimitError } from './errors.ts';
import { trackBuffer } from './memory.ts';


// GPUBufferUsage is read lazily so that this module can be imported where WebGPU is absent (Node).
const storageUsage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** A storage buffer of `byteLength` bytes (rounded up to 4), zero-initialised by WebGPU. */
export function storageBuffer(gpu: Gpu, byteLength: number, label?: string): GPUBuffer {
  const size = Math.max(4, Math.ceil(byteLength / 4) * 4);
  const max = gpu.device.limits.maxBufferSize;
  if (size > max) {
    throw new GpuLimitError(`A buffer of ${size} bytes exceeds this GPU's maxBufferSize (${max}).`);
  }
  return trackBuffer(gpu.device, gpu.device.createBuffer({ size, usage: storageUsage(), label }));
}

/** Uploads typed data into a new storage buffer. */
export function uploadBuffer(gpu: Gpu, data: ArrayBufferView, label?: string): GPUBuffer {
  const buffer = storageBuffer(gpu, data.byteLength, label);
  gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** A uniform buffer from a list of 32-bit fields; each field is tagged u32, i32 or f32. */
export type UniformField = { u32: number } | { i32: number } | { f32: number };

export function uniformBuffer(gpu: Gpu, fields: UniformField[], label?: string): GPUBuffer {
  // Uniform structs are 16-byte aligned in size.
  const words = Math.max(4, Math.ceil(fields.length / 4) * 4);
  const bytes = new ArrayBuffer(words * 4);
  const view = new DataView(bytes);
  fields.forEach((field, i) => {
    if ('u32' in field) view.setUint32(i * 4, field.u32, true);
    else if ('i32' in field) view.setInt32(i * 4, field.i32, true);
    else view.setFloat32(i * 4, field.f32, true);
  });
  const buffer = trackBuffer(
    gpu.device,
    gpu.device.createBuffer({ size: bytes.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label }),
  );
  gpu.device.queue.writeBuffer(buffer, 0, bytes);
  return buffer;
}

/** The first `bytes` bytes of a GPU buffer from `offset` (a multiple of 4; 0 when absent), to read back. */
export interface ReadPart {
  buffer: GPUBuffer;
  bytes: number;
  offset?: number;
}

/**
 * Reads several buffers back through one staging buffer and one map: a launcher's outputs then
 * cost one round trip to the GPU instead of one each (about 0.2 ms each on SwiftShader, where the
 * whole of a small layer's kernels takes about as long). `take` copies what it needs out of the
 * mapped range, which is unmapped when it returns: one copy on the CPU side, not two. Each part
 * starts at a multiple of 4 bytes; offsets[i] is where part i lies in `mapped`.
 */
export async function readParts(gpu: Gpu, parts: ReadPart[], take: (mapped: ArrayBuffer, offsets: number[]) => void): Promise<void> {
  const offsets: number[] = [];
  let total = 0;
  for (const part of parts) {
    offsets.push(total);
    total += Math.ceil(part.bytes / 4) * 4;
  }
  const staging = gpu.device.createBuffer({ size: Math.max(4, total), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = gpu.device.createCommandEncoder();
  parts.forEach((part, i) => {
    const size = Math.ceil(part.bytes / 4) * 4;
    if (size > 0) encoder.copyBufferToBuffer(part.buffer, part.offset ?? 0, staging, offsets[i], size);
  });
  gpu.device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
  } catch (error) {
    staging.destroy();
    // A failed map after a device loss is the loss itself; say so instead of "mapAsync failed"
    // (and not an AbortError, which would read as a cancel).
    throw (await lossOf(gpu)) ?? error;
  }
  try {
    take(staging.getMappedRange(), offsets);
  } finally {
    staging.unmap();
    staging.destroy();
  }
}

/** Copies `byteLength` bytes of a buffer back to the CPU. */
export async function readBuffer(gpu: Gpu, source: GPUBuffer, byteLength = source.size, offset = 0): Promise<ArrayBuffer> {
  let copy = new ArrayBuffer(0);
  await readParts(gpu, [{ buffer: source, bytes: byteLength, offset }], (mapped) => {
    copy = mapped.slice(0, byteLength);
  });
  return copy;
}

export async function readF32(gpu: Gpu, source: GPUBuffer, count: number, offsetElements = 0): Promise<Float32Array> {
  return new Float32Array(await readBuffer(gpu, source, count * 4, offsetElements * 4));
}

export async function readU32(gpu: Gpu, source: GPUBuffer, count: number, offsetElements = 0): Promise<Uint32Array> {
  return new Uint32Array(await readBuffer(gpu, source, count * 4, offsetElements * 4));
}

/** Largest binding the kernels may use, optionally capped (tests force tiling with a small cap). */
export function bindingLimit(gpu: Gpu, cap = Infinity): number {
  return Math.min(gpu.device.limits.maxStorageBufferBindingSize, cap);
}
