import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, countingBytes, scriptedFetch } from '../../test/net/scripted-fetch.ts';
import { startHubServer, type HubServer } from '../../test/servers/hub-server.ts';
import { download, type DownloadProgress } from './download.ts';
import { DownloadError } from './errors.ts';

const URL_ = 'https://files.example/org/m/resolve/main/onnx/model.onnx_data';
const data = countingBytes(1000);
const whole = (bytes: Uint8Array, headers: Record<string, string> = {}) =>
  new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(bytes.length), ...headers } });
const status = (s: number) => new Response(null, { status: s });
/** 200 with the full Content-Length, but the connection drops after the first `sent` bytes. */
const cut = (sent: number) => new Response(bodyOf([data.subarray(0, sent)], new Error('socket hang up')), { status: 200, headers: { 'content-length': String(data.length) } });
const partial = (from: number) =>
  new Response(data.slice(from) as Uint8Array<ArrayBuffer>, { status: 206, headers: { 'content-range': `bytes ${from}-${data.length - 1}/${data.length}`, 'content-length': String(data.length - from) } });

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DownloadError);
  return err as DownloadError;
}

describe('download into one buffer', () => {
  it('returns a body of announced length that arrives in pieces, in a buffer of exactly that length', async () => {
    const pieces = [data.subarray(0, 300), data.subarray(300, 301), data.subarray(301)];
    const s = scriptedFetch(new Response(bodyOf(pieces), { status: 200, headers: { 'content-length': String(data.length) } }));
    const got = await download(URL_, { fetch: s.fetch });
    expect(got).toEqual(data);
    expect(got.byteOffset).toBe(0);
    expect(got.buffer.byteLength).toBe(data.length);
  });

  it('still returns the whole body when more arrives than was announced (the length of a compressed transfer)', async () => {
    const s = scriptedFetch(new Response(bodyOf([data.subarray(0, 600), data.subarray(600)]), { status: 200, headers: { 'content-length': '400' } }));
    expect(await download(URL_, { fetch: s.fetch })).toEqual(data);
  });

  it('resumes into the same buffer after a dropped connection', async () => {
    const s = scriptedFetch(cut(250), partial(250));
    const got = await download(URL_, { fetch: s.fetch, backoffMs: 1 });
    expect(got).toEqual(data);
    expect(got.buffer.byteLength).toBe(data.length);
  });
});

