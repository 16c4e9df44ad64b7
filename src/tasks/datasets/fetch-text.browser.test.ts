import { describe, expect, it } from 'vitest';
import { CacheStorageFileCache } from '../../net/file-cache.ts';
import { DATASET_CACHE_NAME, fetchTextCached } from './fetch-text.ts';

describe('data set text in Cache Storage', () => {
  it('serves text cached by earlier versions (a text Response in kick-datasets-v1) without any request', async () => {
    const url = `https://example.invalid/mmlu/dev-${Date.now()}.jsonl`;
    const old = await caches.open(DATASET_CACHE_NAME);
    await old.put(url, new Response('{"x":"ü"}\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    let fetched = 0;
    const fetch = async () => {
      fetched++;
      return new Response('network');
    };
    try {
      expect(await fetchTextCached('mmlu', url, { fetch })).toBe('{"x":"ü"}\n');
      expect(fetched).toBe(0);
    } finally {
      await old.delete(url);
    }
  });

  it('keeps a download for the next load, across cache objects', async () => {
    const name = `kick-datasets-test-${Date.now()}`;
    const url = 'https://example.invalid/c4/sample.jsonl';
    let fetched = 0;
    const fetch = async () => {
      fetched++;
      return new Response('{"text":"doc"}\n');
    };
    await fetchTextCached('c4', url, { fetch, cache: new CacheStorageFileCache(caches, name) });
    expect(await fetchTextCached('c4', url, { fetch, cache: new CacheStorageFileCache(caches, name) })).toBe('{"text":"doc"}\n');
    expect(fetched).toBe(1);
    await caches.delete(name);
  });
});
