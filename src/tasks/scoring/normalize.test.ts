import { describe, expect, it } from 'vitest';
import { maxOverGroundTruths, normalizeAnswer, pySplit, tokenF1 } from './normalize.ts';

// Expected values worked out by hand from the TriviaQA v1.0 evaluation script's steps:
// '_' -> ' ', lower(), punctuation (ASCII + ‘ ’ ´ `) -> ' ', \b(a|an|the)\b -> ' ', ' '.join(split()).
describe('normalizeAnswer (TriviaQA / SQuAD rules)', () => {
  it('lowercases, drops articles and collapses whitespace', () => {
    expect(normalizeAnswer('The  Eiffel Tower')).toBe('eiffel tower');
    expect(normalizeAnswer('An apple a day')).toBe('apple day');
  });
  it('turns punctuation into spaces rather than deleting it (TriviaQA, unlike SQuAD)', () => {
    expect(normalizeAnswer("O'Neill")).toBe('o neill');
    expect(normalizeAnswer('U.S.A.')).toBe('u s');
    expect(normalizeAnswer('100%25 agave')).toBe('100 25 agave');
  });
  it('treats the typographic quotes and ` ´ as punctuation, and _ as a space', () => {
    expect(normalizeAnswer('\u2018Hello\u2019 world\u00b4s`')).toBe('hello world s');
    expect(normalizeAnswer('snake_case_name')).toBe('snake case name');
  });
  it('keeps articles glued to other word characters, including non-ASCII letters', () => {
    expect(normalizeAnswer('theatre')).toBe('theatre');
    expect(normalizeAnswer('Añejo the')).toBe('añejo');
    // Python's \b sees "é" as a word character, so "éthe" keeps its "the".
    expect(normalizeAnswer('éthe')).toBe('éthe');
  });
  it('matches the normalized_answers stored in the TriviaQA fixture for its own answers', () => {
    expect(normalizeAnswer('Extra Añejo')).toBe('extra añejo');
    expect(normalizeAnswer('Orison (spirituality)')).toBe('orison spirituality');
    expect(normalizeAnswer('TEQUILA')).toBe('tequila');
  });
  it('pySplit splits on Unicode whitespace runs like str.split()', () => {
    expect(pySplit(' a\u00a0 b\n\tc ')).toEqual(['a', 'b', 'c']);
    expect(pySplit('   ')).toEqual([]);
  });
});

describe('tokenF1', () => {
  it('counts shared tokens with multiplicity', () => {
    // pred tokens [paris, paris, france], gold [paris]: same = 1, P = 1/3, R = 1, F1 = 0.5
    expect(tokenF1('Paris, Paris, France', 'Paris')).toBeCloseTo(0.5, 12);
  });
  it('is 0 with nothing shared and 1 on equal normalised text', () => {
    expect(tokenF1('London', 'Paris')).toBe(0);
    expect(tokenF1('The Paris!', 'paris')).toBe(1);
  });
  it('max over ground truths picks the best alias', () => {
    expect(maxOverGroundTruths(tokenF1, 'new york city', ['boston', 'new york'])).toBeCloseTo(0.8, 12);
  });
});
