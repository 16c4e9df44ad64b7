import { describe, expect, it } from 'vitest';
import { bodyOf, scriptedFetch } from '../../../test/net/scripted-fetch.ts';
import { MemoryFileCache } from '../../net/file-cache.ts';
import { DatasetLoadError } from './errors.ts';
import { fetchTextCached } from './fetch-text.ts';

const URL_ = 'https://data.example/static/mmlu/dev.jsonl';

describe('fetchTextCached', () => {
  it('decodes UTF-8, also where a character is split across chunks, and keeps the bytes under the URL', async () => {
    const bytes = new TextEncoder().encode('{"q":"café"}\n');
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    const s = scriptedFetch(new Response(bodyOf([bytes.subarray(0, split), bytes.subarray(split)])));
    const cache = new MemoryFileCache();
    expect(await fetchTextCached('mmlu', URL_, { fetch: s.fetch, cache })).toBe('{"q":"café"}\n');
    expect(await cache.get(URL_)).toEqual(bytes);
  });

  it('sends the hub token as a bearer token, and no authorization without one', async () => {
    const s = scriptedFetch(new Response('a'), new Response('b'));
    await fetchTextCached('mmlu', URL_, { fetch: s.fetch, cache: null, hubToken: 'hf_secret' });
    await fetchTextCached('mmlu', URL_, { fetch: s.fetch, cache: null });
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer hf_secret', undefined]);
  });

  it('names the data set and the URL when the server answers an error, after retrying a busy one', async () => {
    const missing = fetchTextCached('mmlu', URL_, { fetch: scriptedFetch(new Response(null, { status: 404 })).fetch, cache: null });
    await expect(missing).rejects.toThrow(new DatasetLoadError('mmlu', `GET ${URL_} answered HTTP 404`));
    const busy = scriptedFetch(new Response(null, { status: 500 }), new Response(null, { status: 503 }));
    await expect(fetchTextCached('c4', URL_, { fetch: busy.fetch, cache: null, retries: 1, backoffMs: 1 })).rejects.toThrow(`data set "c4": GET ${URL_} answered HTTP 503`);
    expect(busy.requests).toHaveLength(2);
  });

  it('names the data set, the URL and the attempts when the network fails', async () => {
    const s = scriptedFetch(new TypeError('fetch failed'), new TypeError('fetch failed'));
    const p = fetchTextCached('triviaqa', URL_, { fetch: s.fetch, cache: null, retries: 1, backoffMs: 1 });
    await expect(p).rejects.toBeInstanceOf(DatasetLoadError);
    await expect(p).rejects.toThrow(`data set "triviaqa": download of ${URL_} failed after 2 attempts (network error: fetch failed)`);
  });
});
