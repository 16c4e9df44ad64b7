import { describe, expect, it } from 'vitest';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { groupLayout, rtnQuantize } from './rtn.ts';

describe('rtn twin vs golden (GPTQ Quantizer, no error feedback)', () => {
  it.skipIf(!hasShared)(`matches every rtn_* case bit for bit ${hasShared ? '' : SHARED_MISSING}`, async () => {
    const names = ((await goldenCaseNames(readSharedNode)) ?? []).filter((n) => n.startsWith('rtn_'));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const gc = await loadGoldenCase(readSharedNode, name);
      const p = gc.meta.params as { wbits: number; groupsize: number; sym: boolean };
      const r = rtnQuantize({ data: gc.W, rows: gc.rows, cols: gc.cols }, { bits: p.wbits, group: p.groupsize, sym: p.sym });
      // Elementwise and exact in float32: the golden README expects bit-exact results.
      expect(Array.from(r.weight), name).toEqual(Array.from(gc.arrays.out));
      expect(Array.from(r.scale), name).toEqual(Array.from(gc.arrays.scale));
      expect(Array.from(r.zero), name).toEqual(Array.from(gc.arrays.zero));
    }
  });
});

describe('rtn twin edge cases', () => {
  it('splits columns into groups with a shorter last group', () => {
    expect(groupLayout(300, 128)).toEqual({ size: 128, count: 3 });
    expect(groupLayout(300, -1)).toEqual({ size: 300, count: 1 });
    expect(groupLayout(100, 128)).toEqual({ size: 100, count: 1 });
  });

  it('quantises a short last group on its own range', () => {
    const cols = 10;
    const data = new Float32Array(cols).map((_, i) => (i < 8 ? i - 4 : 100 * (i - 7)));
    const r = rtnQuantize({ data, rows: 1, cols }, { bits: 4, group: 8, sym: false });
    expect(r.layout.count).toBe(2);
    // The first group never sees the large values of the second.
    expect(r.scale[0]).toBeCloseTo(7 / 15, 6);
    expect(r.scale[1]).toBeCloseTo(200 / 15, 4);
  });

  it('codes stay in range and every value lies on its grid within half a step', () => {
    for (const [bits, group, sym] of [[2, 64, false], [3, -1, true], [5, 32, false], [8, 7, true]] as const) {
      const rows = 5;
      const cols = 70;
      const data = randn(rows * cols, bits * 13 + cols);
      const r = rtnQuantize({ data, rows, cols }, { bits, group, sym });
      const maxq = 2 ** bits - 1;
      for (let i = 0; i < data.length; i++) {
        const g = Math.floor(i / cols) * r.layout.count + Math.floor((i % cols) / r.layout.size);
        expect(r.codes[i]).toBeLessThanOrEqual(maxq);
        expect(r.weight[i]).toBe(Math.fround(r.scale[g] * (r.codes[i] - r.zero[g])));
        // GPTQ's sym grid clips +absmax to (zero-1) steps above 0, so only asym is bounded by scale/2.
        if (!sym) expect(Math.abs(r.weight[i] - data[i])).toBeLessThanOrEqual(r.scale[g] / 2 + 1e-7);
      }
    }
  });

  it('a zero row gets the (-1, +1) fallback range and stays exactly zero', () => {
    const r = rtnQuantize({ data: new Float32Array(8), rows: 1, cols: 8 }, { bits: 4, group: -1, sym: false });
    expect(r.scale[0]).toBe(Math.fround(2 / 15));
    expect(Array.from(r.weight)).toEqual(new Array(8).fill(0));
  });
});
