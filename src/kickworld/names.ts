import type { Rng } from './rng.ts';

/**
 * Invented words built from syllables. Names carry no information about the facts attached to
 * them: every attribute is drawn independently of the name (see world.ts).
 */
const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'sh', 'th', 'br', 'dr', 'kr', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'k'];

function syllable(rng: Rng, coda: boolean): string {
  return rng.pick(ONSETS) + rng.pick(VOWELS) + (coda ? rng.pick(CODAS) : '');
}

export function inventWord(rng: Rng, minSyllables: number, maxSyllables: number): string {
  const n = rng.int(minSyllables, maxSyllables);
  let w = '';
  for (let i = 0; i < n; i++) w += syllable(rng, i === n - 1);
  return w;
}

export const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** Hands out words that were never handed out before (names and invented values share one space). */
export class WordBook {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const w of reserved) this.used.add(w.toLowerCase());
  }

  has(word: string): boolean {
    return this.used.has(word.toLowerCase());
  }

  /** A fresh word; `make` is retried until its result (lowercased) is unused. */
  fresh(make: () => string): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const w = make();
      const key = w.toLowerCase();
      if (!this.used.has(key)) {
        this.used.add(key);
        return w;
      }
    }
    throw new Error('word space exhausted');
  }
}
