import { beforeAll, describe, expect, it } from 'vitest';
import { acquireGpu, type Gpu } from '../../gpu/index.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { activations, randn } from '../../../test/random.ts';
import { layerStats } from '../reference/stats.ts';
import { wandaPrune, wandaPruneNm } from '../reference/wanda.ts';
import { CompressInputError, type WeightMatrix } from '../types.ts';
import { wandaPruneGpu, wandaPruneNmGpu } from './wanda.ts';

const names = (await goldenCaseNames(readSharedBrowser)) ?? null;

/** Entries whose bit patterns differ (vitest's deep equality is far too slow for millions of entries). */
function differing(got: Float32Array | Uint8Array, want: Float32Array | Uint8Array): number {
  const bits = (a: Float32Array | Uint8Array) => (a instanceof Float32Array ? new Uint32Array(a.buffer, a.byteOffset, a.length) : a);
  const [g, w] = [bits(got), bits(want)];
  if (g.length !== w.length) return Math.max(g.length, w.length);
  let n = 0;
  for (let i = 0; i < g.length; i++) if (g[i] !== w[i]) n++;
  return n;
}

// The metric is one float32 product of the same operands on both sides (square roots computed on
// the CPU), and the selection is exact on bit patterns: masks and outputs must agree bit for bit.
function expectSame(got: { mask: Uint8Array; weight: Float32Array }, want: { mask: Uint8Array; weight: Float32Array }): void {
  expect(differing(got.mask, want.mask)).toBe(0);
  expect(differing(got.weight, want.weight)).toBe(0);
}

function layer(rows: number, cols: number, seed: number): { w: WeightMatrix; scaler: Float32Array } {
  const w = { data: randn(rows * cols, seed, 0.02), rows, cols };
  const scaler = layerStats(activations(64, cols, seed + 1), cols, 2, ['scalerRow']).scalerRow!;
  return { w, scaler };
}

let gpu: Gpu;
beforeAll(async () => {
  gpu = await acquireGpu();
});

describe('wanda kernels vs twin', () => {
  for (const [rows, cols] of [[1, 1], [7, 13], [257, 300], [384, 256], [3, 9000]] as const) {
    it(`unstructured ${rows}x${cols}`, async () => {
      const { w, scaler } = layer(rows, cols, rows * 17 + cols);
      for (const s of [0, 0.3, 0.5, 0.9]) expectSame(await wandaPruneGpu(gpu, w, scaler, s), wandaPrune(w, scaler, s));
    });
  }

  for (const [rows, cols, n, m] of [[1, 4, 2, 4], [7, 12, 1, 3], [257, 300, 2, 4], [384, 256, 4, 8]] as const) {
    it(`${n}:${m} on ${rows}x${cols}`, async () => {
      const { w, scaler } = layer(rows, cols, rows + cols);
      expectSame(await wandaPruneNmGpu(gpu, w, scaler, { n, m }), wandaPruneNm(w, scaler, { n, m }));
    });
  }

  it('breaks ties by column, with all-equal rows and zero-norm channels', async () => {
    const rows = 20;
    const cols = 100;
    const data = Float32Array.from(randn(rows * cols, 3), (v) => Math.round(v * 2) / 2);
    data.fill(0.25, 0, cols); // an all-equal row
    const scaler = Float32Array.from({ length: cols }, (_, c) => (c % 7 === 0 ? 0 : 1 + (c % 3)));
    const w = { data, rows, cols };
    for (const s of [0.1, 0.5, 0.77]) expectSame(await wandaPruneGpu(gpu, w, scaler, s), wandaPrune(w, scaler, s));
    expectSame(await wandaPruneNmGpu(gpu, w, scaler, { n: 2, m: 4 }), wandaPruneNm(w, scaler, { n: 2, m: 4 }));
  });

  it('splits into row tiles under a small binding limit', async () => {
    const { w, scaler } = layer(257, 300, 5);
    const cap = 50 * 300 * 4; // 50 rows per tile: 6 tiles
    expectSame(await wandaPruneGpu(gpu, w, scaler, 0.5, cap), wandaPrune(w, scaler, 0.5));
    expectSame(await wandaPruneNmGpu(gpu, w, scaler, { n: 2, m: 4 }, cap), wandaPruneNm(w, scaler, { n: 2, m: 4 }));
  });

  it('rejects bad parameters before touching the GPU', () => {
    const { w, scaler } = layer(4, 6, 1);
    expect(() => wandaPruneGpu(gpu, w, scaler, 1)).toThrow(CompressInputError);
    expect(() => wandaPruneGpu(gpu, w, scaler.subarray(1), 0.5)).toThrow(CompressInputError);
    expect(() => wandaPruneNmGpu(gpu, w, scaler, { n: 2, m: 4 })).toThrow(CompressInputError);
  });

  it('above 4M elements: 4100x1024 unstructured and 2:4', async () => {
    const { w, scaler } = layer(4100, 1024, 8);
    expectSame(await wandaPruneGpu(gpu, w, scaler, 0.5), wandaPrune(w, scaler, 0.5));
    expectSame(await wandaPruneNmGpu(gpu, w, scaler, { n: 2, m: 4 }), wandaPruneNm(w, scaler, { n: 2, m: 4 }));
  });
});

describe.skipIf(!names)(`wanda kernels vs golden${names ? '' : ` (${SHARED_MISSING})`}`, () => {
  for (const name of (names ?? []).filter((n) => n.startsWith('wanda_'))) {
    it(name, async () => {
      const g = await loadGoldenCase(readSharedBrowser, name);
      const w = { data: g.W, rows: g.rows, cols: g.cols };
      const { prune_n: n, prune_m: m, sparsity } = g.meta.params as { prune_n: number; prune_m: number; sparsity: number };
      const inputs = (g.meta as unknown as { inputs: string }).inputs;
      const bytes = await readSharedBrowser(`golden/${inputs}/scaler_row.f32`);
      const scaler = new Float32Array(bytes!.slice().buffer);
      const got = n > 0 ? await wandaPruneNmGpu(gpu, w, scaler, { n, m }) : await wandaPruneGpu(gpu, w, scaler, sparsity);
      expectSame(got, { mask: g.arrays.mask as Uint8Array, weight: g.arrays.out as Float32Array });
    });
  }
});
