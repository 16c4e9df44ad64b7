import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { kthSmallestAbs, kthSmallestNonNegative, pruneLowestPerRow } from './select.ts';

function sortedAbs(x: Float32Array): Float32Array {
  return Float32Array.from(x, Math.abs).sort();
}

describe('radix select twin', () => {
  it('equals sort(|x|)[k] for every k of a small array and sampled k of a large one', () => {
    const small = randn(97, 1);
    const s = sortedAbs(small);
    for (let k = 0; k < small.length; k++) expect(kthSmallestAbs([{ data: small }], k)).toBe(s[k]);
    const large = randn(100_003, 2);
    const l = sortedAbs(large);
    for (const k of [0, 1, 50_000, 99_999, 100_002]) expect(kthSmallestAbs([{ data: large }], k)).toBe(l[k]);
  });

  it('handles ties, zeros, denormals and -0 exactly', () => {
    const x = new Float32Array([3, 0, -0, 1e-45, 3, 2, -3, 1e-40, 2, 3]);
    const s = sortedAbs(x);
    for (let k = 0; k < x.length; k++) expect(kthSmallestAbs([{ data: x }], k)).toBe(s[k]);
  });

  it('selects across segments and inside an offset window', () => {
    const a = randn(300, 3);
    const b = randn(77, 4);
    const all = sortedAbs(Float32Array.from([...a, ...b.subarray(5, 65)]));
    for (const k of [0, 100, 359]) {
      expect(kthSmallestAbs([{ data: a }, { data: b, offset: 5, count: 60 }], k)).toBe(all[k]);
    }
    const pos = Float32Array.from(a, Math.abs);
    expect(kthSmallestNonNegative(pos, 3, 10, 20)).toBe(Float32Array.from(pos.subarray(10, 30)).sort()[3]);
  });

  it('rejects k outside the data', () => {
    expect(() => kthSmallestAbs([{ data: new Float32Array(4) }], 4)).toThrow(RangeError);
    expect(() => kthSmallestAbs([{ data: new Float32Array(4) }], -1)).toThrow(RangeError);
  });
});

describe('pruneLowestPerRow', () => {
  it('prunes exactly k per row, equal values by column order (stable sort)', () => {
    const score = new Float32Array([
      2, 1, 1, 1, 3, // three tied minima: k=2 takes columns 1 and 2
      5, 5, 5, 5, 5, // all equal: the first k columns
      -4, 0.5, -0.1, 9, 0, // magnitude order: 0 (col 4), -0.1 (col 2)
    ]);
    const mask = pruneLowestPerRow(score, 3, 5, 2);
    expect(Array.from(mask)).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
  });

  it('agrees with a stable sort on random rows, for k = 0, 1, in/2 and in', () => {
    const rows = 9;
    const cols = 31;
    // Quantised scores create many ties.
    const score = Float32Array.from(randn(rows * cols, 5), (v) => Math.round(v * 4) / 4);
    for (const k of [0, 1, 15, 31]) {
      const mask = pruneLowestPerRow(score, rows, cols, k);
      for (let r = 0; r < rows; r++) {
        const order = Array.from({ length: cols }, (_, c) => c).sort(
          (i, j) => Math.abs(score[r * cols + i]) - Math.abs(score[r * cols + j]) || i - j,
        );
        const expected = new Uint8Array(cols);
        for (const c of order.slice(0, k)) expected[c] = 1;
        expect(Array.from(mask.subarray(r * cols, (r + 1) * cols))).toEqual(Array.from(expected));
      }
    }
  });
});
