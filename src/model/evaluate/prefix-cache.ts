// KV caches of prompt starts that several examples share (MMLU's k shots of one subject, a task's
// fixed instruction), kept on the host across batched calls so that each start is computed once
// per model, not once per example. Least recently used entries go first past the byte budget.
import { cachePositions, kvBytes, type KvCache } from './kv-positions.ts';

export interface CachedPrefix {
  tokens: readonly number[];
  /** Batch-1 host tensors [1, heads, tokens.length, headDim]. */
  kv: KvCache;
  bytes: number;
  lastUsed: number;
}

/**
 * Bytes of prefixes kept: 1/8 of the evaluation memory budget, at most 256 MiB (about 300 MMLU
 * 5-shot prefixes of kick-tiny, 2 of a 7B model; a prefix is worth keeping while the examples of
 * its subject last, and the tasks walk subjects in runs or in a short cycle).
 */
export function prefixCacheBudget(budgetBytes: number): number {
  return Math.max(0, Math.min(2 ** 28, Math.floor(budgetBytes / 8)));
}

const startsWith = (row: readonly number[], prefix: readonly number[]) => prefix.length <= row.length && prefix.every((t, i) => row[i] === t);

export class PrefixCache {
  private entries: CachedPrefix[] = [];
  private clock = 0;

  constructor(readonly budgetBytes: number) {
    if (!(budgetBytes >= 0)) throw new Error(`prefix cache budget must be >= 0 bytes, got ${budgetBytes}`);
  }

  /** The longest cached start of `row` of at most `limit` tokens, marked used; null if none. */
  match(row: readonly number[], limit: number): CachedPrefix | null {
    let best: CachedPrefix | null = null;
    for (const e of this.entries) {
      if (e.tokens.length <= limit && (!best || e.tokens.length > best.tokens.length) && startsWith(row, e.tokens)) best = e;
    }
    if (best) best.lastUsed = ++this.clock;
    return best;
  }

  /** Keeps `kv` (batch 1, `tokens.length` positions) as the cache of `tokens`; trim() enforces the budget. */
  add(tokens: readonly number[], kv: KvCache): CachedPrefix {
    if (cachePositions(kv) !== tokens.length) throw new Error(`a prefix of ${tokens.length} tokens came with a cache of ${cachePositions(kv)} positions`);
    const known = this.entries.find((e) => e.tokens.length === tokens.length && startsWith(tokens, e.tokens));
    if (known) {
      known.lastUsed = ++this.clock;
      return known;
    }
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
