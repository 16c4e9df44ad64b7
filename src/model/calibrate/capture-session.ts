// Runs the calibration model on one token window at a time with ONNX Runtime and returns the
// captured activations as [tokens, cols] float32. Works with any onnxruntime-common runtime:
// onnxruntime-web (wasm EP in tests; the WebGPU EP where a real GPU exists) in the browser and in
// Node. The caller passes the runtime module: in the browser, `onnxruntime-web/webgpu`, the build
// transformers.js 4.3.2 imports (one ORT instance, one set of wasm files, see
// ort-assets.ts); in Node, `onnxruntime-web` (its Node build runs the wasm EP) or
// onnxruntime-node, which transformers.js uses there.
import type * as Ort from 'onnxruntime-web';
import type { Capture, CaptureModel } from './capture-graph.ts';
import { halfToFloat } from '../weights/fp16.ts';
import { DataType, type OnnxDim, type OnnxModel, type OnnxValueInfo } from '../onnx/types.ts';

export type OrtRuntime = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

export interface CaptureSessionOptions {
  /** Execution providers; wasm when absent. */
  executionProviders?: string[];
}

export class CaptureRunError extends Error {
  override name = 'CaptureRunError';
}

const TOKEN_INPUTS = new Set(['input_ids', 'attention_mask', 'position_ids', 'token_type_ids']);

function isPastInput(name: string): boolean {
  return name.startsWith('past_key_values') || name.startsWith('past.') || name.startsWith('past_');
}

function ortType(elemType: number, input: string): 'float32' | 'float16' {
  if (elemType === DataType.FLOAT) return 'float32';
  if (elemType === DataType.FLOAT16) return 'float16';
  throw new CaptureRunError(`input ${input} has element type ${elemType}; only float and float16 caches are supported`);
}

/**
 * An empty cache tensor for a past_key_values input: fixed dims kept, the first symbolic dim is
 * the batch (1) and every other symbolic dim the past length (0). Exports declare only batch and
 * past length symbolic (see DESIGN.md).
 */
export function emptyPastDims(shape: readonly OnnxDim[] | undefined, input: string): number[] {
  if (!shape) throw new CaptureRunError(`input ${input} has no declared shape; cannot build an empty cache for it`);
  let batchSeen = false;
  return shape.map((d) => {
    if ('value' in d && d.value !== undefined) return Number(d.value);
    if (!batchSeen) {
      batchSeen = true;
      return 1;
    }
    return 0;
  });
}

function intTensor(ort: OrtRuntime, elemType: number, values: number[]): Ort.Tensor {
  if (elemType === DataType.INT32) return new ort.Tensor('int32', Int32Array.from(values), [1, values.length]);
  return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
}

/** Feeds for one sequence with an empty past, for every input the graph declares. */
export function windowFeeds(ort: OrtRuntime, inputs: readonly OnnxValueInfo[], ids: readonly number[]): Record<string, Ort.Tensor> {
  const feeds: Record<string, Ort.Tensor> = {};
  const n = ids.length;
  for (const input of inputs) {
    const name = input.name;
    const elemType = input.tensorType?.elemType ?? DataType.INT64;
    if (name === 'input_ids') feeds[name] = intTensor(ort, elemType, [...ids]);
    else if (name === 'attention_mask') feeds[name] = intTensor(ort, elemType, new Array<number>(n).fill(1));
    else if (name === 'position_ids') feeds[name] = intTensor(ort, elemType, Array.from({ length: n }, (_, i) => i));
    else if (name === 'token_type_ids') feeds[name] = intTensor(ort, elemType, new Array<number>(n).fill(0));
    else if (name === 'use_cache_branch') feeds[name] = new ort.Tensor('bool', Uint8Array.of(0), [1]);
    else if (isPastInput(name)) {
      const type = ortType(elemType, name);
      const dims = emptyPastDims(input.tensorType?.shape, name);
      const size = dims.reduce((a, b) => a * b, 1);
      feeds[name] = type === 'float32' ? new ort.Tensor('float32', new Float32Array(size), dims) : new ort.Tensor('float16', new Uint16Array(size), dims);
    } else if (!TOKEN_INPUTS.has(name)) {
      throw new CaptureRunError(`the model has an input "${name}" that calibration does not know how to feed`);
    }
  }
  return feeds;
}

/** A captured tensor as float32 [tokens, cols] (fp16 activations widened). */
export function toRows(t: Ort.Tensor, capture: Capture): Float32Array {
  let data: Float32Array;
  if (t.type === 'float32') data = t.data as Float32Array;
  else if (t.type === 'float16') {
    const raw = t.data as ArrayLike<number>;
    // Uint16Array holds bit patterns; a native Float16Array holds values.
    data = raw instanceof Uint16Array ? Float32Array.from(raw, halfToFloat) : Float32Array.from(raw);
  } else throw new CaptureRunError(`${capture.output}: captured tensor has type ${t.type}`);
  if (data.length % capture.cols !== 0) throw new CaptureRunError(`${capture.output}: captured ${data.length} values, not whole rows of ${capture.cols}`);
  return data;
}

export interface CaptureSession {
  /** Runs one token window and returns the requested captures' activations [tokens, cols]. */
  run(ids: readonly number[], captures: readonly Capture[]): Promise<Map<string, Float32Array>>;
  release(): Promise<void>;
}

/**
 * A session on the calibration graph reading its weights from `weights` (the master copy for
 * statistics of the dense model, the patched copy for sequential calibration).
 */
export async function openCaptureSession(
  ort: OrtRuntime,
  source: OnnxModel,
  capture: CaptureModel,
  externalData: Array<{ path: string; data: Uint8Array }>,
  options: CaptureSessionOptions = {},
): Promise<CaptureSession> {
  const session = await ort.InferenceSession.create(capture.modelBytes, {
    executionProviders: options.executionProviders ?? ['wasm'],
    externalData,
  });
  return {
    async run(ids, captures) {
      if (ids.length === 0) throw new CaptureRunError('a calibration window must hold at least one token');
      const feeds = windowFeeds(ort, source.graph.inputs, ids);
      const out = await session.run(feeds, captures.map((c) => c.output));
      const rows = new Map<string, Float32Array>();
      for (const c of captures) {
        const t = out[c.output];
        if (!t) throw new CaptureRunError(`${c.output}: the session returned no such output`);
        rows.set(c.output, toRows(t, c));
      }
      return rows;
    },
    release: () => session.release(),
  };
}
