// A fetch that rejects with the browser's opaque TypeError: a no-cors probe tells a CORS refusal
// (the server answered) from an unreachable server, and the message says which and what to do.
import { describe, expect, it } from 'vitest';
import { scriptedFetch } from '../../test/net/scripted-fetch.ts';
import { download } from './download.ts';
import { DownloadError } from './errors.ts';

const url = 'http://127.0.0.1:9/model/onnx/model.onnx';
const page = { origin: 'http://127.0.0.1:5173', crossOriginIsolated: false };
const opaque = () => new TypeError('Failed to fetch');
const answered = () => new Response(null, { status: 200 });

async function failure(promise: Promise<unknown>): Promise<DownloadError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DownloadError);
    return error as DownloadError;
  }
  throw new Error('the download succeeded');
}

describe('an opaque fetch failure, explained', () => {
  it('a server that answers the no-cors probe refused CORS: said so, with the header to send, and not retried', async () => {
    const s = scriptedFetch(opaque(), answered());
    const err = await failure(download(url, { fetch: s.fetch, context: page, retries: 4, backoffMs: 1, file: 'onnx/model.onnx' }));
    expect(err.kind).toBe('cors');
    expect(err.message).toBe(
      'download of onnx/model.onnx was refused by the browser: http://127.0.0.1:9 answered, but without an Access-Control-Allow-Origin header, so the browser kept the answer from the page (a CORS refusal); the server must send "Access-Control-Allow-Origin: *" (or http://127.0.0.1:5173), or serve the files from the app\'s own origin',
    );
    expect(s.requests).toHaveLength(2);
  });

  it('a server the probe cannot reach either is unreachable: retried, then a network error', async () => {
    const s = scriptedFetch(opaque(), opaque(), opaque(), opaque());
    const err = await failure(download(url, { fetch: s.fetch, context: page, retries: 2, backoffMs: 1, file: 'onnx/model.onnx' }));
    expect(err.kind).toBe('network');
    expect(err.message).toBe('download of onnx/model.onnx failed after 3 attempts (network error: Failed to fetch)');
    // Three attempts and one probe: the cause is asked once per download.
    expect(s.requests).toHaveLength(4);
  });

  it('in a cross-origin isolated page the probe proves nothing: the message names both causes and how to tell', async () => {
    const s = scriptedFetch(opaque(), opaque(), opaque());
    const err = await failure(download(url, { fetch: s.fetch, context: { ...page, crossOriginIsolated: true }, retries: 1, backoffMs: 1, file: 'onnx/model.onnx' }));
    expect(err.message).toMatch(/either http:\/\/127\.0\.0\.1:9 cannot be reached, or it answered without an Access-Control-Allow-Origin header .*; open http:\/\/127\.0\.0\.1:9\/model\/onnx\/model\.onnx in a browser tab/);
  });

  it('outside a browser, or to the same origin, no probe is made', async () => {
    for (const context of [{ origin: null, crossOriginIsolated: false }, { origin: 'http://127.0.0.1:9', crossOriginIsolated: false }]) {
      const s = scriptedFetch(opaque(), opaque());
      const err = await failure(download(url, { fetch: s.fetch, context, retries: 1, backoffMs: 1 }));
      expect(err.kind).toBe('network');
      expect(s.requests).toHaveLength(2);
    }
  });
});
