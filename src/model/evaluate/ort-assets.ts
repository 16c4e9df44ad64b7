// ONNX Runtime's wasm files come from the app itself: transformers.js would otherwise fetch them
// from a CDN, and the lab runs offline. transformers.js 4.3.2 imports `onnxruntime-web/webgpu`,
// whose wasm artefact is the asyncify build (the same pair its CDN default names). Vite serves
// (dev) or emits (build) the two files through `?url` imports.
//
// The wasm EP's thread count is fixed when ORT first initialises (the first session of the page
// or worker, evaluation or calibration alike), so it is set here, before any session.
import { env } from '@huggingface/transformers';

/** The part of `ort.env.wasm` set here (transformers.js's env.backends.onnx.wasm is the same object). */
export interface WasmEnv {
  wasmPaths?: unknown;
  numThreads?: number;
}

export interface WasmThreads {
  threads: number;
  reason: string;
}

/**
 * Past 8 threads a browser tab's wasm matrix products gain little (memory bandwidth, and the
 * page's own threads), and each pthread worker holds its own stack.
 */
export const MAX_WASM_THREADS = 8;

const inBrowser = typeof window !== 'undefined' || typeof self !== 'undefined';

/**
 * Threads for the wasm EP where the page is cross-origin isolated (threads need
 * SharedArrayBuffer): half the logical cores, at least one, at most MAX_WASM_THREADS; else one.
 * Half, because logical cores are mostly hyperthread pairs, which share the SIMD units ORT's
 * matrix products keep busy, and because ORT's pool waits for every thread at each of a pass's
 * hundreds of operators: a thread the OS has given to another tab or process stalls them all. On
 * a 2-core machine shared with other work, 2 threads ran kick-tiny's KICK tasks at half the speed
 * of 1 (tools/bench/eval.ts --threads). ORT's own default is the same half, capped at 4.
 */
export function wasmThreadCount(crossOriginIsolated: boolean, cores: number | undefined): WasmThreads {
  if (!crossOriginIsolated) return { threads: 1, reason: 'one thread: the page is not cross-origin isolated (no SharedArrayBuffer)' };
  const n = Number.isInteger(cores) && (cores as number) > 0 ? (cores as number) : 1;
  const threads = Math.min(Math.ceil(n / 2), MAX_WASM_THREADS);
  return { threads, reason: `${threads} thread${threads === 1 ? '' : 's'}: half of ${n} logical core${n === 1 ? '' : 's'}${Math.ceil(n / 2) > MAX_WASM_THREADS ? `, capped at ${MAX_WASM_THREADS}` : ''}` };
}

/** The thread count this page or worker gets. */
export function pageWasmThreads(): WasmThreads {
  const isolated = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated);
  return wasmThreadCount(isolated, globalThis.navigator?.hardwareConcurrency);
}

/** URLs of ORT's wasm pair as the app serves them (browser only: Node runs onnxruntime-node). */
export async function ortWasmFiles(): Promise<{ mjs: string; wasm: string }> {
  // Imported lazily so that Node tools run without Vite never load a `?url` module.
  const [mjs, wasm] = await Promise.all([
    import('../../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs?url'),
    import('../../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url'),
  ]);
  const absolute = (u: string) => new URL(u, globalThis.location?.href).href;
  return { mjs: absolute(mjs.default), wasm: absolute(wasm.default) };
}

/**
 * Points an ORT wasm env at the served files and sets its thread count, unless ORT already set one
 * (it initialised; a later value would not take effect anyway). Returns the threads ORT runs on.
 */
export async function configureWasmEnv(wasm: WasmEnv): Promise<WasmThreads> {
  wasm.wasmPaths = await ortWasmFiles();
  if (typeof wasm.numThreads === 'number' && wasm.numThreads > 0) return { threads: wasm.numThreads, reason: `${wasm.numThreads} thread${wasm.numThreads === 1 ? '' : 's'}, as set before` };
  const choice = pageWasmThreads();
  wasm.numThreads = choice.threads;
  return choice;
}

/** transformers.js's ORT env, configured; null outside the browser (Node runs onnxruntime-node). */
export async function configureOrtAssets(): Promise<WasmThreads | null> {
  const wasm = (env.backends.onnx as { wasm?: WasmEnv } | undefined)?.wasm;
  if (!wasm || !inBrowser) return null;
  return configureWasmEnv(wasm);
}
