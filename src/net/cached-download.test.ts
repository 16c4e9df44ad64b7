import { describe, expect, it } from 'vitest';
import { countingBytes, scriptedFetch } from '../../test/net/scripted-fetch.ts';
import { cachedDownload } from './cached-download.ts';
import type { DownloadProgress } from './download.ts';
import { DownloadError } from './errors.ts';
import { MemoryFileCache } from './file-cache.ts';

const URL_ = 'https://files.example/org/m/resolve/main/config.json';
const data = countingBytes(64);
const ok = () => new Response(data.slice() as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(data.length) } });

describe('cachedDownload', () => {
  it('answers a cache hit without any request, reporting it done and from the cache', async () => {
    const cache = new MemoryFileCache();
    await cache.put(URL_, data);
    const s = scriptedFetch();
    const seen: DownloadProgress[] = [];
    expect(await cachedDownload(URL_, { cache, fetch: s.fetch, file: 'config.json', onProgress: (p) => seen.push(p) })).toEqual(data);
    expect(s.requests).toHaveLength(0);
    expect(seen).toEqual([{ file: 'config.json', loaded: 64, total: 64, fromCache: true, done: true }]);
  });

  it('keeps a download under its key, so the next call needs no request', async () => {
    const cache = new MemoryFileCache();
    const key = 'https://files.example/org/m/resolve/0123abc/config.json';
    const s = scriptedFetch(ok());
    await cachedDownload(URL_, { cache, key, fetch: s.fetch });
    expect(await cache.get(key)).toEqual(data);
    expect(await cache.get(URL_)).toBeNull();
    expect(await cachedDownload(URL_, { cache, key, fetch: s.fetch })).toEqual(data);
    expect(s.requests).toHaveLength(1);
  });

  it('returns the bytes when the cache refuses to keep them, and says why', async () => {
    const cache = new MemoryFileCache();
    cache.put = () => Promise.reject(new DOMException('Quota exceeded.', 'QuotaExceededError'));
    const told: string[] = [];
    const s = scriptedFetch(ok());
    expect(await cachedDownload(URL_, { cache, fetch: s.fetch, file: 'config.json', onCacheFailure: (r) => told.push(r) })).toEqual(data);
    expect(told).toEqual(['config.json was not kept for the next run: Quota exceeded.']);
    expect(await cache.get(URL_)).toBeNull();
  });

  it('downloads every time with the cache disabled (null)', async () => {
    const s = scriptedFetch(ok(), ok());
    await cachedDownload(URL_, { cache: null, fetch: s.fetch });
    await cachedDownload(URL_, { cache: null, fetch: s.fetch });
    expect(s.requests).toHaveLength(2);
  });

  it('keeps nothing when the download fails', async () => {
    const cache = new MemoryFileCache();
    await expect(cachedDownload(URL_, { cache, fetch: scriptedFetch(new Response(null, { status: 404 })).fetch })).rejects.toBeInstanceOf(DownloadError);
    expect(cache.size).toBe(0);
  });
});
