import { describe, expect, it } from 'vitest';
import { collectStats, sequencesOf } from './collect-stats.ts';
import { checkLayerJob, runLayerJob } from './layer-job.ts';
import { compress, METHOD_IDS, METHODS, recipeNeeds, resolveRecipe } from './registry.ts';
import { activations, randn } from './synthetic.ts';
import { dequantPacked } from './reference/pack.ts';
import { CompressInputError, type CompressParams, type PackedWeight } from './types.ts';

const rows = 48;
const cols = 128;
const weight = { data: randn(rows * cols, 11, 0.02), rows, cols };
const x = activations(256, cols, 12);

const PARAMS: Record<string, CompressParams> = {
  magnitude: { sparsity: 0.5 },
  wanda: { sparsity: 0.5 },
  sparsegpt: { sparsity: 0.5 },
  rtn: { bits: 4, group: 64 },
  gptq: { bits: 4, group: 64 },
  awq: { bits: 4, group: 64 },
  int8: { threshold: 6 },
};

async function statsFor(spec: string) {
  const needs = recipeNeeds(resolveRecipe(spec));
  return needs.length ? collectStats('cpu', cols, needs, sequencesOf(x, 256, cols, 64)) : null;
}

describe('method registry', () => {
  it('lists the seven methods with their metadata', () => {
    expect([...METHOD_IDS].sort()).toEqual(['awq', 'gptq', 'int8', 'magnitude', 'rtn', 'sparsegpt', 'wanda']);
    for (const id of METHOD_IDS) {
      const m = METHODS[id];
      expect(m.id).toBe(id);
      expect(m.summary.length).toBeGreaterThan(10);
      expect(['prune', 'quantize']).toContain(m.kind);
    }
    expect(METHODS.magnitude.needs).toEqual([]);
    expect(METHODS.rtn.needs).toEqual([]);
    expect(METHODS.sparsegpt.needs).toContain('hessian');
  });

  for (const id of Object.keys(PARAMS)) {
    it(`runs ${id} on the CPU twin with a report that matches its output`, async () => {
      const result = await compress(id, weight, await statsFor(id), PARAMS[id], { backend: 'cpu' });
      expect(result.weight).toHaveLength(rows * cols);
      const zeros = result.weight.filter((v) => v === 0).length;
      expect(result.report.sparsity).toBeCloseTo(zeros / (rows * cols), 12);
      expect(result.report.relErr).toBeGreaterThan(0);
      expect(result.report.relErr).toBeLessThan(1);
      expect(result.report.backend).toBe('cpu');
      if (METHODS[id as keyof typeof METHODS].kind === 'prune') {
        expect(result.report.bits).toBe(32);
        expect(result.report.sparsity).toBeGreaterThanOrEqual(0.5);
      } else {
        expect(result.report.bits).toBeLessThanOrEqual(id === 'int8' ? 16 : 4);
      }
    });
  }

  it('combines a pruning method with a quantizer and keeps the mask', async () => {
    const spec = 'sparsegpt+gptq';
    const result = await compress(spec, weight, await statsFor(spec), { sparsity: 0.5, bits: 4, group: 64 }, { backend: 'cpu' });
    expect(result.mask).toBeDefined();
    const mask = result.mask as Uint8Array;
    let pruned = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]) {
        pruned++;
        expect(result.weight[i]).toBe(0);
      }
    }
    expect(pruned / mask.length).toBeGreaterThanOrEqual(0.5);
    expect(result.report.bits).toBe(4);
    // The packed codes say the same: pruned weights decode to exactly zero, kept ones to the weight.
    expect(Array.from(dequantPacked(result.packed as PackedWeight))).toEqual(Array.from(result.weight));
  });

  it('quantizes the kept weights of wanda+rtn onto the 4-bit grid', async () => {
    const result = await compress('wanda+rtn', weight, await statsFor('wanda'), { sparsity: 0.5, bits: 4, group: 64 }, { backend: 'cpu' });
    const plain = await compress('wanda', weight, await statsFor('wanda'), { sparsity: 0.5 }, { backend: 'cpu' });
    expect(Array.from(result.mask as Uint8Array)).toEqual(Array.from(plain.mask as Uint8Array));
    // At most 16 distinct values per (row, group).
    for (let r = 0; r < rows; r++) {
      const values = new Set(Array.from(result.weight.subarray(r * cols, r * cols + 64)));
      expect(values.size).toBeLessThanOrEqual(16);
    }
  });

  it('rejects unknown methods, bad combinations and bad parameters with one line', async () => {
    const reject = async (spec: string, params: CompressParams, stats: Awaited<ReturnType<typeof statsFor>> = null) => {
      const error = await compress(spec, weight, stats, params, { backend: 'cpu' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CompressInputError);
      expect((error as Error).message).not.toContain('\n');
      return (error as Error).message;
    };
    expect(await reject('prune-it', {})).toMatch(/unknown method "prune-it"; known methods: magnitude/);
    expect(await reject('rtn+wanda', {})).toMatch(/one pruning method then one quantizer/);
    expect(await reject('magnitude', { sparsity: 1 })).toMatch(/sparsity must be in \[0, 1\)/);
    expect(await reject('rtn', { bits: 9 })).toMatch(/bits must be an integer in 2..8/);
    expect(await reject('magnitude', { pattern: { n: 2, m: 3 } })).toMatch(/multiple of 3/);
    expect(await reject('wanda', { sparsity: 0.5 })).toMatch(/needs calibration data/);
    const narrow = await collectStats('cpu', 64, ['scalerRow'], sequencesOf(x.subarray(0, 64 * 64), 64, 64));
    expect(await reject('wanda', { sparsity: 0.5 }, narrow)).toMatch(/calibration width 64 does not match the weight's input width 128/);
  });

  it('checks a layer job before touching its data', () => {
    expect(() => checkLayerJob('gptq', { bits: 4 }, weight, false)).toThrow(/needs calibration activations/);
    expect(checkLayerJob('rtn', { bits: 3 }, weight, false).params).toMatchObject({ bits: 3 });
  });

  it('runs a whole layer job and measures the output error', async () => {
    const { result, outputErr } = await runLayerJob({
      spec: 'wanda',
      params: { sparsity: 0.5 },
      backend: 'cpu',
      weight,
      calib: { x, tokens: 256, seqlen: 64 },
      evalTokens: 64,
    });
    expect(result.report.sparsity).toBe(0.5);
    expect(outputErr).toBeGreaterThan(0);
    // Wanda's point: output error well below weight error on data with outlier channels.
    expect(outputErr as number).toBeLessThan(result.report.relErr);
  });
});
