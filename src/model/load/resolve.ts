// Resolves a model to its files, from the Hugging Face hub (id + revision) or from a base URL
// (the built-in kick-tiny under public/models/), with the same code: only the URL of a file and
// the way the file list is found differ. Files come from the cache when they are there.
import { cachedDownload } from '../../net/cached-download.ts';
import { download, type DownloadProgress, type FetchLike } from '../../net/download.ts';
import { DownloadError } from '../../net/errors.ts';
import { defaultFileCache, type FileCache } from '../../net/file-cache.ts';
import { HttpStatusError, ModelResolveError } from './errors.ts';
import { isSupportedModelType, SUPPORTED_MODEL_TYPES } from './supported.ts';

export type ModelSource =
  | { kind: 'hub'; id: string; revision?: string; /** default https://huggingface.co */ host?: string; token?: string }
  | { kind: 'url'; /** folder URL in the repo layout, e.g. /models/kick-tiny/ */ baseUrl: string; name?: string };

export type SourceDtype = 'fp32' | 'fp16';

export interface ResolvedModel {
  /** Hub id or the base URL. */
  name: string;
  revision: string | null;
  /** Commit the revision pointed at (hub listing), when known. */
  sha: string | null;
  modelType: string;
  config: Record<string, unknown>;
  /** The ONNX file used: onnx/model.onnx (fp32) or onnx/model_fp16.onnx. */
  onnxFile: string;
  dtype: SourceDtype;
  /** External-data files of onnxFile (repo-relative), in chunk order; empty when weights are inline. */
  dataFiles: string[];
  /** Repo-relative path -> bytes: config, tokenizer files, generation config, ONNX and data files. */
  files: Map<string, Uint8Array>;
  totalBytes: number;
}

export interface ResolveOptions {
  fetch?: FetchLike;
  /** Absent: Cache Storage or process memory; null: no caching. */
  cache?: FileCache | null;
  onProgress?: (p: DownloadProgress) => void;
  retries?: number;
  backoffMs?: number;
  signal?: AbortSignal;
}

/** Cache Storage name of model files; kept as it is so files cached by earlier versions still hit. */
export const MODEL_CACHE_NAME = 'kick-models-v1';

const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];
const OPTIONAL_FILES = ['generation_config.json', 'special_tokens_map.json'];
/** transformers.js file suffixes of quantised exports (model_q4.onnx, model_quantized.onnx...). */
const QUANTIZED_SUFFIXES = ['q4', 'q4f16', 'q8', 'int8', 'uint8', 'quantized', 'bnb4'];
const ONNX_CANDIDATES: Array<[string, SourceDtype]> = [
  ['onnx/model.onnx', 'fp32'],
  ['onnx/model_fp16.onnx', 'fp16'],
];

interface Location {
  name: string;
  revision: string | null;
  fileUrl(file: string): string;
  /** Cache key of a file: immutable where the commit is known. */
  cacheKey(file: string): string;
  headers: Record<string, string>;
}

interface HubListing {
  sha?: string;
  siblings?: Array<{ rfilename: string }>;
}

function hubLocation(source: Extract<ModelSource, { kind: 'hub' }>, sha: string | null): Location {
  const host = (source.host ?? 'https://huggingface.co').replace(/\/+$/, '');
  const revision = source.revision ?? 'main';
  const rev = encodeURIComponent(revision);
  return {
    name: source.id,
    revision,
    fileUrl: (file) => `${host}/${source.id}/resolve/${rev}/${file}`,
    cacheKey: (file) => `${host}/${source.id}/resolve/${sha ?? rev}/${file}`,
    headers: source.token ? { authorization: `Bearer ${source.token}` } : {},
  };
}

function urlLocation(source: Extract<ModelSource, { kind: 'url' }>): Location {
  const base = source.baseUrl.endsWith('/') ? source.baseUrl : `${source.baseUrl}/`;
  return { name: source.name ?? base, revision: null, fileUrl: (f) => `${base}${f}`, cacheKey: (f) => `${base}${f}`, headers: {} };
}

function describe(loc: Location): string {
  return loc.revision ? `${loc.name} (revision ${loc.revision})` : loc.name;
}

/** A download that never completed: no answer, dropped connections or a busy server, every time. */
function networkError(err: DownloadError): ModelResolveError {
  // A CORS refusal is the server's setting: the connection is fine and a retry would not help.
  return new ModelResolveError('network', err.kind === 'cors' ? err.message : `${err.message}; check the connection and try again`);
}

