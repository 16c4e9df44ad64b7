import { describe, expect, it } from 'vitest';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { CompressInputError } from '../types.ts';
import {
  magnitudeGlobalThreshold,
  magnitudeMask,
  magnitudePrune,
  magnitudePruneNm,
  magnitudeThreshold,
} from './magnitude.ts';
import { countPruned } from './mask.ts';

/** Bitwise equality of two typed arrays (deep equality is slow on 100k+ entries). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const names = hasShared ? ((await goldenCaseNames(readSharedNode)) ?? []) : [];
const magnitudeCases = names.filter((n) => n.startsWith('magnitude_'));

describe('magnitude twin vs golden (LLM-KICK prune_magnitude)', () => {
  it.skipIf(!hasShared)(`covers every magnitude case${hasShared ? '' : ` (${SHARED_MISSING})`}`, () => {
    expect(magnitudeCases.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of magnitudeCases) {
    it.skipIf(!hasShared)(name, async () => {
      const g = await loadGoldenCase(readSharedNode, name);
      const weight = { data: g.W, rows: g.rows, cols: g.cols };
      const { prune_n: n, prune_m: m, sparsity } = g.meta.params as { prune_n: number; prune_m: number; sparsity: number };
      const result = n > 0 ? magnitudePruneNm(weight, { n, m }) : magnitudePrune(weight, sparsity);
      // Elementwise selection: masks and outputs are bit-exact.
      expect(sameBytes(result.mask, g.arrays.mask)).toBe(true);
      expect(sameBytes(result.weight, g.arrays.out)).toBe(true);
    });
  }
});

describe('magnitude twin rules', () => {
  it('prunes floor(numel*s)+1 entries with distinct magnitudes (the `<=` of the reference)', () => {
    const w = randn(1000, 1);
    for (const s of [0, 0.3, 0.5, 0.999]) {
      const { mask } = magnitudePrune({ data: w, rows: 10, cols: 100 }, s);
      expect(countPruned(mask)).toBe(Math.floor(1000 * s) + 1);
    }
  });

  it('at s = 0 prunes only the smallest magnitude', () => {
    const w = new Float32Array([0.5, -0.1, 0.3, 0.2]);
    const { weight, mask } = magnitudePrune({ data: w, rows: 2, cols: 2 }, 0);
    expect(Array.from(mask)).toEqual([0, 1, 0, 0]);
    expect(Array.from(weight)).toEqual([0.5, 0, 0.3, 0.2].map(Math.fround));
  });

  it('prunes every tie of the threshold, so an all-equal matrix is pruned entirely', () => {
    const w = new Float32Array(12).fill(-0.25);
    expect(countPruned(magnitudePrune({ data: w, rows: 3, cols: 4 }, 0.5).mask)).toBe(12);
    const ties = new Float32Array([1, 2, 2, 2, 3, 4]);
    expect(Array.from(magnitudeMask(ties, magnitudeThreshold(ties, 0.2)))).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('uses one threshold over all layers in global mode', () => {
    const a = randn(300, 2, 0.1);
    const b = randn(500, 3, 1);
    const t = magnitudeGlobalThreshold([a, b], 0.5);
    const all = Float32Array.from([...a, ...b], Math.abs).sort();
    expect(t).toBe(all[400]);
    // The small-scale layer carries most of the pruning.
    expect(countPruned(magnitudeMask(a, t))).toBeGreaterThan(countPruned(magnitudeMask(b, t)));
  });

  it('rejects sparsity outside [0, 1) and invalid N:M patterns', () => {
    const weight = { data: randn(16, 4), rows: 2, cols: 8 };
    for (const s of [-0.1, 1, 1.5, Number.NaN]) expect(() => magnitudePrune(weight, s)).toThrow(CompressInputError);
    expect(() => magnitudePruneNm(weight, { n: 2, m: 3 })).toThrow(/multiple of 3/);
    expect(() => magnitudePruneNm(weight, { n: 4, m: 4 })).toThrow(CompressInputError);
    expect(() => magnitudePruneNm(weight, { n: 0, m: 4 })).toThrow(CompressInputError);
  });
});
