import { describe, expect, it } from 'vitest';
import { rng } from '../../../test/random.ts';
import { codePointSlice, icrF1, icrKickEm, icrPrediction, icrPredictionSettled, icrPrompt, icrQuestionPart, icrStrictEm } from './icr.ts';

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

describe('ICR settled prediction (early end of generation)', () => {
  const part = icrQuestionPart('Who?', false);
  const prompt = icrPrompt('Who?', '', false);
  const read = (continuation: string) => icrPrediction(prompt + continuation, part, continuation);

  it('settles after the first line, not before', () => {
    expect(icrPredictionSettled(' Paris', part)).toBe(false);
    expect(icrPredictionSettled('\n\n', part)).toBe(false);
    expect(icrPredictionSettled(' \n Paris\n', part)).toBe(true);
    // A repeat of the question part could still begin before the break: not settled.
    expect(icrPredictionSettled('Answer these questions:\n', part)).toBe(false);
    // Trailing blanks are kept only when more text follows them.
    expect(icrPredictionSettled('Paris \n', part)).toBe(false);
    expect(icrPredictionSettled('Paris \nx', part)).toBe(true);
  });

  it('once settled, no appended text changes the prediction (seeded random continuations)', () => {
    // Pieces that exercise every branch: blanks, breaks, words, and parts of the question part.
    const pieces = [' ', '\n', 'Paris', 'Rome', 'A', ':', 'Q: ', 'Who?', 'Answer', ' these', ' questions', ':\n\n', part, part.slice(0, 9), part.slice(9)];
    const next = rng(20241206);
    const pick = () => pieces[Math.floor(next() * pieces.length)];
    let settledSeen = 0;
    for (let trial = 0; trial < 3000; trial++) {
      let text = '';
      const length = 1 + Math.floor(next() * 8);
      for (let i = 0; i < length; i++) text += pick();
      if (!icrPredictionSettled(text, part)) continue;
      settledSeen++;
      for (let k = 0; k < 6; k++) {
        let more = '';
        const extra = 1 + Math.floor(next() * 5);
        for (let i = 0; i < extra; i++) more += pick();
        expect(read(text + more), JSON.stringify({ text, more })).toBe(read(text));
      }
    }
    expect(settledSeen).toBeGreaterThan(300);
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
