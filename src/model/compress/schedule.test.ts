import { describe, expect, it } from 'vitest';
import { layerOutlierRatio, MAX_LAYER_SPARSITY, owlSparsities, ScheduleError, uniformSparsities } from './schedule.ts';

const mat = (rows: number, cols: number, values: number[]) => ({ data: Float32Array.from(values), rows, cols });

describe('OWL outlier ratio', () => {
  it('counts Wanda scores |W| * ||x|| above M times their mean over all the layer linears', () => {
    // Scores 1 (x9) and 100: mean 10.9, threshold 54.5 at M = 5: one outlier in ten.
    const w = mat(1, 10, [1, -1, 1, 1, 1, 1, 1, 1, 1, -100]);
    expect(layerOutlierRatio([{ weight: w, scalerRow: new Float32Array(10).fill(1) }], 5)).toBeCloseTo(0.1, 12);
    // With M = 50 (threshold 545) there is none.
    expect(layerOutlierRatio([{ weight: w, scalerRow: new Float32Array(10).fill(1) }], 50)).toBe(0);
    // The activation norm weighs the columns: sqrt(scaler_row) = 100 on column 0 makes it the outlier.
    const flat = mat(2, 2, [1, 1, 1, 1]);
    const scaler = Float32Array.of(10000, 1);
    // Scores 100, 1, 100, 1: mean 50.5; M = 1.5 -> threshold 75.75: 2 of 4.
    expect(layerOutlierRatio([{ weight: flat, scalerRow: scaler }], 1.5)).toBe(0.5);
    // Two linears share one mean: scores [1,1] and [1,1,1,1,1,1,1,1,1,100] -> 1 of 12 above 5 * mean.
    const small = mat(1, 2, [1, 1]);
    expect(layerOutlierRatio([{ weight: small, scalerRow: Float32Array.of(1, 1) }, { weight: w, scalerRow: new Float32Array(10).fill(1) }], 5)).toBeCloseTo(1 / 12, 12);
  });

  it('rejects a statistic of the wrong width and an empty layer', () => {
    expect(() => layerOutlierRatio([{ weight: mat(1, 2, [1, 2]), scalerRow: Float32Array.of(1) }])).toThrow(ScheduleError);
    expect(() => layerOutlierRatio([])).toThrow(ScheduleError);
  });
});

describe('per-layer sparsity', () => {
  it('OWL: normalised ratios spread over 2 lambda, mean sparsity at the target, more outliers -> less sparsity', () => {
    const s = owlSparsities([0.01, 0.03, 0.02], 0.5, 0.08);
    // r = [0, 0.16, 0.08], mean 0.08 -> sparsity 0.5 - (r - 0.08)
    expect(s.sparsity[0]).toBeCloseTo(0.58, 12);
    expect(s.sparsity[1]).toBeCloseTo(0.42, 12);
    expect(s.sparsity[2]).toBeCloseTo(0.5, 12);
    expect(s.clamped).toEqual([]);
    expect(s.outlierRatio).toEqual([0.01, 0.03, 0.02]);
    const many = owlSparsities([0.3, 0.1, 0.7, 0.2, 0.25], 0.7, 0.05);
    expect(many.sparsity.reduce((a, b) => a + b, 0) / 5).toBeCloseTo(0.7, 12);
    expect(Math.max(...many.sparsity) - Math.min(...many.sparsity)).toBeCloseTo(0.1, 12);
  });

  it('OWL with equal ratios, or lambda 0, is uniform', () => {
    expect(owlSparsities([0.02, 0.02], 0.6).sparsity).toEqual([0.6, 0.6]);
    expect(owlSparsities([0.01, 0.05], 0.6, 0).sparsity).toEqual([0.6, 0.6]);
    expect(uniformSparsities(3, 0.4)).toEqual({ sparsity: [0.4, 0.4, 0.4], clamped: [] });
  });

  it('clamps into [0, MAX_LAYER_SPARSITY] and says which layers', () => {
    const low = owlSparsities([0.01, 0.03, 0.02], 0.05, 0.08);
    expect(low.sparsity[1]).toBe(0);
    expect(low.clamped).toEqual([1]);
    const high = owlSparsities([0.01, 0.03, 0.02], 0.98, 0.08);
    expect(high.sparsity[0]).toBe(MAX_LAYER_SPARSITY);
    expect(high.clamped).toEqual([0]);
  });

  it('rejects a target outside [0, 1) and a negative lambda', () => {
    expect(() => owlSparsities([0.1], 1)).toThrow(/target sparsity/);
    expect(() => uniformSparsities(2, -0.1)).toThrow(ScheduleError);
    expect(() => owlSparsities([0.1], 0.5, -1)).toThrow(/lambda/);
  });
});