async function fetchListing(source: Extract<ModelSource, { kind: 'hub' }>, opts: ResolveOptions): Promise<HubListing> {
  const host = (source.host ?? 'https://huggingface.co').replace(/\/+$/, '');
  const revision = source.revision ?? 'main';
  const url = `${host}/api/models/${source.id}/revision/${encodeURIComponent(revision)}`;
  let bytes: Uint8Array;
  try {
    bytes = await download(url, { fetch: opts.fetch, headers: source.token ? { authorization: `Bearer ${source.token}` } : {}, retries: opts.retries, backoffMs: opts.backoffMs, signal: opts.signal, file: 'file list' });
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    const { status } = err;
    if (err.kind === 'network' || status === null) throw networkError(err);
    if (status === 404) throw new ModelResolveError('unknown-model', `no model "${source.id}" at revision "${revision}" on the hub: check the id (owner/name) and the revision`);
    if (status === 401 || status === 403) {
      throw new ModelResolveError('gated', `"${source.id}" is gated or private (HTTP ${status}): accept its terms on the hub and give an access token, or choose another model`);
    }
    throw new HttpStatusError(err.url, status);
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as HubListing;
}

function quantizedOnly(files: string[]): string[] {
  const re = new RegExp(`^onnx/model_(${QUANTIZED_SUFFIXES.join('|')})\\.onnx$`);
  return files.filter((f) => re.test(f));
}

function dataFilesFor(onnxFile: string, listed: Set<string> | null, config: Record<string, unknown>): string[] | null {
  const base = onnxFile.slice('onnx/'.length);
  if (listed) {
    const out: string[] = [];
    for (let i = 0; listed.has(`${onnxFile}_data${i === 0 ? '' : `_${i}`}`); i++) out.push(`${onnxFile}_data${i === 0 ? '' : `_${i}`}`);
    return out;
  }
  // No listing (plain URL): transformers.js's own rule, from config.json.
  const jsConfig = config['transformers.js_config'] as { use_external_data_format?: unknown } | undefined;
  const ext = jsConfig?.use_external_data_format;
  let chunks: number | null = null;
  if (typeof ext === 'boolean' || typeof ext === 'number') chunks = Number(ext);
  else if (ext && typeof ext === 'object') {
    const map = ext as Record<string, unknown>;
    const v = map[base] ?? map[base.replace(/\.onnx$/, '')];
    chunks = v === undefined ? 0 : Number(v);
  }
  if (chunks === null) return null; // unknown: probe
  return Array.from({ length: chunks }, (_, i) => `${onnxFile}_data${i === 0 ? '' : `_${i}`}`);
}

export async function resolveModel(source: ModelSource, options: ResolveOptions = {}): Promise<ResolvedModel> {
  const cache = options.cache === undefined ? defaultFileCache(MODEL_CACHE_NAME) : options.cache;
  let listed: Set<string> | null = null;
  let sha: string | null = null;
  if (source.kind === 'hub') {
    const listing = await fetchListing(source, options);
    listed = new Set((listing.siblings ?? []).map((s) => s.rfilename));
    sha = typeof listing.sha === 'string' && /^[0-9a-f]{40}$/.test(listing.sha) ? listing.sha : null;
  }
  const loc = source.kind === 'hub' ? hubLocation(source, sha) : urlLocation(source);
  const files = new Map<string, Uint8Array>();

  const get = async (file: string, required: boolean): Promise<Uint8Array | null> => {
    if (listed && !listed.has(file)) {
      if (required) throw new ModelResolveError('missing-file', `${describe(loc)} has no ${file}; a transformers.js model repo needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx`);
      return null;
    }
    try {
      const bytes = await cachedDownload(loc.fileUrl(file), { cache, key: loc.cacheKey(file), fetch: options.fetch, headers: loc.headers, retries: options.retries, backoffMs: options.backoffMs, signal: options.signal, onProgress: options.onProgress, file });
      files.set(file, bytes);
      return bytes;
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      const { status } = err;
      if (err.kind === 'network' || status === null) throw networkError(err);
      if (status === 404 && !required) return null;
      if (status === 404) throw new ModelResolveError('missing-file', `${describe(loc)} has no ${file} (HTTP 404 at ${err.url})`);
      if (status === 401 || status === 403) throw new ModelResolveError('gated', `${file} of ${describe(loc)} is not accessible (HTTP ${status}): the repo is gated or private; give an access token or choose another model`);
      throw new ModelResolveError('network', `${file} of ${describe(loc)}: HTTP ${status}`);
    }
  };

  // ONNX files first from the listing: a repo without usable ONNX fails before any download.
  let onnx: [string, SourceDtype] | undefined;
  if (listed) {
    onnx = ONNX_CANDIDATES.find(([f]) => listed!.has(f));
    if (!onnx) {
      const q = quantizedOnly([...listed]);
      if (q.length > 0) {
        throw new ModelResolveError('quantized-only', `${describe(loc)} has only quantised ONNX weights (${q.join(', ')}); the lab compresses fp32 or fp16 weights (onnx/model.onnx or onnx/model_fp16.onnx): choose a repo that has them`);
      }
      throw new ModelResolveError('no-onnx', `${describe(loc)} has no ONNX export under onnx/; choose a transformers.js-ready repo (for example one from onnx-community)`);
    }
  }

  const configBytes = await get('config.json', true);
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(new TextDecoder().decode(configBytes!)) as Record<string, unknown>;
  } catch {
    throw new ModelResolveError('bad-config', `config.json of ${describe(loc)} is not valid JSON`);
  }
  const modelType = config.model_type;
  if (!isSupportedModelType(modelType)) {
    throw new ModelResolveError('unsupported-architecture', `${describe(loc)} is a "${String(modelType)}" model; the lab supports ${SUPPORTED_MODEL_TYPES.join(', ')} decoders`);
  }
  for (const f of TOKENIZER_FILES) await get(f, true);
  for (const f of OPTIONAL_FILES) await get(f, false);

  if (!onnx) {
    // No listing: take the first candidate the server has.
    for (const candidate of ONNX_CANDIDATES) {
      if (await get(candidate[0], false)) {
        onnx = candidate;
        break;
      }
    }
    if (!onnx) throw new ModelResolveError('no-onnx', `${describe(loc)} serves neither onnx/model.onnx nor onnx/model_fp16.onnx`);
  } else {
    await get(onnx[0], true);
  }
  const [onnxFile, dtype] = onnx;
  let dataFiles = dataFilesFor(onnxFile, listed, config);
  if (dataFiles === null) {
    dataFiles = (await get(`${onnxFile}_data`, false)) ? [`${onnxFile}_data`] : [];
  } else {
    for (const f of dataFiles) await get(f, true);
  }
  let totalBytes = 0;
  for (const b of files.values()) totalBytes += b.length;
  return { name: loc.name, revision: loc.revision, sha, modelType, config, onnxFile, dtype, dataFiles, files, totalBytes };
}
