import { describe, expect, it } from 'vitest';
import { forgetResults, lastResults, rememberResults } from './last-results.ts';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('last results', () => {
  it('keeps the last results shown, and forgets them', () => {
    const store = memoryStore();
    expect(lastResults(store)).toBeNull();
    rememberResults({ kind: 'history', id: 'sweep-1' }, store);
    expect(lastResults(store)).toEqual({ kind: 'history', id: 'sweep-1' });
    rememberResults({ kind: 'example', id: 'quant' }, store);
    expect(lastResults(store)).toEqual({ kind: 'example', id: 'quant' });
    forgetResults(store);
    expect(lastResults(store)).toBeNull();
  });

  it('reads anything else kept under its key as nothing', () => {
    const store = memoryStore();
    for (const raw of ['not json', '{"kind":"example","id":"nope"}', '{"kind":"history","id":""}', '[]', 'null']) {
      store.m.set('kick-lab:last-results', raw);
      expect(lastResults(store), raw).toBeNull();
    }
  });

  it('does without storage', () => {
    expect(lastResults(null)).toBeNull();
    expect(() => rememberResults({ kind: 'history', id: 'x' }, null)).not.toThrow();
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } };
    expect(lastResults(refusing)).toBeNull();
    expect(() => rememberResults({ kind: 'history', id: 'x' }, refusing)).not.toThrow();
    expect(() => forgetResults(refusing)).not.toThrow();
  });
});
