// A download through a file cache: a hit is answered without any request.
import { download, type DownloadOptions } from './download.ts';
import type { FileCache } from './file-cache.ts';

export interface CachedDownloadOptions extends DownloadOptions {
  /** Where the bytes are looked up and kept; null: always download, keep nothing. */
  cache: FileCache | null;
  /** Cache key; the URL by default. A key pinned to a commit keeps a moved branch from serving stale bytes. */
  key?: string;
  /** Told when the bytes could not be kept (a full quota): the download itself still succeeds. */
  onCacheFailure?: (reason: string) => void;
}

export async function cachedDownload(url: string, options: CachedDownloadOptions): Promise<Uint8Array> {
  const { cache, key = url, onCacheFailure, ...downloadOptions } = options;
  const hit = cache ? await cache.get(key) : null;
  if (hit !== null) {
    options.onProgress?.({ file: options.file ?? url, loaded: hit.length, total: hit.length, fromCache: true, done: true });
    return hit;
  }
  const bytes = await download(url, downloadOptions);
  // Keeping the bytes only spares the next run a download: a cache that refuses them (a quota
  // smaller than a model, as in a private window) must not fail this one.
  if (cache) {
    try {
      await cache.put(key, bytes);
    } catch (e) {
      onCacheFailure?.(`${options.file ?? url} was not kept for the next run: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return bytes;
}
