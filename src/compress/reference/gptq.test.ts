import { describe, expect, it } from 'vitest';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { accumulateHessian } from './hessian.ts';
import { gptqQuantize } from './gptq.ts';
import { compareCodes, goldenHessian, gptqOptionsOf, relOutputError } from '../../../test/compress/obs-fixtures.ts';
import { withScalarTwins } from '../../../test/compress/scalar-twins.ts';

const names = hasShared ? ((await goldenCaseNames(readSharedNode)) ?? []).filter((n) => n.startsWith('gptq_')) : [];

describe('gptq twin vs golden', () => {
  it.skipIf(!hasShared)(`finds the golden cases${hasShared ? '' : ` (${SHARED_MISSING})`}`, () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });
  for (const name of names) {
    it(name, async () => {
      const c = await loadGoldenCase(readSharedNode, name);
      const h = await goldenHessian(readSharedNode, c);
      const opts = gptqOptionsOf(c);
      const res = gptqQuantize(c.W, c.rows, c.cols, h, opts);
      const cmp = compareCodes(c, res);
      // The golden float64-H rerun flipped at most one code per case; allow 0.1 % one-step flips.
      expect(cmp.paramsMaxRel).toBeLessThan(1e-5);
      expect(cmp.zeroMismatches).toBe(0);
      expect(cmp.bigFlips).toBe(0);
      expect(cmp.oneStepFlips).toBeLessThanOrEqual(Math.ceil(0.001 * c.W.length));
      if (opts.actOrder) {
        expect(Array.from(res.perm ?? [])).toEqual(Array.from(c.arrays.perm));
        expect(Array.from(res.gIdx)).toEqual(Array.from(c.arrays.g_idx));
      }
      const err = relOutputError(c.X, c.meta.shapes.X[0], c.W, res.out, c.rows, c.cols);
      expect(Math.abs(err - Number(c.meta.stats.rel_output_err_on_X))).toBeLessThan(1e-4);
      const reported = res.rowLoss.reduce((s, v) => s + v, 0);
      expect(Math.abs(reported / Number(c.meta.stats.reported_error_sum_losses) - 1)).toBeLessThan(1e-3);
    });
  }
});

describe('gptq twin edge cases', () => {
  it('puts every output on its group grid, with groups smaller than a block and a ragged tail', () => {
    const rows = 5;
    const cols = 37;
    const w = randn(rows * cols, 11, 0.1);
    const h = accumulateHessian(randn(80 * cols, 12), 80, cols, 16);
    const res = gptqQuantize(w, rows, cols, h, { bits: 3, group: 8, sym: true, actOrder: false, damp: 0.01, blocksize: 16 });
    const groups = Math.ceil(cols / 8);
    expect(res.scale.length).toBe(rows * groups);
    for (let r = 0; r < rows; r++) {
      for (let col = 0; col < cols; col++) {
        const g = r * groups + Math.floor(col / 8);
        const code = res.out[r * cols + col] / res.scale[g] + res.zero[g];
        expect(Math.abs(code - Math.round(code))).toBeLessThan(1e-4);
        expect(Math.round(code)).toBeGreaterThanOrEqual(0);
        expect(Math.round(code)).toBeLessThanOrEqual(7);
      }
    }
  });

  it('act-order with one group per row permutes back and reports all columns in group 0', () => {
    const rows = 4;
    const cols = 19;
    const w = randn(rows * cols, 13, 0.1);
    const h = accumulateHessian(randn(60 * cols, 14), 60, cols, 20);
    const res = gptqQuantize(w, rows, cols, h, { bits: 4, group: -1, sym: false, actOrder: true, damp: 0.01, blocksize: 8 });
    expect(Array.from(res.gIdx)).toEqual(new Array(cols).fill(0));
    expect([...(res.perm ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: cols }, (_, i) => i));
    for (let i = 0; i < res.out.length; i++) {
      const r = Math.floor(i / cols);
      const code = res.out[i] / res.scale[r] + res.zero[r];
      expect(Math.abs(code - Math.round(code))).toBeLessThan(1e-4);
    }
  });
});

describe('gptq twin, WebAssembly SIMD and scalar paths', () => {
  // Blocks of 16 with a ragged tail, groups of 8, with and without act-order.
  for (const actOrder of [false, true]) {
    it(`give the same bits (act-order ${actOrder})`, () => {
      const rows = 6;
      const cols = 37;
      const w = randn(rows * cols, 31, 0.1);
      const h = accumulateHessian(randn(80 * cols, 32), 80, cols, 16);
      const opts = { bits: 4, group: 8, sym: false, actOrder, damp: 0.01, blocksize: 16 };
      const simd = gptqQuantize(w, rows, cols, h, opts);
      const scalar = withScalarTwins(() => gptqQuantize(w, rows, cols, h, opts));
      expect(simd.out).toEqual(scalar.out);
      expect(simd.scale).toEqual(scalar.scale);
      expect(simd.zero).toEqual(scalar.zero);
      expect(simd.rowLoss).toEqual(scalar.rowLoss);
    });
  }
});
