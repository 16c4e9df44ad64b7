import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web/webgpu';
import { randn } from '../../../test/random.ts';
import { acquireGpu } from '../../gpu/index.ts';
import { ortWasmFiles } from '../evaluate/ort-assets.ts';
import { linearMatmulModel, ortPeerCases } from './ort-matmul.ts';

describe("ORT's WebGPU MatMul peer row", () => {
  it('computes X @ W^T for a [rows, cols] weight', async () => {
    ort.env.wasm.wasmPaths = await ortWasmFiles();
    const [rows, cols, tokens] = [5, 7, 3];
    const w = randn(rows * cols, 1);
    const x = randn(tokens * cols, 2);
    const session = await ort.InferenceSession.create(linearMatmulModel(w, rows, cols, tokens), { executionProviders: ['webgpu'] });
    try {
      const out = await session.run({ x: new ort.Tensor('float32', x, [tokens, cols]) });
      expect(out.y.dims).toEqual([tokens, rows]);
      const y = (await out.y.getData()) as Float32Array;
      for (let t = 0; t < tokens; t++) {
        for (let r = 0; r < rows; r++) {
          let want = 0;
          for (let c = 0; c < cols; c++) want += x[t * cols + c] * w[r * cols + c];
          expect(y[t * rows + r]).toBeCloseTo(want, 4);
        }
      }
    } finally {
      await session.release();
    }
  });

  it('rejects a weight of the wrong size', () => {
    expect(() => linearMatmulModel(new Float32Array(6), 2, 4, 1)).toThrow('needs 8 values');
  });

  it('times a shape through the suite case', async () => {
    const [peer] = await ortPeerCases();
    const s = { rows: 6, cols: 8 };
    const data = { weight: randn(48, 3), x: randn(4 * 8, 4), tokens: 4, hessian: null };
    const gpu = await acquireGpu();
    const t = await peer.time(gpu, s, data, { runs: 2, warmup: 0 });
    expect(t.timer).toBe('wall');
    expect(t.ms).toBeGreaterThan(0);
    expect(peer.work(s, 4, gpu)).toBe(2 * 4 * 6 * 8);
  });
});
