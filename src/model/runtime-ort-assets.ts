// ONNX Runtime's wasm files come from the app itself: transformers.js would otherwise fetch them
// from a CDN, and the lab runs offline. transformers.js 4.3.2 imports `onnxruntime-web/webgpu`,
// whose wasm artefact is the asyncify build (the same pair its CDN default names).
import { env } from '@huggingface/transformers';
import ortMjsUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';

export const ORT_WASM_FILES = { mjs: ortMjsUrl, wasm: ortWasmUrl } as const;

interface WasmEnv {
  wasmPaths?: unknown;
  numThreads?: number;
}

/** Points ORT at the served files. Idempotent; a no-op outside the browser (Node uses onnxruntime-node). */
export function configureOrtAssets(): void {
  const wasm = (env.backends.onnx as { wasm?: WasmEnv } | undefined)?.wasm;
  if (!wasm || typeof window === 'undefined' && typeof self === 'undefined') return;
  const absolute = (u: string) => new URL(u, globalThis.location?.href).href;
  wasm.wasmPaths = { mjs: absolute(ORT_WASM_FILES.mjs), wasm: absolute(ORT_WASM_FILES.wasm) };
}
