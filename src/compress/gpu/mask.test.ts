import { describe, expect, it } from 'vitest';
import { maskWords, unpackMaskBits } from './mask.ts';

describe('bit mask layout', () => {
  it('spreads ceil(cols/32) words per row into bytes, bit b of word j = column 32j+b', () => {
    const cols = 37;
    expect(maskWords(cols)).toBe(2);
    // Row 0: columns 0, 31 and 36; row 1: column 32 only.
    const bits = new Uint32Array([(1 | (1 << 31)) >>> 0, 1 << 4, 0, 1]);
    const out = new Uint8Array(3 * cols).fill(7);
    unpackMaskBits(bits, { rowStart: 1, rowCount: 2 }, cols, out);
    const set = (r: number) => [...out.subarray(r * cols, (r + 1) * cols).keys()].filter((c) => out[r * cols + c] === 1);
    expect(out.subarray(0, cols).every((v) => v === 7)).toBe(true); // rows outside the tile untouched
    expect(set(1)).toEqual([0, 31, 36]);
    expect(set(2)).toEqual([32]);
  });
});
