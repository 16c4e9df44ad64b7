import { describe, expect, it } from 'vitest';
import { CacheStorageFileCache, defaultFileCache } from './file-cache.ts';

describe('model file cache in the browser', () => {
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
    expect(defaultFileCache()).toBeInstanceOf(CacheStorageFileCache);
  });
});
