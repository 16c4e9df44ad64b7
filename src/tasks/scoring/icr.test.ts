import { describe, expect, it } from 'vitest';
import { codePointSlice, icrF1, icrKickEm, icrPrediction, icrPrompt, icrQuestionPart, icrStrictEm } from './icr.ts';

describe('ICR prompts', () => {
  it('closed book is stripped of the leading blank lines', () => {
    expect(icrPrompt('Who?', 'ignored', false)).toBe('Answer these questions:\n\nQ: Who?\nA:');
  });
  it('open book puts the first 3072 characters of the evidence first', () => {
    const ctx = 'x'.repeat(4000);
    const p = icrPrompt('Who?', ctx, true);
    expect(p).toBe(`${'x'.repeat(3072)}\n\nBased on these texts, answer these questions:\n\nQ: Who?\nA:`);
  });
  it('slices evidence by code points as Python does', () => {
    expect(codePointSlice('a😀b', 2)).toBe('a😀');
  });
});

describe('ICR prediction', () => {
  it('splits the decoded text on the question part, strips, keeps the first line', () => {
    const part = icrQuestionPart('Who?', false);
    const prompt = icrPrompt('Who?', '', false);
    expect(icrPrediction(prompt + '  Paris\nQ: next', part, '  Paris\nQ: next')).toBe('Paris');
  });
  it('falls back to the continuation when the question part is not in the decoded text', () => {
    expect(icrPrediction('garbled', 'Q: Who?\nA:', ' Rome\nmore')).toBe('Rome');
  });
});

describe('ICR EM rules', () => {
  it('kick EM is a two-way character substring test ("paris" inside "comparison")', () => {
    expect(icrKickEm('comparison', ['paris'])).toBe(1);
    expect(icrStrictEm('comparison', ['paris'])).toBe(0);
    expect(icrKickEm('Paris', ['paris france'])).toBe(1);
  });
  it('an empty prediction scores 1 under kick, 0 under strict', () => {
    expect(icrKickEm('', ['tequila'])).toBe(1);
    expect(icrStrictEm('', ['tequila'])).toBe(0);
    // A prediction that normalises to nothing (only an article) also scores 1.
    expect(icrKickEm('The', ['tequila'])).toBe(1);
  });
  it('strict EM compares normalised strings for equality, max over aliases', () => {
    expect(icrStrictEm('The Tequila!', ['mezcal', 'tequila'])).toBe(1);
    expect(icrF1('tequila sunrise', ['tequila'])).toBeCloseTo(2 / 3, 12);
  });
});
