import { describe, expect, it } from 'vitest';
import { activations, randn } from '../../../test/random.ts';
import { meanAbsOverTokens } from '../reference/awq.ts';
import type { LayerStats, WeightMatrix } from '../types.ts';
import { awqMethod } from './awq.ts';
import { int8Method } from './int8.ts';
import { rtnMethod } from './rtn.ts';

const rows = 40;
const cols = 72;
const tokens = 48;
const weight: WeightMatrix = { data: randn(rows * cols, 7, 0.02), rows, cols };
const x = activations(tokens, cols, 8, 0.03);
const maxAbs = new Float32Array(cols);
for (let t = 0; t < tokens; t++) for (let c = 0; c < cols; c++) maxAbs[c] = Math.max(maxAbs[c], Math.abs(x[t * cols + c]));
const stats: LayerStats = { cols, nsamples: 1, tokens, meanAbs: meanAbsOverTokens(x, tokens, cols), maxAbs, activations: x };

function differing(a: Float32Array, b: Float32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

// The kernels are checked against their twins in src/compress/gpu; here each method's WebGPU path
// must give the CPU path's result (ties at exact .5 aside: at most 1e-3 of the weights, measured 0).
describe('rtn, awq and int8 methods: WebGPU backend vs CPU backend', () => {
  for (const [method, params] of [
    [rtnMethod, { bits: 5, group: 32, sym: true }],
    [awqMethod, { bits: 4, group: 24, clip: false }],
    [int8Method, { threshold: 6 }],
  ] as const) {
    it(method.id, async () => {
      const onCpu = await method.run(weight, stats, params, { backend: 'cpu' });
      const onGpu = await method.run(weight, stats, params, { backend: 'webgpu', maxBindingBytes: cols * 4 * 16 });
      expect(onGpu.report.backend).toBe('webgpu');
      expect(onGpu.report.bits).toBe(onCpu.report.bits);
      expect(differing(onGpu.weight, onCpu.weight)).toBeLessThanOrEqual(Math.ceil(weight.data.length * 1e-3));
      if (onCpu.packed) expect(Array.from(onGpu.packed!.scale)).toEqual(Array.from(onCpu.packed.scale));
    });
  }
});
