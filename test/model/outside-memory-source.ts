// A DenseSource that holds its bytes where the store cannot see them (inMemory is null), as the
// OPFS source does, so that Node tests take the same paths as a browser run with OPFS: dense
// reads by range, restoreAll streamed, one-shot results held aside in a spill.
import { checkRange, memorySpill, type DenseSource, type WeightSpill } from '../../src/model/weights/dense-source.ts';

export interface OutsideMemorySource extends DenseSource {
  /** Bytes read so far, and the spills opened. */
  readonly stats: { readBytes: number; spills: WeightSpill[] };
}

export function outsideMemorySource(bytes: Uint8Array): OutsideMemorySource {
  const held = bytes.slice();
  const stats = { readBytes: 0, spills: [] as WeightSpill[] };
  let released = false;
  return {
    storage: 'opfs',
    reason: 'a test stand-in for the origin-private file system',
    byteLength: held.byteLength,
    inMemory: null,
    stats,
    async readInto(target, at) {
      if (released) throw new Error('the dense weights were released');
      checkRange(at, target.byteLength, held.byteLength);
      target.set(held.subarray(at, at + target.byteLength));
      stats.readBytes += target.byteLength;
    },
    async openSpill() {
      const spill = memorySpill();
      stats.spills.push(spill);
      return spill;
    },
    async release() {
      released = true;
    },
  };
}
