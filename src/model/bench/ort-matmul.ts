// A peer row for the kernel benchmark (src/compress/bench/suite.ts): ONNX Runtime Web's own
// WebGPU MatMul on each weight shape, as a linear layer runs it, Y[tokens, out] = X[tokens, in] @ W^T,
// with W an initializer on the GPU. It lives here, not in compress/, because compress/ does not
// load a model runtime; the runner page and the playground worker hand it to the suite.
import type * as Ort from 'onnxruntime-web';
import { ORT_PEER_KERNEL } from '../../compress/bench/kernels.ts';
import type { BenchCase } from '../../compress/bench/suite.ts';
import { timeWall } from '../../compress/bench/timing.ts';
import { configureWasmEnv } from '../evaluate/ort-assets.ts';
import { encodeModel } from '../onnx/encode.ts';
import { DataType, type OnnxModel } from '../onnx/types.ts';

const ORT_MATMUL_KERNEL = ORT_PEER_KERNEL.kernel;

const matmulWork: BenchCase['work'] = (s, tokens) => 2 * tokens * s.rows * s.cols;

/** One MatMul node: x [tokens, cols] @ w_t [cols, rows] -> y [tokens, rows], w_t = W^T as an initializer. */
export function linearMatmulModel(weight: Float32Array, rows: number, cols: number, tokens: number): Uint8Array {
  if (weight.length !== rows * cols) throw new RangeError(`a ${rows}x${cols} weight needs ${rows * cols} values, got ${weight.length}`);
  const transposed = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) transposed[c * rows + r] = weight[r * cols + c];
  const floatInfo = (name: string, dims: number[]) => ({
    name,
    tensorType: { elemType: DataType.FLOAT, shape: dims.map((value) => ({ value })) },
    extra: [],
  });
  const model: OnnxModel = {
    irVersion: 8,
    producerName: 'kick-lab bench',
    graph: {
      name: 'linear',
      nodes: [{ opType: 'MatMul', name: 'matmul', inputs: ['x', 'w_t'], outputs: ['y'], attributes: [], extra: [] }],
      initializers: [{ name: 'w_t', dims: [cols, rows], dataType: DataType.FLOAT, rawData: new Uint8Array(transposed.buffer), extra: [] }],
      inputs: [floatInfo('x', [tokens, cols])],
      outputs: [floatInfo('y', [tokens, rows])],
      valueInfo: [],
      extra: [],
    },
    opsetImport: [{ domain: '', version: 17, extra: [] }],
    extra: [],
  };
  return encodeModel(model);
}

/**
 * The peer case: a session on ORT's WebGPU execution provider per shape, timed from the input on
 * the CPU to the output back on the CPU (the launcher scope of the lab's own rows). The session's
 * creation and first run (shader compilation) are not timed.
 */
export function ortMatmulCase(ort: typeof Ort): BenchCase {
  return {
    kernel: ORT_MATMUL_KERNEL,
    bound: 'compute',
    scope: 'launcher',
    work: matmulWork,
    time: async (_gpu, s, data, counts) => {
      const bytes = linearMatmulModel(data.weight, s.rows, s.cols, data.tokens);
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] });
      try {
        const x = new ort.Tensor('float32', data.x.subarray(0, data.tokens * s.cols), [data.tokens, s.cols]);
        const run = async () => {
          const out = await session.run({ x });
          await out.y.getData();
        };
        return await timeWall(run, { runs: counts.runs, warmup: Math.max(1, counts.warmup) });
      } finally {
        await session.release();
      }
    },
  };
}

/**
 * The peer rows with ORT's WebGPU build loaded and pointed at the app's files. When ORT cannot be
 * loaded here, the row is still listed and fails with the reason, like any other row.
 */
export async function ortPeerCases(): Promise<BenchCase[]> {
  try {
    const ort = await import('onnxruntime-web/webgpu');
    await configureWasmEnv(ort.env.wasm);
    return [ortMatmulCase(ort)];
  } catch (error) {
    const reason = error instanceof Error ? error : new Error(String(error));
    return [{ kernel: ORT_MATMUL_KERNEL, bound: 'compute', scope: 'launcher', work: matmulWork, time: () => Promise.reject(reason) }];
  }
}
