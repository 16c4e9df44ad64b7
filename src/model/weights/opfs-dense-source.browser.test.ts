import { describe, expect, it } from 'vitest';
import { buildTinyModel } from '../../../test/models/tiny-models.ts';
import type { OpfsRoundTrip } from '../../../test/model/opfs-round-trip.ts';
import { keepDenseBytes, opfsDenseSource } from './opfs-dense-source.ts';
import { makePatchable } from './patchable.ts';
import { readWeight, WeightStore } from './weight-store.ts';

async function folderNames(): Promise<string[]> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('kick-weights', { create: true });
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  return names;
}

function patterned(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

/** The first index where a and b differ, -1 if none (expect's deep equality is too slow at 64 MiB). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('dense weights in the origin-private file system', () => {
  it('round-trips a model and restores the patched copy from it (page: File reads)', async () => {
    const patchable = makePatchable(buildTinyModel('llama', { seed: 8 }));
    const source = await keepDenseBytes(patchable.master);
    expect(source.storage, source.reason).toBe('opfs');
    expect(source.inMemory).toBeNull();
    const store = await WeightStore.open(source);
    expect(store.patched).toEqual(patchable.master);
    const [first] = patchable.index.linears;
    expect(await store.readDense(first)).toEqual(readWeight(patchable.master, first));
    const zeroed = readWeight(patchable.master, first);
    zeroed.data.fill(0);
    store.write(first, zeroed);
    expect(store.patched).not.toEqual(patchable.master);
    await store.restoreAll();
    expect(store.patched).toEqual(patchable.master);

    const spill = await source.openSpill();
    await spill.put(first.module, patterned(100));
    expect(await spill.take(first.module)).toEqual(patterned(100));
    await spill.release();

    const files = await folderNames();
    await source.release();
    // Its file is removed with it; nothing else of the run's stays.
    expect((await folderNames()).length).toBe(files.length - 1);
    await expect(source.readInto(new Uint8Array(4), 0)).rejects.toThrow(/released/);
  });

  it('reads ranges that cross its 64 MiB copy pieces', async () => {
    const bytes = patterned((64 << 20) + 1000);
    const source = await opfsDenseSource(bytes);
    try {
      const across = new Uint8Array(3000);
      await source.readInto(across, (64 << 20) - 2000);
      expect(across).toEqual(bytes.subarray((64 << 20) - 2000, (64 << 20) + 1000));
      const all = new Uint8Array(bytes.length);
      await source.readInto(all, 0);
      expect(firstDifference(all, bytes)).toBe(-1);
      await expect(source.readInto(new Uint8Array(10), bytes.length - 5)).rejects.toThrow(/lie beyond the dense weights/);
    } finally {
      await source.release();
    }
  });

  it('in a dedicated worker goes through sync access handles, which lock its file while the run lives', async () => {
    const worker = new Worker(new URL('../../../test/model/opfs-round-trip.ts', import.meta.url), { type: 'module' });
    try {
      const result = await new Promise<OpfsRoundTrip>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<OpfsRoundTrip>) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage(null);
      });
      expect(result.error).toBeNull();
      expect(result.reason).toMatch(/sync access handles/);
      expect(result.restored).toBe(true);
      expect(result.removableWhileOpen).toBe(false);
      expect(result.leftAfterRelease).toBe(0);
    } finally {
      worker.terminate();
    }
  });

  it('keeps the bytes in memory, saying so, when asked to', async () => {
    const bytes = patterned(1000);
    const source = await keepDenseBytes(bytes, 'memory');
    expect(source.storage).toBe('memory');
    expect(source.inMemory).toBe(bytes);
    expect(source.reason).toMatch(/as asked/);
  });
});
