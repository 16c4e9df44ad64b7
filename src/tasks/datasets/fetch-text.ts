// Data set files as text, through the shared download stack (retries, resume, cache); a failure
// becomes a DatasetLoadError that names the data set.
import { cachedDownload } from '../../net/cached-download.ts';
import type { FetchLike } from '../../net/download.ts';
import { DownloadError } from '../../net/errors.ts';
import { defaultFileCache, type FileCache } from '../../net/file-cache.ts';
import { DatasetLoadError } from './errors.ts';

/** Cache Storage name of data set files; kept as it is so text cached by earlier versions still hits. */
export const DATASET_CACHE_NAME = 'kick-datasets-v1';

export interface FetchContext {
  fetch?: FetchLike;
  /** Absent: the process-wide default cache (Cache Storage or memory); null: no caching. */
  cache?: FileCache | null;
  /** Bearer token for the hub, held by the caller in memory only. */
  hubToken?: string;
  /** Retries of a request that was rate-limited (429), failed on the server (5xx) or on the network. */
  retries?: number;
  /** First backoff delay in ms, doubled on each retry. */
  backoffMs?: number;
}

/** GET a URL as UTF-8 text through the cache. */
export async function fetchTextCached(dataset: string, url: string, ctx: FetchContext): Promise<string> {
  const cache = ctx.cache === undefined ? defaultFileCache(DATASET_CACHE_NAME) : ctx.cache;
  let bytes: Uint8Array;
  try {
    bytes = await cachedDownload(url, {
      cache,
      fetch: ctx.fetch,
      headers: ctx.hubToken ? { authorization: `Bearer ${ctx.hubToken}` } : undefined,
      retries: ctx.retries ?? 3,
      backoffMs: ctx.backoffMs ?? 500,
    });
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    throw new DatasetLoadError(dataset, err.status !== null ? `GET ${url} answered HTTP ${err.status}` : err.message, err.kind === 'network');
  }
  return new TextDecoder().decode(bytes);
}
