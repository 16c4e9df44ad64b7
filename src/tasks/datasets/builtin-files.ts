// The LLM-KICK data sets the app serves itself (public/datasets/, written by
// tools/datasets/copy-datasets.ts): a manifest names each file, where it is stored (large files
// gzipped) and the SHA-256 of its text, which every read checks.
import { z } from 'zod';
import { download, type FetchLike } from '../../net/download.ts';
import { DownloadError } from '../../net/errors.ts';
import { DatasetLoadError } from './errors.ts';
import { sha256Hex } from './file-hash.ts';

export const BUILTIN_MANIFEST_ID = 'kick-lab/built-in-datasets';

export const builtinManifestSchema = z.object({
  schema: z.literal(BUILTIN_MANIFEST_ID),
  version: z.literal(1),
  files: z.array(
    z.object({
      /** The fixture path the loaders ask for, e.g. "mmlu/test.jsonl". */
      path: z.string().min(1),
      /** The file under public/datasets/: the same path, or it with ".gz" when gzipped. */
      stored: z.string().min(1),
      /** SHA-256 (hex) of the file's text, uncompressed: the same as the file in ../shared/datasets. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().nonnegative(),
      storedBytes: z.number().int().nonnegative(),
    }),
  ),
});
export type BuiltinManifest = z.infer<typeof builtinManifestSchema>;

/** How to get a damaged or missing built-in copy back, said wherever one fails to load. */
const RESTORE_HINT = 'restore public/datasets from the repository (git checkout -- public/datasets) or rebuild it with `npx tsx tools/datasets/copy-datasets.ts`';

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Gunzips with the platform's DecompressionStream (browsers and Node alike). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function get(dataset: string, url: string, fetchFn: FetchLike | undefined): Promise<Uint8Array> {
  try {
    return await download(url, { fetch: fetchFn, retries: 1, backoffMs: 100 });
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    const why = err.status !== null ? `GET ${url} answered HTTP ${err.status}` : err.message;
    throw new DatasetLoadError(dataset, `the built-in copy could not be read (${why}); ${RESTORE_HINT}`);
  }
}

/** Reads files of the built-in copy at `baseUrl`; the manifest is read once per reader. */
export class BuiltinDatasetReader {
  private manifest: Promise<BuiltinManifest> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn?: FetchLike,
  ) {}

  /** Whether this reader fetches through `fetchFn` (a reader is kept per source and fetch). */
  fetchesWith(fetchFn: FetchLike | undefined): boolean {
    return this.fetchFn === fetchFn;
  }

  private url(rel: string): string {
    return `${this.baseUrl.replace(/\/+$/, '')}/${rel}`;
  }

  private readManifest(dataset: string): Promise<BuiltinManifest> {
    this.manifest ??= (async () => {
      const bytes = await get(dataset, this.url('manifest.json'), this.fetchFn);
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        // A dev server answers a missing file with the app's page.
        throw new DatasetLoadError(dataset, `${this.url('manifest.json')} is not the built-in data sets' manifest; ${RESTORE_HINT}`);
      }
      const parsed = builtinManifestSchema.safeParse(json);
      if (!parsed.success) throw new DatasetLoadError(dataset, `${this.url('manifest.json')} is not the built-in data sets' manifest; ${RESTORE_HINT}`);
      return parsed.data;
    })();
    // A failed read is not kept, so that a later load tries again.
    this.manifest.catch(() => (this.manifest = null));
    return this.manifest;
  }

  /** The text of fixture file `rel` and its SHA-256, checked against the manifest. */
  async read(dataset: string, rel: string): Promise<{ text: string; sha256: string }> {
    const manifest = await this.readManifest(dataset);
    const entry = manifest.files.find((f) => f.path === rel);
    if (!entry) throw new DatasetLoadError(dataset, `${rel} is not among the built-in data sets; ${RESTORE_HINT}`);
    const stored = await get(dataset, this.url(entry.stored), this.fetchFn);
    // A server may have already undone the gzip (Content-Encoding); the bytes say which it is.
    let bytes: Uint8Array;
    try {
      bytes = isGzip(stored) ? await gunzip(stored) : stored;
    } catch {
      throw new DatasetLoadError(dataset, `the built-in ${entry.stored} does not decompress; ${RESTORE_HINT}`);
    }
    const sha256 = await sha256Hex(bytes);
    if (sha256 !== entry.sha256) throw new DatasetLoadError(dataset, `the built-in ${rel} does not match its SHA-256 in the manifest (got ${sha256.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…); ${RESTORE_HINT}`);
    return { text: new TextDecoder().decode(bytes), sha256 };
  }
}
