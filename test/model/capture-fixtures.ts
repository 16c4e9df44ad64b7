// Shared setup of the calibration and compression tests: a tiny random model in its patchable
// form, ONNX Runtime (onnxruntime-web, wasm EP: the same package in Node and in Chromium), and
// the logits of a weight copy.
import * as ort from 'onnxruntime-web';
import { buildTinyModelWithWeights, type LayoutName, type TinyModelOptions } from '../models/tiny-models.ts';
import { windowFeeds, type OrtRuntime } from '../../src/model/calibrate/capture-session.ts';
import { makePatchable, type PatchableModel } from '../../src/model/weights/patchable.ts';

export interface TinyFixture {
  patchable: PatchableModel;
  files: Map<string, Uint8Array>;
  /** [out, in] weights as drawn, by module path. */
  weights: Map<string, Float32Array>;
}

export function tinyFixture(layout: LayoutName = 'llama', options: TinyModelOptions = {}): TinyFixture {
  const built = buildTinyModelWithWeights(layout, { seed: 7, ...options });
  return { patchable: makePatchable(built.files), files: built.files, weights: built.weights };
}

/** onnxruntime-web on one thread (no worker threads in tests). */
export function wasmRuntime(): OrtRuntime {
  ort.env.wasm.numThreads = 1;
  return ort;
}

/** Token windows drawn from a seeded stream of ids in [lo, hi). */
export function randomWindows(count: number, length: number, seed: number, lo = 3, hi = 250): number[][] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  return Array.from({ length: count }, () => Array.from({ length }, () => lo + Math.floor(next() * (hi - lo))));
}

/** Logits [tokens, vocab] of the patchable model run with `weights` as its external data. */
export async function logitsWith(patchable: PatchableModel, weights: Uint8Array, ids: readonly number[]): Promise<Float32Array> {
  const runtime = wasmRuntime();
  const session = await runtime.InferenceSession.create(patchable.modelBytes, { executionProviders: ['wasm'], externalData: patchable.externalData(weights) });
  try {
    const out = await session.run(windowFeeds(runtime, patchable.model.graph.inputs, ids), ['logits']);
    return Float32Array.from(out.logits.data as Float32Array);
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