describe('download retries', () => {
  it('retries a busy server (503, 429) with doubling backoff, then returns the body', async () => {
    const s = scriptedFetch(status(503), status(429), whole(data));
    const started = performance.now();
    expect(await download(URL_, { fetch: s.fetch, backoffMs: 20 })).toEqual(data);
    expect(s.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(20 + 40 - 5);
  });

  it('retries a network failure', async () => {
    const s = scriptedFetch(new TypeError('fetch failed'), whole(data));
    expect(await download(URL_, { fetch: s.fetch, backoffMs: 1 })).toEqual(data);
    expect(s.requests).toHaveLength(2);
  });

  it('does not retry a 404: an http error naming the URL and status', async () => {
    const s = scriptedFetch(status(404), whole(data));
    const e = await failure(download(URL_, { fetch: s.fetch, backoffMs: 1 }));
    expect(s.requests).toHaveLength(1);
    expect(e).toMatchObject({ kind: 'http', status: 404, url: URL_, attempts: 1, message: `GET ${URL_} answered HTTP 404` });
  });

  it('gives up after the retries, naming the file, the attempts and the last failure', async () => {
    const busy = await failure(download(URL_, { fetch: scriptedFetch(status(500), status(502), status(503)).fetch, retries: 2, backoffMs: 1, file: 'onnx/model.onnx_data' }));
    expect(busy).toMatchObject({ kind: 'network', status: 503, attempts: 3, message: 'download of onnx/model.onnx_data failed after 3 attempts (HTTP 503)' });
    const offline = await failure(download(URL_, { fetch: scriptedFetch(status(503), new TypeError('fetch failed')).fetch, retries: 1, backoffMs: 1 }));
    expect(offline).toMatchObject({ kind: 'network', status: null, attempts: 2, message: `download of ${URL_} failed after 2 attempts (network error: fetch failed)` });
  });

  it('sends the caller headers with every request, resumed ones included', async () => {
    const s = scriptedFetch(cut(300), partial(300));
    await download(URL_, { fetch: s.fetch, backoffMs: 1, headers: { authorization: 'Bearer hf_x' } });
    expect(s.requests.map((r) => r.headers)).toEqual([{ authorization: 'Bearer hf_x' }, { authorization: 'Bearer hf_x', range: 'bytes=300-' }]);
  });
});

describe('download resume', () => {
  it('asks for the rest with Range after a dropped connection and joins the 206 answer on', async () => {
    const s = scriptedFetch(cut(400), partial(400));
    expect(await download(URL_, { fetch: s.fetch, backoffMs: 1 })).toEqual(data);
    expect(s.requests.map((r) => r.headers.range)).toEqual([undefined, 'bytes=400-']);
  });

  it('starts over when the server ignores Range and answers 200 with the whole file', async () => {
    const s = scriptedFetch(cut(400), whole(data));
    expect(await download(URL_, { fetch: s.fetch, backoffMs: 1 })).toEqual(data);
    expect(s.requests[1].headers.range).toBe('bytes=400-');
  });

  it('takes a 416 as complete when every byte had arrived before the connection dropped', async () => {
    const s = scriptedFetch(cut(data.length), new Response(null, { status: 416, headers: { 'content-range': `bytes */${data.length}` } }));
    expect(await download(URL_, { fetch: s.fetch, backoffMs: 1 })).toEqual(data);
    expect(s.requests.map((r) => r.headers.range)).toEqual([undefined, `bytes=${data.length}-`]);
  });

  it('fails on a 416 while bytes are still missing', async () => {
    const s = scriptedFetch(cut(400), new Response(null, { status: 416 }));
    expect(await failure(download(URL_, { fetch: s.fetch, backoffMs: 1 }))).toMatchObject({ kind: 'http', status: 416, attempts: 2 });
  });

  it('retries a body that ended short of its Content-Length', async () => {
    const short = new Response(bodyOf([data.subarray(0, 600)]), { status: 200, headers: { 'content-length': String(data.length) } });
    const s = scriptedFetch(short, partial(600));
    expect(await download(URL_, { fetch: s.fetch, backoffMs: 1 })).toEqual(data);
  });
});

describe('download progress', () => {
  it('reports growing loaded bytes against the total, then done once', async () => {
    const chunks = [data.subarray(0, 250), data.subarray(250, 700), data.subarray(700)];
    const s = scriptedFetch(new Response(bodyOf(chunks), { headers: { 'content-length': String(data.length) } }));
    const seen: DownloadProgress[] = [];
    await download(URL_, { fetch: s.fetch, file: 'onnx/model.onnx_data', onProgress: (p) => seen.push({ ...p }) });
    expect(seen.map((p) => p.loaded)).toEqual([0, 250, 700, 1000, 1000]);
    expect(seen.every((p) => p.file === 'onnx/model.onnx_data' && p.total === 1000 && !p.fromCache)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([false, false, false, false, true]);
  });

  it('keeps the total unknown without a Content-Length, or when it counts compressed bytes', async () => {
    const totals = async (res: Response) => {
      const seen: Array<number | null> = [];
      await download(URL_, { fetch: scriptedFetch(res).fetch, onProgress: (p) => seen.push(p.total) });
      return seen;
    };
    expect(await totals(new Response(bodyOf([data])))).toEqual([null, null, null]);
    expect(await totals(whole(data, { 'content-encoding': 'gzip', 'content-length': '300' }))).toEqual([null, null, null]);
  });
});

describe('download abort', () => {
  it('rejects with the signal reason during a backoff, without another request', async () => {
    const controller = new AbortController();
    const s = scriptedFetch(() => {
      setTimeout(() => controller.abort(), 5);
      return status(503);
    }, whole(data));
    const started = performance.now();
    await expect(download(URL_, { fetch: s.fetch, backoffMs: 60_000, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(s.requests).toHaveLength(1);
  });

  it('does not start when already aborted', async () => {
    const s = scriptedFetch(whole(data));
    await expect(download(URL_, { fetch: s.fetch, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.requests).toHaveLength(0);
  });
});

describe('download over HTTP (local hub)', () => {
  const big = countingBytes(200_000);
  let hub: HubServer;
  beforeAll(async () => {
    hub = await startHubServer([{ id: 'org/m', sha: '0'.repeat(40), files: new Map([['model.bin', big]]) }]);
  });
  afterAll(() => hub.close());
  const fileUrl = () => `${hub.url}/org/m/resolve/main/model.bin`;
  const requests = (from: number) => hub.log.slice(from).map((l) => l.replace(/^GET \/org\/m\/resolve\/main\//, ''));

  it('resumes dropped connections with Range', async () => {
    hub.drop({ file: 'model.bin', afterBytes: 50_000, times: 2 });
    const from = hub.log.length;
    expect(await download(fileUrl(), { backoffMs: 1 })).toEqual(big);
    expect(requests(from)).toEqual(['model.bin', 'model.bin bytes=50000-', 'model.bin bytes=100000-']);
  });

  it('starts over when the server does not support Range', async () => {
    hub.setRangeSupport(false);
    try {
      hub.drop({ file: 'model.bin', afterBytes: 50_000, times: 1 });
      expect(await download(fileUrl(), { backoffMs: 1 })).toEqual(big);
    } finally {
      hub.setRangeSupport(true);
    }
  });

  it('stops a transfer when aborted mid-body', async () => {
    const controller = new AbortController();
    const from = hub.log.length;
    const p = download(fileUrl(), { signal: controller.signal, onProgress: (e) => e.loaded > 0 && controller.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests(from)).toEqual(['model.bin']);
  });
});
