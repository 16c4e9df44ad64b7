import { describe, expect, it } from 'vitest';
import { niceLinearTicks, niceLogTicks, tickText } from './nice-ticks.ts';

describe('nice ticks', () => {
  it('reads 0, 0.05, 0.1, 0.15 where the largest value is 0.14, not multiples of 0.035', () => {
    expect(niceLinearTicks(0.14)).toEqual([0, 0.05, 0.1, 0.15]);
  });

  it('steps by 1, 2, 2.5 or 5 times a power of ten and ends at or above the largest value', () => {
    for (const max of [0.0071, 0.9, 3.2, 7, 13.75, 96.3, 240, 1234]) {
      const t = niceLinearTicks(max);
      expect(t[0]).toBe(0);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
      expect(t.length).toBeGreaterThanOrEqual(3);
      expect(t.length).toBeLessThanOrEqual(7);
      const step = t[1];
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5]).toContain(Number(mantissa.toPrecision(6)));
      for (const v of t) expect(tickText(v).length).toBeLessThanOrEqual(6);
    }
  });

  it('gives an axis for nothing to plot', () => {
    expect(niceLinearTicks(0)).toEqual([0, 1]);
    expect(niceLinearTicks(Number.NaN)).toEqual([0, 1]);
  });

  it('puts log ticks at 1, 2 and 5 times powers of ten within the range', () => {
    expect(niceLogTicks(5, 200)).toEqual([5, 10, 20, 50, 100, 200]);
    expect(niceLogTicks(0, 10)).toEqual([]);
  });
});
