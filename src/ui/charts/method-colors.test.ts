import { describe, expect, it } from 'vitest';
import { DENSE_COLOR, methodColor, seriesColor } from './method-colors.ts';

describe('method colours', () => {
  it('gives each known method its own colour, none of them the dense line\'s', () => {
    const ids = ['magnitude', 'wanda', 'sparsegpt', 'rtn', 'gptq', 'awq', 'int8'];
    const colours = ids.map(methodColor);
    expect(new Set(colours).size).toBe(ids.length);
    expect(colours).not.toContain(DENSE_COLOR);
  });

  it('depends on the id alone, whatever else was asked before', () => {
    const first = methodColor('wanda+rtn');
    methodColor('magnitude');
    methodColor('owl-something');
    expect(methodColor('wanda+rtn')).toBe(first);
    expect(first).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('colours a curve by its method, shading a pattern or bit-width variant', () => {
    expect(seriesColor('wanda')).toBe(methodColor('wanda'));
    expect(seriesColor('gptq|bits')).toBe(methodColor('gptq'));
    const variant = seriesColor('wanda 2:4');
    expect(variant).not.toBe(methodColor('wanda'));
    expect(variant).toMatch(/^#[0-9a-f]{6}$/);
    expect(seriesColor('wanda 2:4')).toBe(variant);
  });
});
