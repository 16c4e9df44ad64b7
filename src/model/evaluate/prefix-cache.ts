// KV caches of prompt starts that several examples share (MMLU's k shots of one subject, a task's
// fixed instruction), kept on the host across batched calls so that each start is computed once
// per model, not once per example. A position's keys and values depend on the tokens up to it
// only, so any leading part of a cached sequence serves a row that starts the same way: a subject's
// shots cached with the first question words of one batch serve the next batch's questions.
// Least recently used entries go first past the byte budget.
import { cachePositions, kvBytes, type KvCache } from './kv-positions.ts';

export interface CachedPrefix {
  tokens: readonly number[];
  /** Batch-1 host tensors [1, heads, tokens.length, headDim]. */
  kv: KvCache;
  bytes: number;
  lastUsed: number;
}

/** The first `length` positions of a cached sequence, which a row starts with. */
export interface PrefixMatch {
  entry: CachedPrefix;
  length: number;
}

/** Shorter common starts are not worth stacking under a row. */
export const MIN_MATCH_TOKENS = 4;

/**
 * Bytes of prefixes kept: 1/8 of the evaluation memory budget, at most 256 MiB (about 300 MMLU
 * 5-shot prefixes of kick-tiny, 2 of a 7B model; a prefix is worth keeping while the examples of
 * its subject last, and the tasks walk subjects in runs or in a short cycle).
 */
export function prefixCacheBudget(budgetBytes: number): number {
  return Math.max(0, Math.min(2 ** 28, Math.floor(budgetBytes / 8)));
}

const startsWith = (row: readonly number[], prefix: readonly number[]) => prefix.length <= row.length && prefix.every((t, i) => row[i] === t);

function commonLength(a: readonly number[], b: readonly number[], cap: number): number {
  let n = 0;
  while (n < cap && a[n] === b[n]) n++;
  return n;
}

export class PrefixCache {
  private entries: CachedPrefix[] = [];
  private clock = 0;

  constructor(readonly budgetBytes: number) {
    if (!(budgetBytes >= 0)) throw new Error(`prefix cache budget must be >= 0 bytes, got ${budgetBytes}`);
  }

  /**
   * The longest start of `row`, of at most `limit` tokens, that a cached sequence begins with (its
   * entry marked used); null under MIN_MATCH_TOKENS.
   */
  match(row: readonly number[], limit: number): PrefixMatch | null {
    let best: PrefixMatch | null = null;
    const cap = Math.min(limit, row.length);
    for (const entry of this.entries) {
      const length = commonLength(entry.tokens, row, Math.min(cap, entry.tokens.length));
      if (length >= MIN_MATCH_TOKENS && (!best || length > best.length)) best = { entry, length };
    }
    if (best) best.entry.lastUsed = ++this.clock;
    return best;
  }

  /**
   * Keeps `kv` (batch 1, `tokens.length` positions) as the cache of `tokens`, unless a cached
   * sequence already begins with them; cached sequences they extend are dropped. trim() enforces
   * the budget.
   */
  add(tokens: readonly number[], kv: KvCache): CachedPrefix {
    if (cachePositions(kv) !== tokens.length) throw new Error(`a prefix of ${tokens.length} tokens came with a cache of ${cachePositions(kv)} positions`);
    const covering = this.entries.find((e) => startsWith(e.tokens, tokens));
    if (covering) {
      covering.lastUsed = ++this.clock;
      return covering;
    }
    this.entries = this.entries.filter((e) => !startsWith(tokens, e.tokens));
    const entry: CachedPrefix = { tokens: [...tokens], kv, bytes: kvBytes(kv), lastUsed: ++this.clock };
    this.entries.push(entry);
    return entry;
  }

  /** Drops least recently used prefixes until the rest fit the budget. */
  trim(): void {
    this.entries.sort((a, b) => b.lastUsed - a.lastUsed);
    let total = 0;
    this.entries = this.entries.filter((e) => (total += e.bytes) <= this.budgetBytes);
  }

  get size(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.entries.reduce((s, e) => s + e.bytes, 0);
  }
}
