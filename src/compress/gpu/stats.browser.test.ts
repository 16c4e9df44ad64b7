import { describe, expect, it } from 'vitest';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { activations } from '../../../test/random.ts';
import { acquireGpu } from '../../gpu/index.ts';
import { wandaPrune } from '../reference/wanda.ts';
import { StatsTwin } from '../reference/stats.ts';
import { createStatsAccumulator } from '../stats.ts';
import type { LayerStats, StatName } from '../types.ts';

const names = await goldenCaseNames(readSharedBrowser);
const ALL: StatName[] = ['scalerRow', 'hessian', 'meanAbs', 'maxAbs'];

/** max |a - b| / max |b|: relative to the array's scale, as off-diagonal Hessian entries can be ~0. */
function relDiff(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-30);
}

/** Largest elementwise relative difference (for statistics that are positive per channel). */
function maxElementRel(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-30));
  return worst;
}

// Float32 sums on the GPU against float64 in the twin: per-channel sums of tokens/64 + 64 terms
// (blocked) and the matmul's fp32 accumulation over each batch; with <= 1000 tokens both stay
// within a few 1e-7 relative, so 5e-6 leaves margin without hiding a wrong normalisation (>= 1e-3).
const TOL = 5e-6;

function expectClose(got: LayerStats, want: LayerStats): void {
  expect(got.nsamples).toBe(want.nsamples);
  expect(got.tokens).toBe(want.tokens);
  expect(maxElementRel(got.scalerRow!, want.scalerRow!)).toBeLessThan(TOL);
  expect(maxElementRel(got.meanAbs!, want.meanAbs!)).toBeLessThan(TOL);
  expect(got.maxAbs).toEqual(want.maxAbs); // a max is exact
  expect(relDiff(got.hessian!, want.hessian!)).toBeLessThan(TOL);
}

describe('stats accumulator on WebGPU vs twin', () => {
  for (const [cols, batches, tokensPer] of [[1, 1, 1], [13, 3, 7], [300, 2, 100], [256, 4, 64]] as const) {
    it(`${cols} inputs, ${batches} batches of ${tokensPer} tokens`, async () => {
      const acc = await createStatsAccumulator('webgpu', cols, ALL);
      const twin = new StatsTwin(cols, ALL);
      for (let b = 0; b < batches; b++) {
        const x = activations(tokensPer, cols, cols * 100 + b);
        acc.add(x, 1);
        twin.add(x, 1);
      }
      expectClose(await acc.finish(), twin.finish());
    });
  }

  it('splits a large batch into uploads under a small binding limit', async () => {
    const cols = 72;
    const x = activations(1000, cols, 4);
    const acc = await createStatsAccumulator('webgpu', cols, [...ALL, 'activations'], { maxBindingBytes: 72 * 72 * 4 });
    acc.add(x, 5);
    const got = await acc.finish();
    const twin = new StatsTwin(cols, ALL);
    twin.add(x, 5);
    expectClose(got, twin.finish());
    expect(got.activations).toEqual(x);
  });

  it('collects only what is asked for', async () => {
    const acc = await createStatsAccumulator('webgpu', 8, ['maxAbs']);
    acc.add(new Float32Array(16).fill(-2), 1);
    const got = await acc.finish();
    expect(Array.from(got.maxAbs!)).toEqual(new Array(8).fill(2));
    expect(got.hessian).toBeUndefined();
    expect(got.scalerRow).toBeUndefined();
  });

  it('moderate size: 2048 tokens x 1024 inputs', async () => {
    const gpu = await acquireGpu();
    const cols = 1024;
    const acc = await createStatsAccumulator('webgpu', cols, ['scalerRow', 'meanAbs', 'maxAbs'], { gpu });
    const twin = new StatsTwin(cols, ['scalerRow', 'meanAbs', 'maxAbs']);
    for (let b = 0; b < 4; b++) {
      const x = activations(512, cols, 70 + b);
      acc.add(x, 2);
      twin.add(x, 2);
    }
    const got = await acc.finish();
    const want = twin.finish();
    expect(maxElementRel(got.scalerRow!, want.scalerRow!)).toBeLessThan(TOL);
    expect(maxElementRel(got.meanAbs!, want.meanAbs!)).toBeLessThan(TOL);
    expect(got.maxAbs).toEqual(want.maxAbs);
  });
});

describe.skipIf(!names)(`stats accumulator on WebGPU vs golden accumulators${names ? '' : ` (${SHARED_MISSING})`}`, () => {
  for (const set of ['o256_i512_seed1234', 'o384_i256_seed5678']) {
    it(set, async () => {
      const read = async (f: string) => new Float32Array((await readSharedBrowser(`golden/inputs/${set}/${f}`))!.slice().buffer);
      const x = await read('X.f32');
      const cols = set.startsWith('o256') ? 512 : 256;
      const acc = await createStatsAccumulator('webgpu', cols, ALL);
      // One sequence of 64 tokens per call, as the reference's forward hooks see them.
      for (let j = 0; j < 8; j++) acc.add(x.subarray(j * 64 * cols, (j + 1) * 64 * cols), 1);
      const got = await acc.finish();
      // The reference rescales running float32 sums per sequence; ~1e-6 relative from ours.
      expect(maxElementRel(got.scalerRow!, await read('scaler_row.f32'))).toBeLessThan(TOL);
      expect(relDiff(got.hessian!, await read('H.f32'))).toBeLessThan(TOL);
      // End to end: GPU statistics give exactly the golden wanda mask (row-cut gaps >= 1.8e-5).
      const g = await loadGoldenCase(readSharedBrowser, `wanda_s050__${set.replace(/_seed\d+$/, '')}`);
      const { mask } = wandaPrune({ data: g.W, rows: g.rows, cols: g.cols }, got.scalerRow!, 0.5);
      let differing = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i] !== g.arrays.mask[i]) differing++;
      expect(differing).toBe(0);
    });
  }
});
