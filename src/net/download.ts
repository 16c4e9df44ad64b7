// One file over HTTP with progress, retried on network failures and server errors, resuming with
// a Range request from the bytes already received.
import { HttpStatusError, ModelResolveError } from '../model/load/errors.ts';

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
  headers?: Record<string, string>;
  /** Attempts after the first, on a network failure or a retryable status. */
  retries?: number;
  /** First backoff in ms, doubled on each retry. */
  backoffMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Progress label (repo-relative file name). */
  file?: string;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Total size from "Content-Range: bytes a-b/total". */
function totalFromContentRange(v: string | null): number | null {
  const m = v ? /\/(\d+)\s*$/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

class Received {
  private chunks: Uint8Array[] = [];
  length = 0;
  push(c: Uint8Array): void {
    this.chunks.push(c);
    this.length += c.length;
  }
  clear(): void {
    this.chunks = [];
    this.length = 0;
  }
  bytes(): Uint8Array {
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

export async function download(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const doFetch: FetchLike = options.fetch ?? ((u, i) => fetch(u, i));
  const retries = options.retries ?? 4;
  const file = options.file ?? url;
  const received = new Received();
  let total: number | null = null;
  let lastError = '';
  let complete = false;
  const report = (done: boolean) => options.onProgress?.({ file, loaded: received.length, total, fromCache: false, done });

  for (let attempt = 0; attempt <= retries; attempt++) {
    options.signal?.throwIfAborted();
    if (attempt > 0) await new Promise((r) => setTimeout(r, (options.backoffMs ?? 300) * 2 ** (attempt - 1)));
    const headers: Record<string, string> = { ...options.headers };
    const resumeFrom = received.length;
    if (resumeFrom > 0) headers.range = `bytes=${resumeFrom}-`;
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      lastError = `network error: ${(err as Error).message}`;
      continue;
    }
    if (res.status === 416 && total !== null && resumeFrom >= total) {
      complete = true; // everything had arrived
      break;
    }
    if (!res.ok) {
      await res.body?.cancel();
      if (RETRYABLE.has(res.status)) {
        lastError = `HTTP ${res.status}`;
        continue;
      }
      throw new HttpStatusError(url, res.status);
    }
    if (resumeFrom > 0 && res.status !== 206) {
      // The server ignored the Range header: start over.
      received.clear();
    }
    if (res.status === 206) total = totalFromContentRange(res.headers.get('content-range')) ?? total;
    else {
      const len = res.headers.get('content-length');
      total = len !== null ? Number(len) : null;
    }
    report(false);
    if (!res.body) {
      received.push(new Uint8Array(await res.arrayBuffer()));
    } else {
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received.push(value);
          report(false);
        }
      } catch (err) {
        if (options.signal?.aborted) throw err;
        lastError = `connection lost after ${received.length} bytes: ${(err as Error).message}`;
        continue;
      }
    }
    if (total !== null && received.length < total) {
      lastError = `connection closed after ${received.length} of ${total} bytes`;
      continue;
    }
    complete = true;
    break;
  }
  if (!complete) {
    throw new ModelResolveError('network', `download of ${file} failed after ${retries + 1} attempts (${lastError}); check the connection and try again`);
  }
  report(true);
  return received.bytes();
}
