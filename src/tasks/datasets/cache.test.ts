import { describe, expect, it } from 'vitest';
import { CacheStorageTextCache, defaultTextCache, MemoryTextCache } from './cache.ts';

/** Just enough of the Cache Storage API (open/match/put) to check the adapter's use of it. */
class MapCacheStorage {
  readonly caches = new Map<string, Map<string, string>>();
  async open(name: string) {
    const store = this.caches.get(name) ?? new Map<string, string>();
    this.caches.set(name, store);
    return {
      match: async (url: string) => (store.has(url) ? new Response(store.get(url)) : undefined),
      put: async (url: string, res: Response) => void store.set(url, await res.text()),
    };
  }
}

describe('text caches', () => {
  it('the Cache Storage adapter stores and returns text under the URL', async () => {
    const storage = new MapCacheStorage();
    const cache = new CacheStorageTextCache(storage as unknown as CacheStorage, 'test-cache');
    expect(await cache.get('http://x/a')).toBeNull();
    await cache.put('http://x/a', 'héllo\nworld');
    expect(await cache.get('http://x/a')).toBe('héllo\nworld');
    expect(storage.caches.get('test-cache')?.size).toBe(1);
  });
  it('falls back to memory where Cache Storage is missing (Node)', async () => {
    const cache = defaultTextCache();
    expect(cache).toBeInstanceOf(MemoryTextCache);
    await cache.put('k', 'v');
    expect(await cache.get('k')).toBe('v');
  });
});
