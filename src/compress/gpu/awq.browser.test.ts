import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { activations, randn } from '../../../test/random.ts';
import { awqQuantize, meanAbsOverTokens as meanAbsOf, type AwqOptions, type AwqResult } from '../reference/awq.ts';
import { awqGpu } from './awq.ts';

function maxRel(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-30));
  return m;
}

/**
 * Kernel vs twin. Both take the same host-computed candidate scales, so the ratio and s must be
 * identical. Losses differ by float32 (GPU matmul + Kahan sum) vs float64 accumulation. With the
 * same s and clipping bounds the final quantisation is elementwise: the codes must agree except
 * one-step flips at ties (WGSL division is 2.5 ulp), at most 1e-4 of the weights.
 */
function compareToTwin(got: AwqResult, twin: AwqResult, clipTolerance: number): void {
  expect(got.bestRatio).toBe(twin.bestRatio);
  expect(Array.from(got.awqScales)).toEqual(Array.from(twin.awqScales));
  expect(maxRel(got.lossHistory, twin.lossHistory)).toBeLessThan(1e-4);
  let boundsDiffer = 0;
  if (twin.clipMaxval) {
    for (let i = 0; i < twin.clipMaxval.length; i++) if (got.clipMaxval![i] !== twin.clipMaxval[i]) boundsDiffer++;
    // Clip choices are near-tied (README: 2-2.5 % flip under a float64 rerun); GPU fp32 sums may flip a few.
    expect(boundsDiffer / twin.clipMaxval.length).toBeLessThanOrEqual(clipTolerance);
  }
  if (boundsDiffer > 0) return;
  let flips = 0;
  for (let i = 0; i < got.codes.length; i++) {
    if (got.codes[i] !== twin.codes[i]) {
      expect(Math.abs(got.codes[i] - twin.codes[i])).toBe(1);
      flips++;
    } else if (got.weight[i] !== twin.weight[i] || got.wqScaled[i] !== twin.wqScaled[i]) {
      throw new Error(`value ${i}: gpu ${got.weight[i]} twin ${twin.weight[i]}`);
    }
  }
  expect(flips).toBeLessThanOrEqual(Math.ceil(got.codes.length * 1e-4));
}

describe('awq kernels vs twin', () => {
  it('odd shapes (1x1, 7x13, 57x200 with a short last group, clip on and off)', async () => {
    const gpu = await acquireGpu();
    const cases: Array<[number, number, number, AwqOptions]> = [
      [1, 1, 3, { bits: 4, group: 128, clip: true }],
      [7, 13, 20, { bits: 3, group: 8, clip: true }],
      [57, 200, 70, { bits: 4, group: 64, clip: false }],
      [57, 200, 70, { bits: 4, group: 64, clip: true }],
    ];
    for (const [rows, cols, tokens, opts] of cases) {
      const w = { data: randn(rows * cols, rows + cols, 0.02), rows, cols };
      const x = activations(tokens, cols, rows * cols);
      const meanAbs = meanAbsOf(x, tokens, cols);
      compareToTwin(await awqGpu(gpu, w, meanAbs, x, tokens, opts), awqQuantize(w, meanAbs, x, tokens, opts), 0.05);
    }
  });

  it('row bands under a small binding cap give the unbanded result', async () => {
    const gpu = await acquireGpu();
    const rows = 45;
    const cols = 64;
    const tokens = 40;
    const w = { data: randn(rows * cols, 31, 0.02), rows, cols };
    const x = activations(tokens, cols, 32);
    const meanAbs = meanAbsOf(x, tokens, cols);
    const opts = { bits: 4, group: 32, clip: true };
    // 64 columns x 4 bytes x 8 rows: six bands of 8 rows and one of 5.
    const banded = await awqGpu(gpu, w, meanAbs, x, tokens, opts, cols * 4 * 8);
    compareToTwin(banded, awqQuantize(w, meanAbs, x, tokens, opts), 0.05);
    const whole = await awqGpu(gpu, w, meanAbs, x, tokens, opts);
    expect(Array.from(banded.clipMaxval!)).toEqual(Array.from(whole.clipMaxval!));
    expect(Array.from(banded.weight)).toEqual(Array.from(whole.weight));
  });

  it('caps the search tokens with a stride, as the twin does', async () => {
    const gpu = await acquireGpu();
    const rows = 16;
    const cols = 64;
    const tokens = 300;
    const w = { data: randn(rows * cols, 3, 0.02), rows, cols };
    const x = activations(tokens, cols, 4);
    const opts = { bits: 4, group: 32, clip: false, searchTokenCap: 100 };
    const twin = awqQuantize(w, meanAbsOf(x, tokens, cols), x, tokens, opts);
    compareToTwin(await awqGpu(gpu, w, meanAbsOf(x, tokens, cols), x, tokens, opts), twin, 0);
  });

  it('the Gram form of the search loss equals the direct form, and is chosen when tokens outnumber columns', async () => {
    const gpu = await acquireGpu();
    // 300 tokens over 48 columns: 'auto' takes the Gram form; 20 tokens over 48 columns: the direct one.
    for (const [rows, cols, tokens] of [[33, 48, 300], [33, 48, 20], [5, 130, 260]] as const) {
      const w = { data: randn(rows * cols, rows * 7 + cols, 0.02), rows, cols };
      const x = activations(tokens, cols, tokens + 1);
      const meanAbs = meanAbsOf(x, tokens, cols);
      const opts = { bits: 4, group: 16, clip: false };
      const twin = awqQuantize(w, meanAbs, x, tokens, opts);
      const direct = await awqGpu(gpu, w, meanAbs, x, tokens, opts, undefined, 'direct');
      const gram = await awqGpu(gpu, w, meanAbs, x, tokens, opts, undefined, 'gram');
      compareToTwin(direct, twin, 0);
      compareToTwin(gram, twin, 0);
      expect(maxRel(gram.lossHistory, direct.lossHistory)).toBeLessThan(1e-4);
      const auto = await awqGpu(gpu, w, meanAbs, x, tokens, opts);
      expect(Array.from(auto.lossHistory)).toEqual(Array.from(tokens > cols ? gram.lossHistory : direct.lossHistory));
    }
  });
});
