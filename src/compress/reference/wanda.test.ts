import { describe, expect, it } from 'vitest';
import { goldenCaseNames, loadGoldenCase, SHARED_MISSING } from '../../../test/golden-core.ts';
import { hasShared, readSharedNode } from '../../../test/golden-node.ts';
import { randn } from '../../../test/random.ts';
import { CompressInputError } from '../types.ts';
import { countPruned } from './mask.ts';
import { layerStats } from './stats.ts';
import { wandaMetric, wandaPrune, wandaPruneNm } from './wanda.ts';

/** Bitwise equality of two typed arrays (deep equality is slow on 100k+ entries). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const names = hasShared ? ((await goldenCaseNames(readSharedNode)) ?? []) : [];
const wandaCases = names.filter((n) => n.startsWith('wanda_'));

async function scalerRowOf(inputs: string): Promise<Float32Array> {
  const bytes = await readSharedNode(`golden/${inputs}/scaler_row.f32`);
  if (!bytes) throw new Error(`missing ${inputs}/scaler_row.f32`);
  return new Float32Array(bytes.slice().buffer);
}

describe('wanda twin vs golden (wanda prune_wanda)', () => {
  it.skipIf(!hasShared)(`covers every wanda case${hasShared ? '' : ` (${SHARED_MISSING})`}`, () => {
    expect(wandaCases.length).toBeGreaterThanOrEqual(4);
  });
  for (const name of wandaCases) {
    it.skipIf(!hasShared)(name, async () => {
      const g = await loadGoldenCase(readSharedNode, name);
      const weight = { data: g.W, rows: g.rows, cols: g.cols };
      const { prune_n: n, prune_m: m, sparsity } = g.meta.params as { prune_n: number; prune_m: number; sparsity: number };
      const meta = g.meta as unknown as { inputs: string };
      const run = (scaler: Float32Array) => (n > 0 ? wandaPruneNm(weight, scaler, { n, m }) : wandaPrune(weight, scaler, sparsity));
      // With the reference's own scaler_row the float32 metric is identical, so masks and outputs are exact.
      const golden = run(await scalerRowOf(meta.inputs));
      expect(sameBytes(golden.mask, g.arrays.mask)).toBe(true);
      expect(sameBytes(golden.weight, g.arrays.out)).toBe(true);
      // With our statistics (float64 sums, ~1e-7 relative from the reference's running average),
      // the smallest relative gap at the row cut (>= 1.8e-5, see README) keeps the masks identical.
      const { nsamples } = g.meta.calibration;
      const ours = run(layerStats(g.X, g.cols, nsamples, ['scalerRow']).scalerRow!);
      expect(sameBytes(ours.mask, g.arrays.mask)).toBe(true);
    });
  }
});

describe('wanda twin rules', () => {
  it('prunes exactly floor(in*s) per row, even at s = 0 (nothing pruned)', () => {
    const rows = 6;
    const cols = 37;
    const weight = { data: randn(rows * cols, 1), rows, cols };
    const scaler = Float32Array.from(randn(cols, 2), (v) => v * v);
    for (const s of [0, 0.1, 0.5, 0.99]) {
      const { mask, weight: out } = wandaPrune(weight, scaler, s);
      for (let r = 0; r < rows; r++) expect(countPruned(mask.subarray(r * cols, (r + 1) * cols))).toBe(Math.floor(cols * s));
      if (s === 0) expect(out).toEqual(weight.data);
    }
  });

  it('keeps the stable order among equal metrics: lower columns are pruned first', () => {
    // All-equal row and a zero-norm channel (metric 0 everywhere in column 2).
    const weight = { data: new Float32Array([1, 1, 1, 1, 1, 1, -3, 2, 5, -1, 4, 2]), rows: 2, cols: 6 };
    const scaler = new Float32Array([1, 1, 0, 1, 1, 1]);
    const { mask } = wandaPrune(weight, scaler, 0.5);
    expect(Array.from(mask)).toEqual([1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  });

  it('weighs |W| by sqrt of the input norms', () => {
    const weight = { data: new Float32Array([0.5, -0.5]), rows: 1, cols: 2 };
    expect(Array.from(wandaMetric(weight, new Float32Array([4, 9])))).toEqual([1, 1.5]);
  });

  it('rejects bad sparsity, bad N:M and a scaler of the wrong length', () => {
    const weight = { data: randn(16, 3), rows: 2, cols: 8 };
    const scaler = new Float32Array(8).fill(1);
    expect(() => wandaPrune(weight, scaler, 1)).toThrow(CompressInputError);
    expect(() => wandaPrune(weight, scaler, -0.5)).toThrow(CompressInputError);
    expect(() => wandaPruneNm(weight, scaler, { n: 1, m: 3 })).toThrow(CompressInputError);
    expect(() => wandaPrune(weight, new Float32Array(7), 0.5)).toThrow(CompressInputError);
  });
});
