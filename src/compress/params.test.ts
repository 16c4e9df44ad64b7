import { describe, expect, it } from 'vitest';
import { checkParams, checkStats, parsePattern } from './params.ts';
import { CompressInputError, type CompressParams } from './types.ts';

const weight = { data: new Float32Array(8 * 12), rows: 8, cols: 12 };
const all: Array<keyof CompressParams> = ['sparsity', 'pattern', 'bits', 'group', 'damp', 'blocksize', 'threshold'];

function message(params: CompressParams, keys = all, w = weight): string {
  try {
    checkParams(keys, params, w);
  } catch (error) {
    expect(error).toBeInstanceOf(CompressInputError);
    return (error as Error).message;
  }
  return 'accepted';
}

describe('parameter checks', () => {
  it('accepts valid parameters', () => {
    expect(message({ sparsity: 0, bits: 2, group: -1 })).toBe('accepted');
    expect(message({ sparsity: 0.99, bits: 8, group: 128, pattern: { n: 2, m: 4 } })).toBe('accepted');
  });

  it('rejects sparsity outside [0, 1)', () => {
    expect(message({ sparsity: 1, bits: 4 })).toMatch(/sparsity must be in \[0, 1\), got 1/);
    expect(message({ sparsity: -0.1, bits: 4 })).toMatch(/sparsity/);
    expect(message({ sparsity: Number.NaN, bits: 4 })).toMatch(/sparsity/);
  });

  it('ignores the sparsity of N:M patterns, which fix it at n/m', () => {
    expect(message({ sparsity: 5, pattern: { n: 2, m: 4 }, bits: 4 })).toBe('accepted');
  });

  it('rejects bits outside 2..8', () => {
    expect(message({ sparsity: 0.5, bits: 1 })).toMatch(/bits must be an integer in 2..8, got 1/);
    expect(message({ sparsity: 0.5, bits: 9 })).toMatch(/bits/);
    expect(message({ sparsity: 0.5, bits: 3.5 })).toMatch(/bits/);
  });

  it('rejects N:M where in is not a multiple of M, and impossible patterns', () => {
    expect(message({ pattern: { n: 4, m: 8 }, bits: 4 })).toMatch(/input width \(12\) to be a multiple of 8/);
    expect(message({ pattern: { n: 4, m: 4 }, bits: 4 })).toMatch(/1 <= N < M/);
    expect(message({ pattern: { n: 0, m: 4 }, bits: 4 })).toMatch(/1 <= N < M/);
  });

  it('rejects bad groups and a weight whose data does not match its shape', () => {
    expect(message({ sparsity: 0.5, bits: 4, group: 0 })).toMatch(/group must be a positive integer or -1/);
    expect(message({ sparsity: 0.5, bits: 4 }, all, { ...weight, rows: 9 })).toMatch(/shape 9x12 needs 108/);
  });

  it('parses patterns', () => {
    expect(parsePattern('unstructured')).toBe('unstructured');
    expect(parsePattern('4:8')).toEqual({ n: 4, m: 8 });
    expect(() => parsePattern('4/8')).toThrow(CompressInputError);
  });
});

describe('statistics checks', () => {
  it('needs calibration where the method does, of the right width', () => {
    expect(() => checkStats('Wanda', ['scalerRow'], null, weight)).toThrow(/needs calibration data/);
    const stats = { cols: 10, nsamples: 1, tokens: 4, scalerRow: new Float32Array(10) };
    expect(() => checkStats('Wanda', ['scalerRow'], stats, weight)).toThrow(/calibration width 10 does not match the weight's input width 12/);
    expect(() => checkStats('SparseGPT', ['hessian'], { ...stats, cols: 12 }, weight)).toThrow(/needs the hessian statistic/);
    expect(() => checkStats('Magnitude', [], null, weight)).not.toThrow();
  });
});

describe('parameter schema', () => {
  it('accepts what the registry accepts and rejects out-of-range values', async () => {
    const { compressParamsSchema } = await import('./params.ts');
    expect(compressParamsSchema.safeParse({ sparsity: 0.5, pattern: { n: 2, m: 4 }, bits: 4, group: -1 }).success).toBe(true);
    for (const bad of [{ sparsity: 1 }, { bits: 9 }, { group: 0 }, { pattern: { n: 0, m: 4 } }, { threshold: -1 }, { unknown: 1 }]) {
      expect(compressParamsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
