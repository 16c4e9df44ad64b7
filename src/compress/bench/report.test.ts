import { describe, expect, it } from 'vitest';
import { adapterLabel, formatFraction, formatMs, formatRate, median } from './report.ts';

describe('kernel benchmark report formatting', () => {
  it('takes the median of odd and even counts and refuses none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('prints rates in the unit of their bound and fractions as percentages', () => {
    expect(formatRate(1.25e9, 'bandwidth')).toBe('1.25 GB/s');
    expect(formatRate(312e9, 'compute')).toBe('312 GFLOP/s');
    expect(formatRate(null, 'compute')).toBe('-');
    expect(formatFraction(0.5)).toBe('50%');
    expect(formatFraction(0.012)).toBe('1.2%');
    expect(formatMs(0.8)).toBe('0.80 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
  });

  it('names the adapter, marking a fallback', () => {
    const base = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true, features: [], limits: {} };
    expect(adapterLabel(base)).toBe('google / swiftshader (fallback adapter)');
    expect(adapterLabel({ ...base, vendor: '', architecture: '', isFallbackAdapter: false })).toBe('unknown adapter');
  });
});
