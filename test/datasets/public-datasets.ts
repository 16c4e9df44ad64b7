// The app's built-in data sets (public/datasets) read from disk in Node, behind a fetch that serves
// them the way the app's server does, or changed on purpose (a damaged file, a server that undoes
// the gzip itself).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { FetchLike } from '../../src/net/download.ts';

export const PUBLIC_DATASETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/datasets');
export const BUILTIN_BASE_URL = 'http://app.test/datasets/';

export interface ServeOptions {
  /** Stored files (as named under public/datasets) whose bytes are replaced. */
  replace?: Record<string, Uint8Array>;
  /** Serve every .gz file already decompressed, as a server sending Content-Encoding: gzip leaves it after fetch. */
  decompressed?: boolean;
  /** Every URL asked for, in order. */
  requests?: string[];
}

export function storedBytes(stored: string): Uint8Array {
  return new Uint8Array(readFileSync(join(PUBLIC_DATASETS_DIR, stored)));
}

/** The uncompressed bytes of a stored file. */
export function contentBytes(stored: string): Uint8Array {
  const bytes = storedBytes(stored);
  return stored.endsWith('.gz') ? new Uint8Array(gunzipSync(bytes)) : bytes;
}

export function publicDatasetsFetch(options: ServeOptions = {}): FetchLike {
  return async (url) => {
    options.requests?.push(url);
    if (!url.startsWith(BUILTIN_BASE_URL)) throw new TypeError(`network unreachable: ${url}`);
    const rel = url.slice(BUILTIN_BASE_URL.length);
    const replaced = options.replace?.[rel];
    const path = join(PUBLIC_DATASETS_DIR, rel);
    if (!replaced && !existsSync(path)) return new Response('not found', { status: 404 });
    const bytes = replaced ?? (options.decompressed ? contentBytes(rel) : storedBytes(rel));
    return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(bytes.length) } });
  };
}
