import { describe, expect, it } from 'vitest';
import { LLM_SHAPES, parseShapes } from './shapes.ts';

describe('benchmark shapes', () => {
  it('parses a list and the LLM preset', () => {
    expect(parseShapes(' 64x192, 11008 x 4096')).toEqual([{ rows: 64, cols: 192 }, { rows: 11008, cols: 4096 }]);
    expect(parseShapes('llm')).toBe(LLM_SHAPES);
  });

  it('rejects malformed and empty shapes with the offending part', () => {
    expect(() => parseShapes('64x')).toThrow('got "64x"');
    expect(() => parseShapes('0x5')).toThrow('positive integer');
  });
});
