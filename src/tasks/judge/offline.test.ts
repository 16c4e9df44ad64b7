import { describe, expect, it } from 'vitest';
import { denseAgreement, keyFactRecall, rougeL, rougeTokens } from './offline.ts';

describe('ROUGE-L', () => {
  it('tokenises like rouge-score (lowercase, alphanumeric runs)', () => {
    expect(rougeTokens("The cat's hat, 2024!")).toEqual(['the', 'cat', 's', 'hat', '2024']);
  });
  it('is the LCS F-measure', () => {
    // ref: police killed the gunman; cand: police kill the gunman -> LCS 3 (police, the, gunman)
    const s = rougeL('police killed the gunman', 'police kill the gunman');
    expect(s.precision).toBeCloseTo(3 / 4, 12);
    expect(s.recall).toBeCloseTo(3 / 4, 12);
    expect(s.f).toBeCloseTo(3 / 4, 12);
    // the LCS respects order: "gunman the police" against the same reference shares 2 in order
    expect(rougeL('police killed the gunman', 'the gunman police').f).toBeCloseTo((2 * (2 / 3) * (2 / 4)) / (2 / 3 + 2 / 4), 12);
    expect(rougeL('a b', '').f).toBe(0);
  });
});

describe('key-fact recall and dense agreement', () => {
  it('counts a fact covered when half of its content words appear', () => {
    const facts = ['Firefighters rescued a cat', 'The council approved the park', 'The the a'];
    // fact 1: firefighters, rescued, cat -> all present; fact 2: council, approved, park -> 1/3; fact 3: no content words
    expect(keyFactRecall(facts, 'Firefighters rescued the cat near the park')).toBe(0.5);
    expect(keyFactRecall(['the a'], 'x')).toBeNull();
  });
  it('agreement with the dense output is 1 for identical text and falls with divergence', () => {
    expect(denseAgreement('same words here', 'same words here')).toBe(1);
    expect(denseAgreement('same words here', 'other text entirely')).toBe(0);
  });
});
