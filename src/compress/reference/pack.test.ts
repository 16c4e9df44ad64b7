import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { codesPerWord, dequantPacked, packCodes, unpackCode, wordsPerRow } from './pack.ts';
import { rtnQuantize } from './rtn.ts';
import type { PackedWeight } from '../types.ts';

describe('pack twin', () => {
  it('lays codes little-endian, floor(32/bits) per word, each row on a fresh word', () => {
    expect([2, 3, 4, 5, 6, 7, 8].map(codesPerWord)).toEqual([16, 10, 8, 6, 5, 4, 4]);
    // 3-bit, 12 columns: 10 codes in word 0 (bits 0..29, top 2 unused), 2 in word 1; row 1 starts at word 2.
    const codes = Array.from({ length: 24 }, (_, i) => i % 8);
    const words = packCodes(codes, 2, 12, 3);
    expect(words.length).toBe(4);
    let expected0 = 0;
    for (let j = 0; j < 10; j++) expected0 += (j % 8) * 2 ** (3 * j);
    expect(words[0]).toBe(expected0);
    expect(words[1]).toBe((10 % 8) | ((11 % 8) << 3));
    expect(words[2] & 7).toBe(12 % 8);
  });

  it('uses the top bit of a full word (8-bit and 2-bit codes)', () => {
    expect(packCodes([0, 0, 0, 255], 1, 4, 8)[0]).toBe(0xff000000);
    expect(packCodes(new Array(16).fill(3), 1, 16, 2)[0]).toBe(0xffffffff);
  });

  for (const bits of [2, 3, 4, 5, 6, 7, 8]) {
    it(`${bits}-bit round trip: pack then dequantise equals rtn's output`, () => {
      const rows = 7;
      const cols = 45; // not a multiple of any codes-per-word count except 5
      const data = randn(rows * cols, 100 + bits);
      const r = rtnQuantize({ data, rows, cols }, { bits, group: 16, sym: bits % 2 === 1 });
      const words = packCodes(r.codes, rows, cols, bits);
      expect(words.length).toBe(rows * wordsPerRow(cols, bits));
      const packed: PackedWeight = { bits, rows, cols, group: 16, words, scale: r.scale, zero: r.zero };
      for (let i = 0; i < rows * cols; i += 17) expect(unpackCode(packed, Math.floor(i / cols), i % cols)).toBe(r.codes[i]);
      expect(Array.from(dequantPacked(packed))).toEqual(Array.from(r.weight));
    });
  }
});
