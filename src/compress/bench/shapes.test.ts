import { describe, expect, it } from 'vitest';
import { HUB_SHAPES, LLM_SHAPES, parseShapes, SHAPE_PRESETS } from './shapes.ts';

describe('benchmark shapes', () => {
  it('parses a list and the LLM preset', () => {
    expect(parseShapes(' 64x192, 11008 x 4096')).toEqual([{ rows: 64, cols: 192 }, { rows: 11008, cols: 4096 }]);
    expect(parseShapes('llm')).toBe(LLM_SHAPES);
  });

  it('lists the hub models\' linear shapes once each', () => {
    const hub = parseShapes('hub');
    expect(hub).toBe(HUB_SHAPES);
    const names = hub.map((s) => `${s.rows}x${s.cols}`);
    expect(new Set(names).size).toBe(names.length);
    // SmolLM2-135M: q/o, k/v (3 of 9 heads of 64), gate/up, down.
    expect(names.slice(0, 4)).toEqual(['576x576', '192x576', '1536x576', '576x1536']);
    // Qwen2.5-0.5B's k/v (2 heads of 64) and Llama-3.2-1B's down; TinyLlama's q/o repeats Llama's.
    expect(names).toEqual(expect.arrayContaining(['128x896', '2048x8192', '256x2048', '5632x2048', '2048x5632']));
    expect(names.filter((n) => n === '2048x2048')).toHaveLength(1);
    expect(names).toHaveLength(19);
  });

  it('parses every preset the view offers', () => {
    for (const preset of SHAPE_PRESETS) expect(parseShapes(preset).length).toBeGreaterThan(0);
  });

  it('rejects malformed and empty shapes with the offending part', () => {
    expect(() => parseShapes('64x')).toThrow('got "64x"');
    expect(() => parseShapes('0x5')).toThrow('positive integer');
  });
});
