import { describe, expect, it } from 'vitest';
import { CacheStorageTextCache, defaultTextCache } from './cache.ts';
import { fetchTextCached } from './fetch-text.ts';

describe('Cache Storage in the browser', () => {
  it('is the default cache and keeps text across instances', async () => {
    expect(defaultTextCache()).toBeInstanceOf(CacheStorageTextCache);
    const name = `kick-test-${Date.now()}`;
    const a = new CacheStorageTextCache(caches, name);
    await a.put('https://example.invalid/mmlu/dev.jsonl', '{"x":1}\n');
    const b = new CacheStorageTextCache(caches, name);
    expect(await b.get('https://example.invalid/mmlu/dev.jsonl')).toBe('{"x":1}\n');
    // A cached URL is served without any network access.
    let fetched = 0;
    const text = await fetchTextCached('mmlu', 'https://example.invalid/mmlu/dev.jsonl', {
      cache: b,
      fetch: async () => {
        fetched++;
        return new Response('network');
      },
    });
    expect(text).toBe('{"x":1}\n');
    expect(fetched).toBe(0);
    await caches.delete(name);
  });
});
