import { describe, expect, it } from 'vitest';
import { tinyFixture } from '../../../test/model/capture-fixtures.ts';
import { outsideMemorySource } from '../../../test/model/outside-memory-source.ts';
import { memoryDenseSource } from './dense-source.ts';
import { encodeWeight, readWeight, WeightStore } from './weight-store.ts';

const { patchable } = tinyFixture('llama', { seed: 5 });
const [first, second] = patchable.index.linears;

function halved(m: { data: Float32Array; rows: number; cols: number }) {
  return { ...m, data: m.data.map((v) => v / 2) };
}

describe('WeightStore over a dense source outside memory', () => {
  it('opens with the patched copy dense, reads dense weights by range, restores one weight and all of them', async () => {
    const source = outsideMemorySource(patchable.master);
    const store = await WeightStore.open(source);
    expect(store.patched).toEqual(patchable.master);
    expect(store.patched).not.toBe(patchable.master);
    expect(await store.readDense(first)).toEqual(readWeight(patchable.master, first));

    store.write(first, halved(await store.readDense(first)));
    store.write(second, halved(await store.readDense(second)));
    expect(store.modified).toEqual([first.module, second.module]);
    expect(store.readPatched(first)).toEqual(halved(readWeight(patchable.master, first)));
    // Dense reads still see the dense values.
    expect(await store.readDense(first)).toEqual(readWeight(patchable.master, first));

    await store.restore(first);
    expect(store.readPatched(first)).toEqual(readWeight(patchable.master, first));
    expect(store.modified).toEqual([second.module]);

    const before = source.stats.readBytes;
    await store.restoreAll();
    expect(source.stats.readBytes - before).toBe(patchable.master.byteLength);
    expect(store.patched).toEqual(patchable.master);
    // Nothing written since: nothing to stream.
    await store.restoreAll();
    expect(source.stats.readBytes - before).toBe(patchable.master.byteLength);
  });

  it('writes encoded bytes as write does, and refuses bytes of another length', async () => {
    const viaWrite = patchable.newStore();
    const viaBytes = await WeightStore.open(outsideMemorySource(patchable.master));
    const m = halved(readWeight(patchable.master, first));
    viaWrite.write(first, m);
    viaBytes.writeEncoded(first, encodeWeight(first, m));
    expect(viaBytes.patched).toEqual(viaWrite.patched);
    expect(viaBytes.modified).toEqual([first.module]);
    expect(() => viaBytes.writeEncoded(second, encodeWeight(first, m))).toThrow(/bytes given for a weight of/);
  });

  it('refuses to be read or written before its patched copy is filled', async () => {
    const store = new WeightStore(outsideMemorySource(patchable.master));
    expect(() => store.readPatched(first)).toThrow(/patched copy is empty/);
    expect(() => store.write(first, readWeight(patchable.master, first))).toThrow(/patched copy is empty/);
    await store.restoreAll();
    expect(store.readPatched(first)).toEqual(readWeight(patchable.master, first));
  });

  it('over bytes in memory keeps them as its source without copying them, and patches a copy', () => {
    const store = new WeightStore(patchable.master);
    expect(store.source.inMemory).toBe(patchable.master);
    expect(store.source.storage).toBe('memory');
    expect(store.patched).not.toBe(patchable.master);
    expect(new WeightStore(memoryDenseSource(patchable.master)).patched).toEqual(patchable.master);
  });

  it('a memory source names a range beyond its bytes', async () => {
    const source = memoryDenseSource(patchable.master);
    await expect(source.readInto(new Uint8Array(8), patchable.master.byteLength - 4)).rejects.toThrow(/lie beyond the dense weights/);
    await expect(source.readInto(new Uint8Array(8), -1)).rejects.toThrow(/lie beyond/);
  });
});
