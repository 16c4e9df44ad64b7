import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { CompressInputError } from '../types.ts';
import { nmMask } from './nm.ts';

describe('N:M twin', () => {
  it('prunes exactly n of every aligned group of m, the n smallest |score|', () => {
    for (const [n, m] of [[2, 4], [4, 8], [1, 2], [1, 3], [3, 4]] as const) {
      const rows = 5;
      const cols = m * 6;
      const score = randn(rows * cols, n * 10 + m);
      const mask = nmMask(score, rows, cols, { n, m });
      for (let g = 0; g < rows * cols; g += m) {
        const group = Array.from(score.subarray(g, g + m), Math.abs);
        const pruned = group.filter((_, j) => mask[g + j]);
        const kept = group.filter((_, j) => !mask[g + j]);
        expect(pruned.length).toBe(n);
        expect(Math.max(...pruned)).toBeLessThanOrEqual(Math.min(...kept));
      }
    }
  });

  it('breaks ties by lower column first', () => {
    const score = new Float32Array([1, 1, 1, 1, 3, -2, 2, 5]);
    expect(Array.from(nmMask(score, 1, 8, { n: 2, m: 4 }))).toEqual([1, 1, 0, 0, 0, 1, 1, 0]);
  });

  it('rejects a width that is not a multiple of m, and n outside [1, m)', () => {
    const score = new Float32Array(12);
    expect(() => nmMask(score, 1, 12, { n: 2, m: 8 })).toThrow(CompressInputError);
    expect(() => nmMask(score, 1, 12, { n: 0, m: 4 })).toThrow(CompressInputError);
    expect(() => nmMask(score, 1, 12, { n: 4, m: 4 })).toThrow(CompressInputError);
    expect(() => nmMask(score, 1, 12, { n: 1.5, m: 4 })).toThrow(CompressInputError);
  });
});
