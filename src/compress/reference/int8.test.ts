import { describe, expect, it } from 'vitest';
import { activations, randn } from '../../../test/random.ts';
import { int8Bits, int8Quantize, outlierColumns } from './int8.ts';

function maxAbsOf(x: Float32Array, tokens: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let t = 0; t < tokens; t++) for (let c = 0; c < cols; c++) out[c] = Math.max(out[c], Math.abs(x[t * cols + c]));
  return out;
}

describe('int8 twin (LLM.int8 style, no golden: property checks)', () => {
  const rows = 33;
  const cols = 200;
  const w = randn(rows * cols, 11, 0.02);
  // Normal activations peak near 4 over 64 tokens; the x20 outlier channels exceed 6.
  const x = activations(64, cols, 12, 0.03);
  const maxAbs = maxAbsOf(x, 64, cols);
  const r = int8Quantize({ data: w, rows, cols }, maxAbs, 6);
  const outliers = new Set(r.outlierColumns);

  it('finds the outlier columns by threshold', () => {
    expect(r.outlierColumns.length).toBeGreaterThan(0);
    expect(r.outlierColumns.length).toBeLessThan(cols / 10);
    for (let c = 0; c < cols; c++) expect(outliers.has(c)).toBe(maxAbs[c] > 6);
    expect(Array.from(outlierColumns(Float32Array.from([6, 6.5, 1]), 6))).toEqual([1]);
  });

  it('keeps outlier columns exact, puts the rest on the grid within scale/2', () => {
    for (let row = 0; row < rows; row++) {
      let absmax = 0;
      for (let c = 0; c < cols; c++) if (!outliers.has(c)) absmax = Math.max(absmax, Math.abs(w[row * cols + c]));
      expect(r.scale[row]).toBe(Math.fround(absmax / 127));
      for (let c = 0; c < cols; c++) {
        const i = row * cols + c;
        if (outliers.has(c)) {
          expect(r.weight[i]).toBe(w[i]);
          continue;
        }
        expect(Math.abs(r.codes[i])).toBeLessThanOrEqual(127);
        expect(r.weight[i]).toBe(Math.fround(r.codes[i] * r.scale[row]));
        expect(Math.abs(r.weight[i] - w[i])).toBeLessThanOrEqual(r.scale[row] / 2 * (1 + 1e-6));
      }
    }
  });

  it('reaches +-127 at each row absmax', () => {
    for (let row = 0; row < rows; row++) {
      let peak = 0;
      for (let c = 0; c < cols; c++) peak = Math.max(peak, Math.abs(r.codes[row * cols + c]));
      expect(peak).toBe(127);
    }
  });

  it('a row that is zero outside the outliers stays zero; bits count 16 per outlier column', () => {
    const z = int8Quantize({ data: Float32Array.from([0, 5, 0, 0]), rows: 1, cols: 4 }, Float32Array.from([0, 9, 0, 0]), 6);
    expect(Array.from(z.weight)).toEqual([0, 5, 0, 0]);
    expect(z.scale[0]).toBe(0);
    expect(int8Bits(4, 1)).toBe(10);
    expect(int8Bits(100, 0)).toBe(8);
  });
});
