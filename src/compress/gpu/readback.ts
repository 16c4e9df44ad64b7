import { lossOf } from '../../gpu/device.ts';
import type { Gpu } from '../../gpu/index.ts';

/** The first `bytes` bytes of a GPU buffer, to read back. */
export interface ReadPart {
  buffer: GPUBuffer;
  bytes: number;
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
    if (size > 0) encoder.copyBufferToBuffer(part.buffer, 0, staging, offsets[i], size);
  });
  gpu.device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
  } catch (error) {
    staging.destroy();
    // A failed map after a device loss is the loss itself: say so, as readBuffer does.
    throw (await lossOf(gpu)) ?? error;
  }
  try {
    take(staging.getMappedRange(), offsets);
  } finally {
    staging.unmap();
    staging.destroy();
  }
}
