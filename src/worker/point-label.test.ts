import { describe, expect, it } from 'vitest';
import { compressionPointLabel } from './point-label.ts';

describe('compressionPointLabel', () => {
  it('names the dense baseline and compressed points from their parameters and schedule', () => {
    expect(compressionPointLabel(null)).toBe('dense');
    expect(compressionPointLabel({ spec: 'wanda', params: { sparsity: 0.5, group: 128 }, schedule: 'owl' })).toBe('wanda 50% (OWL)');
    expect(compressionPointLabel({ spec: 'magnitude', params: { pattern: { n: 2, m: 4 } }, schedule: 'uniform' })).toBe('magnitude 2:4');
    expect(compressionPointLabel({ spec: 'int8', params: { bits: 8, threshold: 6 }, schedule: 'uniform' })).toBe('int8 8-bit');
    expect(compressionPointLabel({ spec: 'sparsegpt+gptq', params: { sparsity: 0.333, bits: 3 }, schedule: 'uniform' })).toBe('sparsegpt+gptq 33.3% 3-bit');
  });
});
