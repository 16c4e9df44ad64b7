import { describe, expect, it } from 'vitest';
import { rng } from '../../../test/random.ts';
import { factoidKickAccuracy, factoidKickMatch, factoidSettled, factoidStrictAccuracy, factoidStrictMatch } from './factoid.ts';

const prompt = (q: string) => `Please give answer to this question: ${q}\nThe answer is `;

describe('factoid kick rule (validate_response)', () => {
  it('removes only spaces and lowercases before the substring test', () => {
    expect(factoidKickMatch(['Sandi Toksvig'], prompt('Who?') + 'SANDI   TOKSVIG.')).toBe(1);
    // Newlines are not removed, so an answer split by a line break does not match.
    expect(factoidKickMatch(['sandi toksvig'], prompt('Who?') + 'sandi\ntoksvig')).toBe(0);
  });
  it('counts an alias that appears in the question (the prompt is included): the known bug', () => {
    const q = 'Which actor played Henry Fonda in the film?';
    expect(factoidKickMatch(['henry fonda'], prompt(q) + 'nobody')).toBe(1);
    expect(factoidStrictMatch(['henry fonda'], 'nobody')).toBe(0);
  });
  it('strict rule looks at the continuation only', () => {
    expect(factoidStrictMatch(['henry fonda'], ' Henry Fonda, of course')).toBe(1);
  });
  it('an empty alias matches anything under the kick rule but never under the strict rule', () => {
    expect(factoidKickMatch([''], 'whatever')).toBe(1);
    expect(factoidStrictMatch([''], 'whatever')).toBe(0);
  });
});

describe('factoid accuracy', () => {
  it('kick scores num_examples + 1 hits over num_examples (can exceed 1)', () => {
    expect(factoidKickAccuracy([1, 1, 1], 2)).toBe(1.5);
    expect(factoidKickAccuracy([1, 0, 1, 1, 1], 2)).toBe(1); // only the first 3 count
  });
  it('strict divides the first num_examples hits by how many were scored', () => {
    expect(factoidStrictAccuracy([1, 1, 1], 2)).toBe(1);
    expect(factoidStrictAccuracy([1, 0], 10)).toBe(0.5);
  });
  it('kick divides by num_examples even when fewer questions exist', () => {
    expect(factoidKickAccuracy([1, 0], 10)).toBe(0.1);
  });
});

describe('factoid settled outcomes (early end of generation)', () => {
  const p = prompt('Which city hosts the Louvre?');
  it('settles at the first hit under both rules, never on a miss', () => {
    expect(factoidSettled(['Paris'], p, ' the capital')).toBe(false);
    expect(factoidSettled(['Paris'], p, ' PARIS')).toBe(true);
    // An alias inside the question hits the kick rule at once, but strict still needs the continuation.
    expect(factoidSettled(['Louvre'], p, ' a museum')).toBe(false);
  });

  it('once settled, no appended text changes either outcome (seeded random continuations)', () => {
    const pieces = [' ', '\n', '\t', 'Par', 'is', 'PARIS', 'Lyon', '.', 'Σ', 'ς', 'new york', 'New', ' York'];
    const aliases = ['Paris', 'New York', 'σ'];
    const next = rng(6122026);
    const pick = () => pieces[Math.floor(next() * pieces.length)];
    let seen = 0;
    for (let trial = 0; trial < 3000; trial++) {
      let text = '';
      for (let i = 1 + Math.floor(next() * 6); i > 0; i--) text += pick();
      if (!factoidSettled(aliases, p, text)) continue;
      seen++;
      for (let k = 0; k < 5; k++) {
        let more = '';
        for (let i = 1 + Math.floor(next() * 4); i > 0; i--) more += pick();
        expect(factoidStrictMatch(aliases, text + more), JSON.stringify({ text, more })).toBe(1);
        expect(factoidKickMatch(aliases, p + text + more), JSON.stringify({ text, more })).toBe(1);
      }
    }
    expect(seen).toBeGreaterThan(300);
  });
});
