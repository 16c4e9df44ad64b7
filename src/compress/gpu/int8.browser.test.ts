import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { activations, randn } from '../../../test/random.ts';
import { int8Quantize, type Int8Result } from '../reference/int8.ts';
import { int8Gpu } from './int8.ts';

function maxAbsOf(x: Float32Array, tokens: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let t = 0; t < tokens; t++) for (let c = 0; c < cols; c++) out[c] = Math.max(out[c], Math.abs(x[t * cols + c]));
  return out;
}

/**
 * Kernel vs twin. The scale (one division by 127) and the outlier copies must be exact; a code may
 * differ by one step only where w/scale is an exact .5 tie, since WGSL allows 2.5 ulp for x / y.
 */
function compare(w: Float32Array, got: Int8Result, twin: Int8Result, cols: number): number {
  expect(Array.from(got.outlierColumns)).toEqual(Array.from(twin.outlierColumns));
  expect(Array.from(got.scale)).toEqual(Array.from(twin.scale));
  let flips = 0;
  for (let i = 0; i < w.length; i++) {
    if (got.codes[i] === twin.codes[i]) {
      if (got.weight[i] !== twin.weight[i]) throw new Error(`value ${i}: gpu ${got.weight[i]} twin ${twin.weight[i]}`);
      continue;
    }
    const q = Math.fround(w[i] / twin.scale[Math.floor(i / cols)]);
    const tie = Math.abs(Math.abs(q - Math.trunc(q)) - 0.5) <= 4 * Math.abs(q) * 2 ** -23;
    if (Math.abs(got.codes[i] - twin.codes[i]) !== 1 || !tie) throw new Error(`code ${i}: gpu ${got.codes[i]} twin ${twin.codes[i]}`);
    flips++;
  }
  return flips;
}

async function check(rows: number, cols: number, seed: number, maxBindingBytes?: number): Promise<void> {
  const gpu = await acquireGpu();
  const w = { data: randn(rows * cols, seed, 0.02), rows, cols };
  const maxAbs = maxAbsOf(activations(32, cols, seed + 1, 0.03), 32, cols);
  const twin = int8Quantize(w, maxAbs, 6);
  const got = await int8Gpu(gpu, w, maxAbs, 6, maxBindingBytes);
  const flips = compare(w.data, got, twin, cols);
  if (flips > 0) console.log(`int8 ${rows}x${cols}: ${flips} tie flips`);
  expect(flips).toBeLessThanOrEqual(Math.ceil(w.data.length * 1e-4));
}

describe('int8 kernels vs twin', () => {
  it('1x1, 7x13, 257x300, 384x256', async () => {
    await check(1, 1, 1);
    await check(7, 13, 2);
    await check(257, 300, 3);
    await check(384, 256, 4);
  });

  it('all-outlier and zero rows', async () => {
    const gpu = await acquireGpu();
    const w = { data: Float32Array.from([0, 0.5, 0, 0, 1, -2, 3, 0.25]), rows: 2, cols: 4 };
    const maxAbs = Float32Array.from([1, 9, 1, 1]);
    const got = await int8Gpu(gpu, w, maxAbs, 6);
    compare(w.data, got, int8Quantize(w, maxAbs, 6), 4);
    expect(got.weight[1]).toBe(0.5);
    expect(got.scale[0]).toBe(0);
  });

  it('row bands under a small binding cap', async () => {
    await check(50, 64, 5, 64 * 4 * 9);
  });

  it('4100 x 1024 (above 4M elements)', async () => {
    await check(4100, 1024, 6);
  });
});
