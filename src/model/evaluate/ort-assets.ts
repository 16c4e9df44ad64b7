// ONNX Runtime's wasm files come from the app itself: transformers.js would otherwise fetch them
// from a CDN, and the lab runs offline. transformers.js 4.3.2 imports `onnxruntime-web/webgpu`,
// whose wasm artefact is the asyncify build (the same pair its CDN default names). Vite serves
// (dev) or emits (build) the two files through `?url` imports.
import { env } from '@huggingface/transformers';

interface WasmEnv {
  wasmPaths?: unknown;
}

const inBrowser = typeof window !== 'undefined' || typeof self !== 'undefined';

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

/** Points ORT at the served files before the first session; a no-op outside the browser. */
export async function configureOrtAssets(): Promise<void> {
  const wasm = (env.backends.onnx as { wasm?: WasmEnv } | undefined)?.wasm;
  if (!wasm || !inBrowser) return;
  wasm.wasmPaths = await ortWasmFiles();
}
