import { describe, expect, it } from 'vitest';
import { acquireGpu, readU32, storageBuffer, submitDispatches, uploadBuffer } from '../../gpu/index.ts';
import { randn } from '../../../test/random.ts';
import { kthSmallestAbs, pruneLowestPerRow } from '../reference/select.ts';
import { maskWords, unpackMaskBits } from './mask.ts';
import { pruneLowestPerRowDispatch } from './wanda.ts';
import { kthSmallestAbsSegments, kthSmallestAbsStreamed, kthSmallestNonNegative, type SelectVariant } from './select.ts';

// Both histogram variants run everywhere; each adapter only picks which one is the default.
const VARIANTS: SelectVariant[] = ['workgroup', 'direct'];

describe.each(VARIANTS)('radix select kernel vs twin (%s histograms)', (variant) => {
  // Sizes around the 4096-element workgroup chunk, plus one above 4M elements.
  for (const count of [1, 13, 4095, 4097, 300_001]) {
    it(`${count} values`, async () => {
      const gpu = await acquireGpu();
      const values = Float32Array.from(randn(count, count), Math.abs);
      const buffer = uploadBuffer(gpu, values);
      for (const k of [0, Math.floor(count / 2), count - 1]) {
        expect(await kthSmallestNonNegative(gpu, buffer, count, k, 0, variant)).toBe(kthSmallestAbs([{ data: values }], k));
      }
      buffer.destroy();
    });
  }

  it('respects an offset window and ties', async () => {
    const gpu = await acquireGpu();
    const values = Float32Array.from(randn(5000, 9), (v) => Math.round(Math.abs(v) * 8) / 8);
    const buffer = uploadBuffer(gpu, values);
    for (const k of [0, 7, 999, 2047]) {
      const got = await kthSmallestNonNegative(gpu, buffer, 2048, k, 1001, variant);
      expect(got).toBe(kthSmallestAbs([{ data: values, offset: 1001, count: 2048 }], k));
    }
    buffer.destroy();
  });

  it('selects over several segments and over magnitudes of signed data', async () => {
    const gpu = await acquireGpu();
    const a = randn(7 * 13, 1);
    const b = randn(257 * 300, 2);
    const segs = [{ buffer: uploadBuffer(gpu, a), count: a.length }, { buffer: uploadBuffer(gpu, b), count: b.length }];
    for (const k of [0, 12345, a.length + b.length - 1]) {
      expect(await kthSmallestAbsSegments(gpu, segs, k, variant)).toBe(kthSmallestAbs([{ data: a }, { data: b }], k));
    }
  });

  it('streams CPU arrays through in chunks, pass by pass', async () => {
    const gpu = await acquireGpu();
    const arrays = [randn(5000, 21), Float32Array.from(randn(3001, 22), (v) => Math.round(v * 4) / 4), randn(7, 23)];
    const total = arrays.reduce((s, a) => s + a.length, 0);
    for (const k of [0, 4000, total - 1]) {
      expect(await kthSmallestAbsStreamed(gpu, arrays, k, 1000, variant)).toBe(kthSmallestAbs(arrays.map((data) => ({ data })), k));
    }
  });

  it('handles more than 4M elements', async () => {
    const gpu = await acquireGpu();
    const n = 4100 * 1024;
    const values = randn(n, 77);
    const buffer = uploadBuffer(gpu, values);
    const k = Math.floor(n * 0.5);
    expect(await kthSmallestAbsSegments(gpu, [{ buffer, count: n }], k, variant)).toBe(kthSmallestAbs([{ data: values }], k));
    buffer.destroy();
  });

  it('rejects k outside the data', async () => {
    const gpu = await acquireGpu();
    const buffer = uploadBuffer(gpu, new Float32Array(4));
    await expect(kthSmallestNonNegative(gpu, buffer, 4, 4, 0, variant)).rejects.toThrow(RangeError);
  });
});

describe.each(VARIANTS)('per-row selection kernel vs twin (%s)', (variant) => {
  async function pruneRows(score: Float32Array, rows: number, cols: number, k: number): Promise<Uint8Array> {
    const gpu = await acquireGpu();
    const mask = storageBuffer(gpu, rows * maskWords(cols) * 4);
    submitDispatches(gpu, [pruneLowestPerRowDispatch(gpu, uploadBuffer(gpu, score), mask, rows, cols, k, variant)]);
    const out = new Uint8Array(rows * cols);
    unpackMaskBits(await readU32(gpu, mask, rows * maskWords(cols)), { rowStart: 0, rowCount: rows }, cols, out);
    return out;
  }

  // Widths that are not multiples of 32 (mask words), 64 (invocations per row) or 16 (rows per workgroup).
  for (const [rows, cols] of [[1, 1], [7, 13], [17, 300], [33, 1000]] as const) {
    it(`${rows}x${cols}`, async () => {
      const score = randn(rows * cols, rows + cols);
      for (const k of [0, 1, Math.floor(cols / 2), cols]) {
        expect(await pruneRows(score, rows, cols, k)).toEqual(pruneLowestPerRow(score, rows, cols, k));
      }
    });
  }

  // 77 columns take the scalar kernel, 76 the vec4 one.
  for (const cols of [77, 76]) {
    it(`breaks ties by column (${cols} columns)`, async () => {
      const rows = 9;
      const score = Float32Array.from(randn(rows * cols, 4), (v) => Math.round(v * 2) / 2);
      score.fill(0.5, 0, cols);
      for (const k of [3, 38, 70]) expect(await pruneRows(score, rows, cols, k)).toEqual(pruneLowestPerRow(score, rows, cols, k));
    });
  }
});
