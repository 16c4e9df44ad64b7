import { describe, expect, it } from 'vitest';
import { CacheStorageFileCache, defaultFileCache, MemoryFileCache } from './file-cache.ts';

/** Just enough of the Cache Storage API (open/match/put/delete) to check the adapter's use of it. */
class MapCacheStorage {
  readonly caches = new Map<string, Map<string, ArrayBuffer>>();
  async open(name: string) {
    const store = this.caches.get(name) ?? new Map<string, ArrayBuffer>();
    this.caches.set(name, store);
    return {
      match: async (url: string) => (store.has(url) ? new Response(store.get(url)) : undefined),
      put: async (url: string, res: Response) => void store.set(url, await res.arrayBuffer()),
      delete: async (url: string) => store.delete(url),
    };
  }
}

describe('file caches', () => {
  it('the Cache Storage adapter keeps bytes under the key in the named cache', async () => {
    const storage = new MapCacheStorage();
    const cache = new CacheStorageFileCache(storage as unknown as CacheStorage, 'test-cache');
    const bytes = Uint8Array.from([0, 255, 1, 128]);
    expect(await cache.get('http://x/a')).toBeNull();
    await cache.put('http://x/a', bytes);
    expect(await cache.get('http://x/a')).toEqual(bytes);
    expect([...storage.caches.keys()]).toEqual(['test-cache']);
    await cache.delete('http://x/a');
    expect(await cache.get('http://x/a')).toBeNull();
  });

  it('reads a text Response stored by the earlier data set cache back as its UTF-8 bytes', async () => {
    const storage = new MapCacheStorage();
    const old = await storage.open('kick-datasets-v1');
    await old.put('http://x/dev.jsonl', new Response('héllo\nwörld', { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    const bytes = await new CacheStorageFileCache(storage as unknown as CacheStorage, 'kick-datasets-v1').get('http://x/dev.jsonl');
    expect(new TextDecoder().decode(bytes!)).toBe('héllo\nwörld');
  });

  it('falls back to memory where Cache Storage is missing (Node): one cache per name', async () => {
    const a = defaultFileCache('kick-test-a');
    expect(a).toBeInstanceOf(MemoryFileCache);
    expect(defaultFileCache('kick-test-a')).toBe(a);
    await a.put('k', Uint8Array.of(1));
    expect(await defaultFileCache('kick-test-b').get('k')).toBeNull();
    expect(await defaultFileCache('kick-test-a').get('k')).toEqual(Uint8Array.of(1));
  });
});
