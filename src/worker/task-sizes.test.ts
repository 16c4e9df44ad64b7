import { describe, expect, it } from 'vitest';
import { LAPTOP_SIZES } from '../tasks/datasets/sampling.ts';
import { evaluateDetail, suiteSizes } from './task-sizes.ts';

describe('task sizes', () => {
  it('gives each task the count asked for it, the rest follow the limit', () => {
    const sizes = suiteSizes(null, { factoid: 20, icr_open: 5, icr_closed: 7, mcr: 3, perplexity: 4 });
    expect(sizes).toMatchObject({ factoid: 20, icrOpen: 5, icr: 7, mcrPerSubject: 3, perplexityWindows: 4 });
    expect(sizes.summarizationPerBucket).toBe(LAPTOP_SIZES.summarizationPerBucket);
    expect(suiteSizes(10, { factoid: 2 })).toMatchObject({ factoid: 2, icr: 10, mcrPerSubject: 10, perplexityWindows: 10 });
    expect(suiteSizes(null)).toEqual({ ...LAPTOP_SIZES });
  });
});

describe('evaluate progress', () => {
  it('counts factoid in the questions asked and names the extra loop question apart', () => {
    expect(evaluateDetail('factoid', 0, 21, 20)).toBe('factoid 0/20 + 1 loop example');
    expect(evaluateDetail('factoid', 21, 21, 20)).toBe('factoid 20/20 + 1 loop example');
    // Fewer questions than asked + 1: no loop question to name.
    expect(evaluateDetail('factoid', 3, 15, 20)).toBe('factoid 3/15');
    expect(evaluateDetail('icr_open', 4, 20, 20)).toBe('icr_open 4/20');
  });
});
