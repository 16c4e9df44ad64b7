import type { TextCache } from './cache.ts';
import { DatasetLoadError } from './errors.ts';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface FetchContext {
  fetch?: FetchLike;
  cache?: TextCache;
  /** Bearer token for the hub, held by the caller in memory only. */
  hubToken?: string;
}

/** GET a URL as text through the cache; any failure becomes a DatasetLoadError naming the data set. */
export async function fetchTextCached(dataset: string, url: string, ctx: FetchContext): Promise<string> {
  const cached = ctx.cache ? await ctx.cache.get(url) : null;
  if (cached !== null) return cached;
  const doFetch = ctx.fetch ?? ((u: string, i?: RequestInit) => fetch(u, i));
  let res: Response;
  try {
    res = await doFetch(url, ctx.hubToken ? { headers: { authorization: `Bearer ${ctx.hubToken}` } } : undefined);
  } catch (err) {
    throw new DatasetLoadError(dataset, `cannot fetch ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new DatasetLoadError(dataset, `GET ${url} answered HTTP ${res.status}`);
  const text = await res.text();
  if (ctx.cache) await ctx.cache.put(url, text);
  return text;
}
