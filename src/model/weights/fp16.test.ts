import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat } from './fp16.ts';

describe('fp16 conversion', () => {
  it('maps known values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(2 ** -26)).toBe(0); // below half the smallest subnormal
  });

  it('round-trips every finite half exactly', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      expect(floatToHalf(halfToFloat(h))).toBe(h);
    }
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 is halfway between 1 and the next half (1 + 2^-10): ties go to the even mantissa 0.
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3 * 2^-11 is halfway between mantissas 1 and 2: goes to 2.
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // Subnormal tie: 1.5 * 2^-24 lies between 1 and 2 units -> 2 (even).
    expect(floatToHalf(1.5 * 2 ** -24)).toBe(0x0002);
    expect(floatToHalf(0.5 * 2 ** -24)).toBe(0);
  });
});
