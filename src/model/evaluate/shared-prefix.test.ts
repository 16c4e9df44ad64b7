import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import type { KvCache } from './forward.ts';
import { cachePositions, cutPositions, stackLeftPadded } from './kv-positions.ts';
import { PrefixCache, prefixCacheBudget } from './prefix-cache.ts';
import { MIN_SAVED_TOKENS, planPrefixes, stackPrefixes, type PrefixRow } from './shared-prefix.ts';

/** A cache of `batch` rows, 2 heads, `positions`, headDim 3, whose values say where they sit: b*1000 + h*100 + p*10 + d. */
function tagged(batch: number, positions: number): KvCache {
  const data = new Float32Array(batch * 2 * positions * 3);
  for (let b = 0; b < batch; b++) for (let h = 0; h < 2; h++) for (let p = 0; p < positions; p++) for (let d = 0; d < 3; d++) data[((b * 2 + h) * positions + p) * 3 + d] = b * 1000 + h * 100 + p * 10 + d;
  return { 'past_key_values.0.key': new Tensor('float32', data, [batch, 2, positions, 3]) };
}

const at = (c: KvCache, b: number, h: number, p: number) => {
  const t = c['past_key_values.0.key'];
  const [, heads, positions, dim] = t.dims;
  return (t.data as Float32Array)[((b * heads + h) * positions + p) * dim];
};

const blank = (positions: number) => tagged(1, positions);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('kv positions', () => {
  it("cuts one row's spans of positions into a batch-1 cache, in order", () => {
    const cut = cutPositions(tagged(3, 6), 2, [
      [1, 3],
      [4, 6],
    ]);
    expect(cut['past_key_values.0.key'].dims).toEqual([1, 2, 4, 3]);
    expect([0, 1, 2, 3].map((p) => at(cut, 0, 1, p))).toEqual([2110, 2120, 2140, 2150]);
    expect(() => cutPositions(tagged(1, 4), 1, [[0, 1]])).toThrow(/outside a cache of batch 1/);
    expect(() => cutPositions(tagged(1, 4), 0, [[2, 5]])).toThrow(/outside a cache of 4/);
  });

  it('stacks the leading positions of caches left-padded with zeros, rows without one all zeros', () => {
    const stacked = stackLeftPadded([{ kv: blank(2), length: 2 }, null, { kv: blank(4), length: 4 }, { kv: blank(6), length: 3 }], 4);
    expect(stacked['past_key_values.0.key'].dims).toEqual([4, 2, 4, 3]);
    expect([0, 1, 2, 3].map((p) => at(stacked, 0, 1, p))).toEqual([0, 0, 100, 110]);
    expect([0, 1, 2, 3].map((p) => at(stacked, 1, 0, p))).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((p) => at(stacked, 2, 1, p))).toEqual([100, 110, 120, 130]);
    // Only the first three of six positions.
    expect([0, 1, 2, 3].map((p) => at(stacked, 3, 1, p))).toEqual([0, 100, 110, 120]);
    expect(cachePositions(stacked)).toBe(4);
    expect(() => stackLeftPadded([{ kv: blank(5), length: 5 }], 4)).toThrow(/5 positions, more than the 4/);
    expect(() => stackLeftPadded([{ kv: blank(2), length: 3 }], 4)).toThrow(/asks for 3 positions of a cache of 2/);
    expect(() => stackLeftPadded([null], 4)).toThrow(/no row has a cache/);
  });
});

