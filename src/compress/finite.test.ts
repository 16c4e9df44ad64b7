// NaN and Inf refused where they enter a compression (weight, calibration) and where they leave it
// (a method's output), on the CPU twins; finite.browser.test.ts checks WebGPU refuses the same.
import { describe, expect, it } from 'vitest';
import { activations, randn } from '../../test/random.ts';
import { checkLayerJob, runLayerJob } from './layer-job.ts';
import { compress } from './registry.ts';
import type { WeightMatrix } from './types.ts';

const rows = 8;
const cols = 32;
const tokens = 64;

function weightWith(values: Record<number, number>): WeightMatrix {
  const data = randn(rows * cols, 3, 0.02);
  for (const [i, v] of Object.entries(values)) data[Number(i)] = v;
  return { data, rows, cols };
}

const calibration = (x: Float32Array) => ({ x, tokens, seqlen: 16 });

describe('non-finite inputs are refused, naming what holds them and how many', () => {
  const nanWeight = weightWith({ 37: NaN, 40: NaN, 100: Infinity });
  for (const [spec, params] of [
    ['magnitude', { sparsity: 0.5 }],
    ['rtn', { bits: 4, group: 16 }],
    ['wanda', { sparsity: 0.5 }],
    ['gptq', { bits: 4, group: 16 }],
    ['sparsegpt', { sparsity: 0.5 }],
    ['awq', { bits: 4, group: 16 }],
    ['wanda+rtn', { sparsity: 0.5, bits: 4, group: 16 }],
  ] as const) {
    it(`${spec} on a weight with 2 NaN and 1 Inf`, async () => {
      await expect(runLayerJob({ spec, params, backend: 'cpu', weight: nanWeight, calib: calibration(activations(tokens, cols, 1)), evalTokens: 0 })).rejects.toThrow(
        'the weight has 3 non-finite values (2 NaN, 1 Inf), the first at row 1, column 5',
      );
    });
  }

  for (const spec of ['wanda', 'sparsegpt', 'gptq', 'awq']) {
    it(`${spec} with NaN in the calibration activations blames the calibration data, not the damping`, async () => {
      const x = activations(tokens, cols, 2);
      x[3 * cols + 7] = NaN;
      const params = spec === 'gptq' || spec === 'awq' ? { bits: 4, group: 16 } : { sparsity: 0.5 };
      await expect(runLayerJob({ spec, params, backend: 'cpu', weight: weightWith({}), calib: calibration(x), evalTokens: 0 })).rejects.toThrow(
        'the calibration data has 1 non-finite value (1 NaN), the first at row 3, column 7',
      );
    });
  }

  it('statistics handed in directly (the model path) are checked too', async () => {
    const scalerRow = new Float32Array(cols).fill(1);
    scalerRow[4] = Infinity;
    await expect(compress('wanda', weightWith({}), { cols, nsamples: 1, tokens, scalerRow }, { sparsity: 0.5 }, { backend: 'cpu' })).rejects.toThrow(
      'calibration statistic scalerRow has 1 non-finite value (1 Inf)',
    );
  });
});

describe('a non-finite output is refused, not reported as success', () => {
  it('rtn on finite weights near the float32 limit overflows its scale: refused', async () => {
    const data = new Float32Array(rows * cols).map((_, i) => (i % 2 ? 3e38 : -3e38));
    await expect(compress('rtn', { data, rows, cols }, null, { bits: 4, group: 16 }, { backend: 'cpu' })).rejects.toThrow(
      /^rtn turned finite inputs into 256 non-finite values \(256 NaN\), the first at row 0, column 0/,
    );
  });
});

describe('group sizes as the authors handle them', () => {
  const x = activations(tokens, cols, 4);
  it('AWQ refuses a group that does not divide the input width, or exceeds it, as llm-awq asserts', async () => {
    for (const group of [12, 64]) {
      expect(() => checkLayerJob('awq', { group }, weightWith({}), true)).toThrow(`AWQ needs the group size to divide the input width, as llm-awq does: ${group} does not divide ${cols}`);
      await expect(runLayerJob({ spec: 'awq', params: { group }, backend: 'cpu', weight: weightWith({}), calib: calibration(x), evalTokens: 0 })).rejects.toThrow(/does not divide 32/);
    }
    expect(() => checkLayerJob('awq', { group: 8 }, weightWith({}), true)).not.toThrow();
    expect(() => checkLayerJob('awq', { group: -1 }, weightWith({}), true)).not.toThrow();
  });

  it('GPTQ keeps a shorter last group, and a group wider than the input is one group per row, as fasterquant does', async () => {
    const weight = weightWith({});
    const run = async (group: number) => (await runLayerJob({ spec: 'gptq', params: { bits: 4, group }, backend: 'cpu', weight, calib: calibration(x), evalTokens: 0 })).result;
    const partial = await run(12); // 12 + 12 + 8
    expect(partial.packed!.scale.length).toBe(rows * 3);
    const wide = await run(100);
    const perRow = await run(-1);
    expect(wide.packed!.scale.length).toBe(rows);
    expect(Array.from(wide.weight)).toEqual(Array.from(perRow.weight));
  });
});
