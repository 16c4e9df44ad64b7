import { defaultTextCache, type TextCache } from './cache.ts';
import { DatasetLoadError } from './errors.ts';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface FetchContext {
  fetch?: FetchLike;
  /** Absent: the process-wide default cache (Cache Storage or memory); null: no caching. */
  cache?: TextCache | null;
  /** Bearer token for the hub, held by the caller in memory only. */
  hubToken?: string;
  /** Retries of a request that was rate-limited (429), failed on the server (5xx) or on the network. */
  retries?: number;
  /** First backoff delay in ms, doubled on each retry. */
  backoffMs?: number;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** GET a URL as text through the cache; any failure becomes a DatasetLoadError naming the data set. */
let sharedCache: TextCache | null = null;

export async function fetchTextCached(dataset: string, url: string, ctx: FetchContext): Promise<string> {
  const cache = ctx.cache === undefined ? (sharedCache ??= defaultTextCache()) : ctx.cache;
  const cached = cache ? await cache.get(url) : null;
  if (cached !== null) return cached;
  const doFetch = ctx.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
  const retries = ctx.retries ?? 3;
  let lastError = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, (ctx.backoffMs ?? 500) * 2 ** (attempt - 1)));
    let res: Response;
    try {
      res = await doFetch(url, ctx.hubToken ? { headers: { authorization: `Bearer ${ctx.hubToken}` } } : undefined);
    } catch (err) {
      lastError = `cannot fetch ${url}: ${(err as Error).message}`;
      continue;
    }
    if (!res.ok) {
      lastError = `GET ${url} answered HTTP ${res.status}`;
      if (RETRYABLE.has(res.status)) continue;
      break;
    }
    const text = await res.text();
    if (cache) await cache.put(url, text);
    return text;
  }
  throw new DatasetLoadError(dataset, lastError);
}