describe('PrefixCache', () => {
  it('finds the longest start of a row that a cached sequence begins with, within its limit', () => {
    const cache = new PrefixCache(1e9);
    const long = cache.add(range(1, 8), blank(8));
    const other = cache.add([1, 2, 3, 4, 5, 60, 61], blank(7));
    expect(cache.match([...range(1, 8), 50], 20)).toEqual({ entry: long, length: 8 });
    // A leading part of a cached sequence serves a row that goes another way after it.
    expect(cache.match([1, 2, 3, 4, 5, 6, 99], 20)).toEqual({ entry: long, length: 6 });
    expect(cache.match([1, 2, 3, 4, 5, 60, 61, 62], 20)).toEqual({ entry: other, length: 7 });
    expect(cache.match([...range(1, 8), 50], 5)?.length).toBe(5);
    // Under MIN_MATCH_TOKENS common tokens are not worth a past.
    expect(cache.match([1, 2, 3, 9], 20)).toBeNull();
    expect(() => cache.add([1, 2, 3], blank(2))).toThrow(/3 tokens came with a cache of 2 positions/);
  });

  it('keeps one sequence for starts that extend one another', () => {
    const cache = new PrefixCache(1e9);
    const short = cache.add(range(1, 5), blank(5));
    const long = cache.add(range(1, 9), blank(9));
    expect(long).not.toBe(short);
    expect(cache.size).toBe(1);
    expect(cache.add(range(1, 6), blank(6))).toBe(long);
    expect(cache.size).toBe(1);
  });

  it('drops the least recently used starts past its budget', () => {
    const seq = (t: number) => [t, t, t, t];
    const bytes = blank(4)['past_key_values.0.key'].data.byteLength;
    const cache = new PrefixCache(2 * bytes);
    cache.add(seq(1), blank(4));
    cache.add(seq(2), blank(4));
    cache.add(seq(3), blank(4));
    cache.match([...seq(1), 5], 9);
    cache.trim();
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2 * bytes);
    expect(cache.match([...seq(2), 5], 9)).toBeNull();
    expect(cache.match([...seq(1), 5], 9)).not.toBeNull();
    expect(prefixCacheBudget(2 ** 31)).toBe(2 ** 28);
    expect(prefixCacheBudget(2 ** 20)).toBe(2 ** 17);
  });
});

describe('planPrefixes', () => {
  // A header of 20 tokens for all, then two families of 3 rows with 40 more tokens each, then each row's own 5.
  const header = range(100, 20);
  const families = [range(200, 40), range(300, 40)];
  const rows: PrefixRow[] = families.flatMap((f, i) => [0, 1, 2].map((k) => [...header, ...f, ...range(400 + 10 * i + k * 100, 5)])).map((tokens) => ({ tokens, limit: tokens.length - 1 }));

  it('computes the header for all and each family on it, outer first', () => {
    const plan = planPrefixes(rows, new PrefixCache(1e9));
    expect(plan.map((p) => [p.tokens.length, p.rows, p.parent?.tokens.length ?? null])).toEqual(
      expect.arrayContaining([
        [20, 6, null],
        [60, 3, 20],
        [60, 3, 20],
      ]),
    );
    expect(plan).toHaveLength(3);
    // Parents come before their children.
    plan.forEach((p, i) => p.parent && expect(plan.indexOf(p.parent)).toBeLessThan(i));
  });

  it('builds on what the cache holds and computes nothing twice', () => {
    const cache = new PrefixCache(1e9);
    cache.add(rows[0].tokens.slice(0, 60), blank(60));
    const plan = planPrefixes(rows, cache);
    // The first family matches its cached start; the other family finds the header in it and
    // computes only its own 40 tokens on it.
    expect(plan.map((p) => [p.tokens.length, p.rows, p.base?.length ?? null])).toEqual([[60, 3, 20]]);
    expect(plan[0].tokens.slice(20)).toEqual(families[1]);
  });

  it("leaves starts that save less than a pass costs, and never reaches past a row's limit", () => {
    const short = [
      [1, 2, 3, 4, 50],
      [1, 2, 3, 4, 60],
      [1, 2, 3, 4, 70],
    ].map((tokens) => ({ tokens, limit: tokens.length - 1 }));
    expect(2 * 4).toBeLessThan(MIN_SAVED_TOKENS);
    expect(planPrefixes(short, new PrefixCache(1e9))).toEqual([]);
    const capped = rows.map((r) => ({ ...r, limit: 30 }));
    expect(planPrefixes(capped, new PrefixCache(1e9)).map((p) => p.tokens.length)).toEqual([20, 30, 30]);
  });
});

describe('stackPrefixes', () => {
  it('masks the padding before shorter starts and has no past where no row has a start', () => {
    const cache = new PrefixCache(1e9);
    const entry = cache.add(range(1, 8), blank(8));
    const s = stackPrefixes([{ entry, length: 3 }, null, { entry, length: 1 }]);
    expect(s.pastLength).toBe(3);
    expect(s.pastMask).toEqual([
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(stackPrefixes([null, null])).toEqual({ past: null, pastLength: 0, pastMask: [[], []] });
  });
});
