// One file over HTTP with progress, retried on network failures and busy servers, resuming with a
// Range request from the bytes already received.
import { DownloadError } from './errors.ts';
import { currentContext, fetchFailureCause, fetchFailureText, type RequestingContext } from './fetch-failure.ts';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface DownloadProgress {
  file: string;
  loaded: number;
  /** Null while the size is unknown. */
  total: number | null;
  fromCache: boolean;
  done: boolean;
}

export interface DownloadOptions {
  fetch?: FetchLike;
  /** Sent with every request, e.g. a bearer token. */
  headers?: Record<string, string>;
  /** Attempts after the first, on a network failure or a retryable status. */
  retries?: number;
  /** First backoff in ms, doubled on each retry. */
  backoffMs?: number;
  /** Aborting rejects with the signal's reason, also during a backoff. */
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Name in progress reports and error messages (e.g. a repo-relative file); the URL by default. */
  file?: string;
  /** The page the request is made from, for telling a CORS refusal from an unreachable server; this one by default. */
  context?: RequestingContext;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Total size from "Content-Range: bytes a-b/total". */
function totalFromContentRange(v: string | null): number | null {
  const m = v ? /\/(\d+)\s*$/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

/** Size of a whole (200) body; a compressed body's Content-Length counts the compressed bytes, not the ones read. */
function totalFromHeaders(headers: Headers): number | null {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const len = headers.get('content-length');
  return len !== null ? Number(len) : null;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The bytes received so far. When the body's size is known they are copied into one buffer of that
 * size as they come, so that a model's weights never exist twice (chunks + their concatenation).
 */
class Received {
  private chunks: Uint8Array[] = [];
  private whole: Uint8Array | null = null;
  length = 0;
  /** Allocates the whole body's buffer, before the first byte. */
  expect(total: number | null): void {
    if (total !== null && total > 0 && this.length === 0) this.whole = new Uint8Array(total);
  }
  push(c: Uint8Array): void {
    if (this.whole && this.length + c.length <= this.whole.length) {
      this.whole.set(c, this.length);
      this.length += c.length;
      return;
    }
    // More than announced (a compressed transfer's length, say): chunks from here.
    if (this.whole) this.chunks = [this.whole.subarray(0, this.length)];
    this.whole = null;
    this.chunks.push(c);
    this.length += c.length;
  }
  clear(): void {
    this.chunks = [];
    this.whole = null;
    this.length = 0;
  }
  bytes(): Uint8Array {
    if (this.whole) return this.length === this.whole.length ? this.whole : this.whole.slice(0, this.length);
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

/** The whole body of `url`; a DownloadError when it cannot be had (see its kind). */
export async function download(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const { signal } = options;
  const doFetch: FetchLike = options.fetch ?? ((u, i) => fetch(u, i));
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 300;
  const file = options.file ?? url;
  const received = new Received();
  let total: number | null = null;
  let lastFailure = '';
  let lastStatus: number | null = null;
  let attempts = 0;
  let complete = false;
  let failureCause: Awaited<ReturnType<typeof fetchFailureCause>> | null = null;
  const context = options.context ?? currentContext();
  const report = (done: boolean) => options.onProgress?.({ file, loaded: received.length, total, fromCache: false, done });

  while (!complete && attempts <= retries) {
    signal?.throwIfAborted();
    if (attempts > 0) await sleep(backoffMs * 2 ** (attempts - 1), signal);
    attempts++;
    const headers: Record<string, string> = { ...options.headers };
    const resumeFrom = received.length;
    if (resumeFrom > 0) headers.range = `bytes=${resumeFrom}-`;
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // Asked once per download: a CORS refusal will not change on a retry, so it ends the download.
      failureCause ??= await fetchFailureCause(url, context, doFetch, signal);
      [lastFailure, lastStatus] = [fetchFailureText(failureCause, url, context, (err as Error).message), null];
      if (failureCause === 'cors') throw DownloadError.cors(url, file, attempts, lastFailure);
      continue;
    }
    if (res.status === 416 && total !== null && resumeFrom >= total) {
      await res.body?.cancel();
      complete = true; // everything had arrived before the connection dropped
      break;
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (!RETRYABLE.has(res.status)) throw DownloadError.http(url, res.status, attempts);
      [lastFailure, lastStatus] = [`HTTP ${res.status}`, res.status];
      continue;
    }
    if (res.status === 206) {
      total = totalFromContentRange(res.headers.get('content-range')) ?? total;
    } else {
      // A whole body: the first answer, or a server that ignored the Range header (start over).
      received.clear();
      total = totalFromHeaders(res.headers);
      received.expect(total);
    }
    report(false);
    lastStatus = null;
    try {
      if (!res.body) received.push(new Uint8Array(await res.arrayBuffer()));
      else {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received.push(value);
          report(false);
        }
      }
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      lastFailure = `connection lost after ${received.length} bytes: ${(err as Error).message}`;
      continue;
    }
    if (total !== null && received.length < total) {
      lastFailure = `connection closed after ${received.length} of ${total} bytes`;
      continue;
    }
    complete = true;
  }
  if (!complete) throw DownloadError.gaveUp(url, file, attempts, lastFailure, lastStatus);
  report(true);
  return received.bytes();
}
