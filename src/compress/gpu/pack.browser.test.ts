import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { randn, rng } from '../../../test/random.ts';
import { dequantPacked, packCodes } from '../reference/pack.ts';
import { rtnQuantize } from '../reference/rtn.ts';
import type { PackedWeight } from '../types.ts';
import { dequantPackedGpu, packCodesGpu } from './pack.ts';

const names = ((await goldenCaseNames(readSharedBrowser)) ?? []).filter((n) => n.startsWith('rtn_'));

function randomCodes(n: number, bits: number, seed: number): Uint8Array {
  const next = rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(next() * 2 ** bits));
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

describe('pack and dequant kernels vs twin', () => {
  const shapes = [[1, 1], [7, 13], [257, 300], [384, 256]] as const;
  for (const bits of [2, 3, 4, 5, 6, 7, 8]) {
    it(`${bits}-bit: pack, dequant and the round trip through rtn`, async () => {
      const gpu = await acquireGpu();
      for (const [rows, cols] of shapes) {
        const codes = randomCodes(rows * cols, bits, rows * 31 + bits);
        expect(Array.from(await packCodesGpu(gpu, codes, rows, cols, bits))).toEqual(Array.from(packCodes(codes, rows, cols, bits)));
        // Round trip: rtn's codes packed on the GPU, dequantised on the GPU, equal rtn's output.
        const w = { data: randn(rows * cols, bits * 7 + rows, 0.02), rows, cols };
        const r = rtnQuantize(w, { bits, group: 64, sym: bits === 3 });
        const words = await packCodesGpu(gpu, r.codes, rows, cols, bits);
        const packed: PackedWeight = { bits, rows, cols, group: r.layout.size, words, scale: r.scale, zero: r.zero };
        const back = await dequantPackedGpu(gpu, packed);
        expect(sameBits(back, r.weight), `${rows}x${cols}`).toBe(true);
        expect(sameBits(back, dequantPacked(packed))).toBe(true);
      }
    });
  }

  it('reads groups through g_idx (act-order layout)', async () => {
    const gpu = await acquireGpu();
    const rows = 5;
    const cols = 20;
    const gIdx = Int32Array.from({ length: cols }, (_, c) => (c * 7) % 4);
    const codes = randomCodes(rows * cols, 4, 99);
    const packed: PackedWeight = {
      bits: 4, rows, cols, group: 5, gIdx,
      words: packCodes(codes, rows, cols, 4),
      scale: randn(rows * 4, 98),
      zero: Float32Array.from({ length: rows * 4 }, (_, i) => i % 16),
    };
    expect(sameBits(await dequantPackedGpu(gpu, packed), dequantPacked(packed))).toBe(true);
  });

  it('dequantises groups that split a word (4-bit groups of 12) and words that end a row early', async () => {
    const gpu = await acquireGpu();
    for (const [rows, cols, group] of [[6, 48, 12], [3, 44, 8]] as const) {
      const groups = Math.ceil(cols / group);
      const packed: PackedWeight = {
        bits: 4, rows, cols, group,
        words: packCodes(randomCodes(rows * cols, 4, cols), rows, cols, 4),
        scale: randn(rows * groups, cols + 1),
        zero: Float32Array.from({ length: rows * groups }, (_, i) => i % 16),
      };
      expect(sameBits(await dequantPackedGpu(gpu, packed), dequantPacked(packed)), `${rows}x${cols} g${group}`).toBe(true);
    }
  });

  it('4100 x 1024 (above 4M elements), 3-bit, and in row bands under a binding cap', async () => {
    const gpu = await acquireGpu();
    const rows = 4100;
    const cols = 1024;
    const w = { data: randn(rows * cols, 77, 0.02), rows, cols };
    const r = rtnQuantize(w, { bits: 3, group: 128, sym: false });
    const words = await packCodesGpu(gpu, r.codes, rows, cols, 3);
    expect(sameBitsU32(words, packCodes(r.codes, rows, cols, 3))).toBe(true);
    const packed: PackedWeight = { bits: 3, rows, cols, group: 128, words, scale: r.scale, zero: r.zero };
    expect(sameBits(await dequantPackedGpu(gpu, packed), r.weight)).toBe(true);
    const small = { ...packed, rows: 300, words: words.subarray(0, 300 * 103), scale: r.scale.subarray(0, 300 * 8), zero: r.zero.subarray(0, 300 * 8) };
    expect(sameBits(await dequantPackedGpu(gpu, small, cols * 4 * 64), r.weight.subarray(0, 300 * cols))).toBe(true);
  });
});

function sameBitsU32(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe.skipIf(names.length === 0)(`dequant kernel vs golden ${names.length === 0 ? SHARED_MISSING : ''}`, () => {
  it('packed golden codes dequantise to golden out', async () => {
    const gpu = await acquireGpu();
    for (const name of names) {
      const gc = await loadGoldenCase(readSharedBrowser, name);
      const p = gc.meta.params as { wbits: number; groupsize: number; sym: boolean };
      const scale = gc.arrays.scale as Float32Array;
      const zero = gc.arrays.zero as Float32Array;
      const nGroups = scale.length / gc.rows;
      const group = Math.ceil(gc.cols / nGroups);
      // Golden codes: out/scale + zero are integers (README "Saved quantization data").
      const codes = Uint8Array.from(gc.arrays.out as Float32Array, (v, i) => {
        const g = Math.floor(i / gc.cols) * nGroups + Math.floor((i % gc.cols) / group);
        return Math.round(v / scale[g] + zero[g]);
      });
      const packed: PackedWeight = { bits: p.wbits, rows: gc.rows, cols: gc.cols, group, words: await packCodesGpu(gpu, codes, gc.rows, gc.cols, p.wbits), scale, zero };
      expect(sameBits(await dequantPackedGpu(gpu, packed), gc.arrays.out as Float32Array), name).toBe(true);
    }
  });
});
