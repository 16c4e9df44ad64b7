import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { readSharedBrowser } from '../../../test/golden-browser.ts';
import { activations, randn } from '../../../test/random.ts';
import { accumulateHessian } from '../reference/hessian.ts';
import { sparsegptPrune, type SparsegptOptions } from '../reference/sparsegpt.ts';
import { goldenHessian, maskMismatches, relFro, sparsegptOptionsOf } from '../../../test/compress/obs-fixtures.ts';
import { sparsegptGpu } from './sparsegpt.ts';

const names = ((await goldenCaseNames(readSharedBrowser)) ?? []).filter((n) => n.startsWith('sparsegpt_'));
const hasShared = names.length > 0;

/** A random layer; `deadColumn` never fires in X, so diag(H) is 0 there (the dead-column path). */
function layer(rows: number, cols: number, seed: number, deadColumn = -1) {
  const tokens = Math.max(64, Math.min(2 * cols, 512));
  const w = randn(rows * cols, seed, 0.02);
  const x = activations(tokens, cols, seed + 1);
  if (deadColumn >= 0) for (let t = 0; t < tokens; t++) x[t * cols + deadColumn] = 0;
  const h = accumulateHessian(x, tokens, cols, 32);
  return { w, h };
}

function maskOf(out: Float32Array): Uint8Array {
  return Uint8Array.from(out, (v) => (v === 0 ? 1 : 0));
}

describe('sparsegpt kernels vs twin', () => {
  const cases: Array<[number, number, SparsegptOptions, number?]> = [
    [48, 100, { sparsity: 0.5, pattern: 'unstructured', damp: 0.01, blocksize: 64 }, 7],
    [200, 300, { sparsity: 0.5, pattern: 'unstructured', damp: 0.01, blocksize: 128 }],
    [64, 130, { sparsity: 0, pattern: { n: 2, m: 4 }, damp: 0.01, blocksize: 128 }],
    [37, 70, { sparsity: 0, pattern: { n: 4, m: 8 }, damp: 0.01, blocksize: 32 }],
    [65, 96, { sparsity: 0.3, pattern: 'unstructured', damp: 0.05, blocksize: 40 }],
    // Above 4M elements (16400 x 256 = 4,198,400): rows spread over many workgroups, two blocks.
    [16400, 256, { sparsity: 0.5, pattern: 'unstructured', damp: 0.01, blocksize: 128 }],
  ];
  for (const [rows, cols, opts, deadColumn = -1] of cases) {
    const label = typeof opts.pattern === 'string' ? `s=${opts.sparsity}` : `${opts.pattern.n}:${opts.pattern.m}`;
    it(`${rows}x${cols} ${label} blocksize ${opts.blocksize}${deadColumn >= 0 ? ' dead column' : ''}`, async () => {
      const gpu = await acquireGpu();
      const { w, h } = layer(rows, cols, rows * 7 + cols, deadColumn);
      const want = sparsegptPrune(w, rows, cols, h, opts);
      const got = await sparsegptGpu(gpu, w, rows, cols, h, opts);
      // Hinv from the float32 GPU Cholesky differs from the float64 twin by ~1e-6 relative, which
      // can flip a saliency sitting at the block threshold; allow one flip per 10^4 entries.
      expect(maskMismatches(got.out, maskOf(want.out))).toBeLessThanOrEqual(Math.floor(rows * cols * 1e-4));
      expect(relFro(got.out, want.out)).toBeLessThan(1e-4);
      if (deadColumn >= 0) for (let r = 0; r < rows; r++) expect(got.out[r * cols + deadColumn]).toBe(0);
      const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
      expect(Math.abs(sum(got.rowLoss) / sum(want.rowLoss) - 1)).toBeLessThan(1e-3);
    });
  }
});

describe.skipIf(!hasShared)(`sparsegpt kernels vs golden${hasShared ? '' : ` (${SHARED_MISSING})`}`, () => {
  for (const name of names) {
    it(name, async () => {
      const gpu = await acquireGpu();
      const c = await loadGoldenCase(readSharedBrowser, name);
      const h = await goldenHessian(readSharedBrowser, c);
      const got = await sparsegptGpu(gpu, c.W, c.rows, c.cols, h, sparsegptOptionsOf(c));
      const mism = maskMismatches(got.out, c.arrays.mask as Uint8Array);
      const rel = relFro(got.out, c.arrays.out as Float32Array);
      const reported = got.rowLoss.reduce((s, v) => s + v, 0);
      console.log(`${name}: mask mismatches ${mism}, rel diff ${rel.toExponential(2)}, error ${reported} (golden ${c.meta.stats.reported_error_sum_losses})`);
      expect(mism).toBe(0);
      expect(rel).toBeLessThan(1e-5);
      expect(Math.abs(reported / Number(c.meta.stats.reported_error_sum_losses) - 1)).toBeLessThan(1e-4);
    });
  }
});
