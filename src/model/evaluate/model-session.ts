// A transformers.js causal LM + tokenizer built from a patchable model and one copy of its weight
// bytes (the master, or a patched copy). Nothing is fetched: config, tokenizer and the rewritten
// model.onnx are served from memory to transformers.js under a per-session id, and the weights go
// in through `session_options.externalData` with `use_external_data_format: false`.
// One session lives at a time: creating the next disposes the previous (ORT memory is not
// released otherwise, and a laptop holds one model at most).
import { AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import type { ModelGraph } from '../weights/patchable.ts';
import { configureOrtAssets, type WasmThreads } from './ort-assets.ts';
import { leftPaddingProblem } from './forward.ts';
import { sessionModelBytes } from './logits-to-keep.ts';
import { chooseDevice, type DevicePreference, type RuntimeDevice } from './execution-device.ts';

export interface SessionOptions {
  /** Repo-relative files (config.json, tokenizer.json, tokenizer_config.json, generation_config.json...). */
  files: ReadonlyMap<string, Uint8Array>;
  /** 'auto': WebGPU on a hardware adapter, wasm otherwise (execution-device.ts). */
  device: DevicePreference;
  /** The ONNX file the patchable model was made from (its folder names the subfolder). */
  onnxFile?: string;
}

export interface ModelSession {
  model: PreTrainedModel;
  tokenizer: PreTrainedTokenizer;
  config: Record<string, unknown>;
  /** The execution provider the session was created on, and why (for the run record). */
  device: RuntimeDevice;
  deviceReason: string;
  /** Threads of ORT's wasm EP in this page or worker, and why; null in Node (onnxruntime-node). */
  wasmThreads: WasmThreads | null;
  /** Memory id under which transformers.js saw the files. */
  id: string;
  /** Bytes of the weights the session was made from. */
  weightBytes: number;
  /** Why rows of different lengths cannot share a pass (batches then hold one example), or null. */
  leftPaddingProblem: string | null;
  disposed: boolean;
  dispose(): Promise<void>;
}

const MEMORY_PREFIX = 'kick-session-';
let nextId = 0;
let current: ModelSession | null = null;
/** Loads are serialised: the environment is switched to memory files only for their duration. */
let loading: Promise<unknown> = Promise.resolve();

interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/** The repo file a transformers.js cache key or local path names, when it is one of ours. */
function fileOf(key: string, id: string): string | null {
  const at = key.indexOf(`${id}/`);
  if (at < 0) return null;
  return key
    .slice(at + id.length + 1)
    .replace(/^resolve\/[^/]+\//, '')
    .replace(/^\/+/, '');
}

function responseOf(bytes: Uint8Array): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(bytes.byteLength) } });
}

/**
 * Runs `load` with transformers.js reading `id`'s files from `files` and nothing else: the custom
 * cache answers what we hold; anything else under our id is a 404 (optional files then count as
 * absent), and no request leaves the page.
 */
async function withMemoryFiles<T>(id: string, files: ReadonlyMap<string, Uint8Array>, load: () => Promise<T>): Promise<T> {
  const saved = {
    useCustomCache: env.useCustomCache,
    customCache: env.customCache,
    allowLocalModels: env.allowLocalModels,
    allowRemoteModels: env.allowRemoteModels,
    fetch: env.fetch,
  };
  const cache: CacheLike = {
    async match(key) {
      const file = fileOf(String(key), id);
      const bytes = file === null ? undefined : files.get(file);
      return bytes ? responseOf(bytes) : undefined;
    },
    async put() {
      // nothing to keep: the bytes are already in memory
    },
  };
  const previousFetch = saved.fetch;
  env.useCustomCache = true;
  env.customCache = cache as unknown as typeof env.customCache;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.fetch = async (input: string | URL, init?: unknown) => {
    const file = fileOf(String(input), id);
    if (file === null) return previousFetch(input, init);
    const bytes = files.get(file);
    return bytes ? responseOf(bytes) : new Response(null, { status: 404 });
  };
  try {
    return await load();
  } finally {
    Object.assign(env, saved);
  }
}

const inNode = typeof window === 'undefined' && typeof self === 'undefined' && typeof process !== 'undefined' && Boolean(process.versions?.node);

/** In Node, transformers.js runs onnxruntime-node, whose CPU EP stands in for the wasm EP. */
function transformersDevice(device: RuntimeDevice): 'wasm' | 'webgpu' | 'cpu' {
  return inNode && device === 'wasm' ? 'cpu' : device;
}

function parseJson(files: ReadonlyMap<string, Uint8Array>, name: string): Record<string, unknown> {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`${name} is missing from the model files`);
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/**
 * Creates the session for `weights` (patchable.master or a WeightStore's patched copy). The bytes
 * are handed to ORT as they are: do not write to them while the session is alive on wasm.
 */
export async function createModelSession(patchable: ModelGraph, weights: Uint8Array, options: SessionOptions): Promise<ModelSession> {
  const run = loading.then(() => create(patchable, weights, options));
  loading = run.catch(() => undefined);
  return run;
}

async function create(patchable: ModelGraph, weights: Uint8Array, options: SessionOptions): Promise<ModelSession> {
  if (current && !current.disposed) await current.dispose();
  const wasmThreads = await configureOrtAssets();
  const choice = await chooseDevice(options.device);
  const onnxFile = options.onnxFile ?? 'onnx/model.onnx';
  const slash = onnxFile.lastIndexOf('/');
  const subfolder = slash > 0 ? onnxFile.slice(0, slash) : '';
  const fileName = onnxFile.slice(slash + 1).replace(/\.onnx$/, '');
  // transformers.js names the file `${model_file_name}${dtype suffix}.onnx`; fp32 has no suffix.
  // The graph gains num_logits_to_keep (logits-to-keep.ts); its weights are the patchable's.
  const served = new Map(options.files);
  served.set(onnxFile, sessionModelBytes(patchable));
  const config = parseJson(served, 'config.json');
  const id = `${MEMORY_PREFIX}${nextId++}`;
  const { model, tokenizer } = await withMemoryFiles(id, served, async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(id);
    const model = await AutoModelForCausalLM.from_pretrained(id, {
      device: transformersDevice(choice.device),
      dtype: 'fp32',
      subfolder,
      model_file_name: fileName,
      use_external_data_format: false,
      session_options: { externalData: patchable.externalData(weights) },
    });
    return { model, tokenizer };
  });
  const session: ModelSession = {
    model,
    tokenizer,
    config,
    device: choice.device,
    deviceReason: choice.reason,
    wasmThreads,
    id,
    weightBytes: weights.byteLength,
    leftPaddingProblem: leftPaddingProblem(patchable.model.graph),
    disposed: false,
    async dispose() {
      if (session.disposed) return;
      session.disposed = true;
      if (current === session) current = null;
      await model.dispose();
    },
  };
  current = session;
  return session;
}
