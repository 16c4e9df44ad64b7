import { beforeAll, describe, expect, it } from 'vitest';
import { acquireGpu, type Gpu } from '../../gpu/index.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { randn } from '../../../test/random.ts';
import {
  magnitudeGlobalThreshold,
  magnitudeMask,
  magnitudePrune,
  magnitudePruneNm,
} from '../reference/magnitude.ts';
import { applyMask } from '../reference/mask.ts';
import { CompressInputError, type WeightMatrix } from '../types.ts';
import {
  magnitudeGlobalThresholdGpu,
  magnitudePruneAtThresholdGpu,
  magnitudePruneGpu,
  magnitudePruneNmGpu,
} from './magnitude.ts';

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

function expectSame(got: { mask: Uint8Array; weight?: Float32Array }, want: { mask: Uint8Array; weight?: Float32Array }): void {
  expect(differing(got.mask, want.mask)).toBe(0);
  if (want.weight) expect(differing(got.weight!, want.weight)).toBe(0);
}

function matrix(rows: number, cols: number, seed: number): WeightMatrix {
  return { data: randn(rows * cols, seed, 0.02), rows, cols };
}

let gpu: Gpu;
beforeAll(async () => {
  gpu = await acquireGpu();
});

// Selection and masks are exact operations on float bit patterns: GPU and twin must agree bit for bit.
describe('magnitude kernels vs twin', () => {
  for (const [rows, cols] of [[1, 1], [7, 13], [257, 300], [384, 256]] as const) {
    it(`unstructured ${rows}x${cols}`, async () => {
      const w = matrix(rows, cols, rows * 31 + cols);
      for (const s of [0, 0.3, 0.5, 0.7]) {
        expectSame(await magnitudePruneGpu(gpu, w, s), magnitudePrune(w, s));
      }
    });
  }

  for (const [rows, cols, n, m] of [[1, 4, 2, 4], [7, 12, 1, 3], [257, 300, 2, 4], [384, 256, 4, 8], [33, 70, 1, 2]] as const) {
    it(`${n}:${m} on ${rows}x${cols}`, async () => {
      const w = matrix(rows, cols, rows + cols * 7);
      expectSame(await magnitudePruneNmGpu(gpu, w, { n, m }), magnitudePruneNm(w, { n, m }));
    });
  }

  it('keeps ties and all-equal rows in the twin order', async () => {
    const data = Float32Array.from(randn(40 * 36, 5), (v) => Math.round(v * 3) / 3);
    data.fill(0.5, 0, 36); // an all-equal row
    const w = { data, rows: 40, cols: 36 };
    for (const s of [0.2, 0.5]) expectSame(await magnitudePruneGpu(gpu, w, s), magnitudePrune(w, s));
    expectSame(await magnitudePruneNmGpu(gpu, w, { n: 2, m: 4 }), magnitudePruneNm(w, { n: 2, m: 4 }));
  });

  it('splits into row tiles under a small binding limit and still selects one threshold', async () => {
    const w = matrix(257, 300, 11);
    const cap = 40 * 300 * 4; // 40 rows per tile: 7 tiles
    expectSame(await magnitudePruneGpu(gpu, w, 0.5, cap), magnitudePrune(w, 0.5));
    expectSame(await magnitudePruneNmGpu(gpu, w, { n: 2, m: 4 }, cap), magnitudePruneNm(w, { n: 2, m: 4 }));
  });

  it('finds the global threshold over several layers, and prunes at a given threshold', async () => {
    const layers = [matrix(7, 13, 1), matrix(257, 300, 2), matrix(64, 64, 3)].map((l, i) => {
      l.data.forEach((v, j) => (l.data[j] = v * (i + 1)));
      return l;
    });
    for (const s of [0, 0.4, 0.9]) {
      const want = magnitudeGlobalThreshold(layers.map((l) => l.data), s);
      expect(await magnitudeGlobalThresholdGpu(gpu, layers.map((l) => l.data), s, 10_000 * 4)).toBe(want);
    }
    const t = magnitudeGlobalThreshold(layers.map((l) => l.data), 0.5);
    const mask = magnitudeMask(layers[1].data, t);
    expectSame(await magnitudePruneAtThresholdGpu(gpu, layers[1], t), { mask, weight: applyMask(layers[1].data, mask) });
  });

  it('rejects bad sparsity and N:M before touching the GPU', async () => {
    const w = matrix(4, 6, 1);
    expect(() => magnitudePruneGpu(gpu, w, 1)).toThrow(CompressInputError);
    expect(() => magnitudePruneNmGpu(gpu, w, { n: 2, m: 4 })).toThrow(CompressInputError);
  });

  it('above 4M elements: 4100x1024 unstructured and 2:4', async () => {
    const w = matrix(4100, 1024, 99);
    expectSame(await magnitudePruneGpu(gpu, w, 0.5), magnitudePrune(w, 0.5));
    expectSame(await magnitudePruneNmGpu(gpu, w, { n: 2, m: 4 }), magnitudePruneNm(w, { n: 2, m: 4 }));
  });
});

describe.skipIf(!names)(`magnitude kernels vs golden${names ? '' : ` (${SHARED_MISSING})`}`, () => {
  for (const name of (names ?? []).filter((n) => n.startsWith('magnitude_'))) {
    it(name, async () => {
      const g = await loadGoldenCase(readSharedBrowser, name);
      const w = { data: g.W, rows: g.rows, cols: g.cols };
      const { prune_n: n, prune_m: m, sparsity } = g.meta.params as { prune_n: number; prune_m: number; sparsity: number };
      const got = n > 0 ? await magnitudePruneNmGpu(gpu, w, { n, m }) : await magnitudePruneGpu(gpu, w, sparsity);
      expectSame(got, { mask: g.arrays.mask as Uint8Array, weight: g.arrays.out as Float32Array });
    });
  }
});
