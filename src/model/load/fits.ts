// Whether a model can run here, asked before the long steps rather than discovered by a crash in
// the middle of them: ONNX Runtime's wasm backend addresses 4 GiB, a WebGPU device refuses a
// buffer over its maxBufferSize, and a run holds two copies of the weights besides the session.
import type { RuntimeDevice } from '../evaluate/execution-device.ts';
import type { WeightIndex } from '../weights/index-weights.ts';

/** ORT's wasm32 heap; the weights and the activations of a forward pass must share it. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;
/** What the wasm heap can give the weights, leaving room for activations and the KV cache. */
export const WASM_WEIGHT_BUDGET = Math.floor(WASM_HEAP_BYTES * 0.85);

export interface FitQuestion {
  model: string;
  /** Bytes of the weights as the session loads them (the external data). */
  weightBytes: number;
  index: Pick<WeightIndex, 'linears' | 'lmHead' | 'embeddings'>;
  /** Bytes per element of the stored weights. */
  elementBytes: number;
  device: RuntimeDevice;
  /** The WebGPU adapter's maxBufferSize, when evaluation runs on WebGPU. */
  gpuMaxBufferSize?: number;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** The largest single weight tensor, in bytes. */
export function largestTensorBytes(q: Pick<FitQuestion, 'index' | 'elementBytes'>): number {
  let largest = 0;
  for (const l of [...q.index.linears, ...(q.index.lmHead ? [q.index.lmHead] : [])]) largest = Math.max(largest, l.outFeatures * l.inFeatures);
  for (const e of q.index.embeddings) largest = Math.max(largest, e.dims.reduce((a, b) => a * b, 1));
  return largest * q.elementBytes;
}

/** Why the model cannot be evaluated on the chosen device, with what to do; null when it fits. */
export function fitProblem(q: FitQuestion): string | null {
  if (q.device === 'wasm' && q.weightBytes > WASM_WEIGHT_BUDGET) {
    return `${q.model} has ${gib(q.weightBytes)} of weights, more than ONNX Runtime's wasm backend can hold (${gib(WASM_WEIGHT_BUDGET)} of its 4 GiB): choose the WebGPU device on a machine with a GPU, or a smaller model`;
  }
  if (q.device === 'webgpu' && q.gpuMaxBufferSize !== undefined) {
    const largest = largestTensorBytes(q);
    if (largest > q.gpuMaxBufferSize) {
      return `${q.model} has a weight tensor of ${gib(largest)}, larger than this GPU's largest buffer (${gib(q.gpuMaxBufferSize)}): choose the wasm device or a smaller model`;
    }
  }
  return null;
}

/** A failed allocation, said as what it is and what to do; other errors are returned unchanged. */
export function explainAllocationFailure(error: unknown, model: string, weightBytes: number): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof RangeError) && !/allocation failed|out of memory|Array buffer allocation/i.test(message)) return error;
  return new Error(
    `the browser ran out of memory for ${model}: a run holds the dense weights, a compressed copy and the session (about ${gib(3 * weightBytes)}); close other tabs, or choose a smaller model (${message})`,
  );
}
