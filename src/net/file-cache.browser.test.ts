import { describe, expect, it } from 'vitest';
import { CacheStorageFileCache, defaultFileCache } from './file-cache.ts';

describe('file cache in the browser', () => {
  it('keeps binary files in Cache Storage across cache objects (as across page loads)', async () => {
    const name = `kick-models-test-${Date.now()}`;
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) & 0xff);
    const key = 'https://hub.example/org/model/resolve/0123/onnx/model.onnx_data';
    await new CacheStorageFileCache(caches, name).put(key, bytes);
    const again = new CacheStorageFileCache(caches, name);
    expect(await again.get(key)).toEqual(bytes);
    expect(await again.get(`${key}.missing`)).toBeNull();
    await again.delete(key);
    expect(await again.get(key)).toBeNull();
    await caches.delete(name);
  });

  it('reads text Responses (as the earlier data set cache stored them) back as bytes', async () => {
    const name = `kick-datasets-test-${Date.now()}`;
    const key = 'https://example.invalid/mmlu/dev.jsonl';
    await (await caches.open(name)).put(key, new Response('{"q":"ça"}\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    const bytes = await new CacheStorageFileCache(caches, name).get(key);
    expect(new TextDecoder().decode(bytes!)).toBe('{"q":"ça"}\n');
    await caches.delete(name);
  });

  it('is Cache Storage by default, under the name asked for', () => {
    const cache = defaultFileCache('kick-test-default');
    expect(cache).toBeInstanceOf(CacheStorageFileCache);
    expect((cache as CacheStorageFileCache).name).toBe('kick-test-default');
  });
});
