// Rows of a batched call that start alike have that start computed once: its KV cache is kept in
// the PrefixCache and stacked under every row that starts with it, so a row's own pass holds only
// what follows. The starts to compute are chosen on the tree of common prefixes of the rows (sorted,
// adjacent common prefixes): a start of depth m shared by n rows, on a cached or computed start of
// depth a, saves (n - 1) x (m - a) token positions and costs one more row in a prefix pass; it is
// computed where that saves at least MIN_SAVED_TOKENS (about what the pass's fixed cost is worth
// in tokens on wasm: reading every weight once). Nested starts (MMLU's header, then a subject's
// shots) are computed outer first, one pass per level.
import { groupsWithin, padRows, type BatchRuntime } from './batch-runtime.ts';
import { cutPositions, stackLeftPadded } from './kv-positions.ts';
import type { KvCache } from './forward.ts';
import type { PrefixCache, PrefixMatch } from './prefix-cache.ts';

export const MIN_SAVED_TOKENS = 16;

export interface PrefixRow {
  tokens: readonly number[];
  /** Most leading tokens that may come from a cache: the row's pass must still read the rest. */
  limit: number;
}

export type PrefixRuntime = Pick<BatchRuntime, 'pass' | 'padId' | 'batchSize' | 'maxLogits' | 'maxPassTokens' | 'vocab'>;

/** A start worth computing: its tokens, on the cached start `base` or on the planned `parent`. */
export interface PlannedPrefix {
  tokens: readonly number[];
  base: PrefixMatch | null;
  parent: PlannedPrefix | null;
  /** Rows that start with it. */
  rows: number;
}

interface TreeNode {
  depth: number;
  rows: number[];
  children: TreeNode[];
}

function commonLength(a: readonly number[], b: readonly number[], cap: number): number {
  let n = 0;
  while (n < cap && a[n] === b[n]) n++;
  return n;
}

function compareTokens(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The tree of common prefixes over `order` (row indices sorted by tokens) from `lo` to `hi`. */
function buildTree(order: number[], lcp: number[], lo: number, hi: number): TreeNode {
  let depth = Infinity;
  for (let k = lo; k < hi; k++) depth = Math.min(depth, lcp[k]);
  const children: TreeNode[] = [];
  let start = lo;
  for (let k = lo; k <= hi; k++) {
    if (k === hi || lcp[k] === depth) {
      if (k > start) children.push(buildTree(order, lcp, start, k));
      start = k + 1;
    }
  }
  return { depth, rows: order.slice(lo, hi + 1), children };
}

interface Choice {
  saved: number;
  chosen: Array<{ node: TreeNode; parent: TreeNode | null }>;
}

/** The starts under `node` to compute on a start of depth `above` (null parent: the cached base). */
function choose(node: TreeNode, above: number, parent: TreeNode | null, minSaved: number): Choice {
  const skip: Choice = { saved: 0, chosen: [] };
  for (const c of node.children) {
    const sub = choose(c, above, parent, minSaved);
    skip.saved += sub.saved;
    skip.chosen.push(...sub.chosen);
  }
  if (node.depth <= above) return skip;
  const take: Choice = { saved: (node.rows.length - 1) * (node.depth - above) - minSaved, chosen: [{ node, parent }] };
  for (const c of node.children) {
    const sub = choose(c, node.depth, node, minSaved);
    take.saved += sub.saved;
    take.chosen.push(...sub.chosen);
  }
  return take.saved > skip.saved ? take : skip;
}

/** The starts worth computing for `rows` given what `cache` holds, parents before children. */
export function planPrefixes(rows: readonly PrefixRow[], cache: PrefixCache, minSaved = MIN_SAVED_TOKENS): PlannedPrefix[] {
  // Rows on the same cached start (the same sequence, as far) share a tree.
  const byBase = new Map<string, { base: PrefixMatch | null; members: number[] }>();
  const ids = new Map<unknown, number>();
  rows.forEach((r, i) => {
    const base = cache.match(r.tokens, r.limit);
    if (base && !ids.has(base.entry)) ids.set(base.entry, ids.size);
    const key = base ? `${ids.get(base.entry)}:${base.length}` : '-';
    const group = byBase.get(key) ?? { base, members: [] };
    group.members.push(i);
    byBase.set(key, group);
  });
  const planned: PlannedPrefix[] = [];
  for (const { base, members } of byBase.values()) {
    if (members.length < 2) continue;
    const order = [...members].sort((a, b) => compareTokens(rows[a].tokens, rows[b].tokens));
    const lcp = order.slice(0, -1).map((r, k) => commonLength(rows[r].tokens, rows[order[k + 1]].tokens, Math.min(rows[r].limit, rows[order[k + 1]].limit)));
    const { chosen } = choose(buildTree(order, lcp, 0, order.length - 1), base?.length ?? 0, null, minSaved);
    const made = new Map<TreeNode, PlannedPrefix>();
    for (const { node, parent } of chosen) {
      const p: PlannedPrefix = { tokens: rows[node.rows[0]].tokens.slice(0, node.depth), base, parent: parent ? made.get(parent)! : null, rows: node.rows.length };
      made.set(node, p);
      planned.push(p);
    }
  }
  return planned;
}

/** Row caches stacked left-padded under one pass: past, its length and mask (null past: none cached). */
export interface StackedPrefixes {
  past: KvCache | null;
  pastLength: number;
  pastMask: number[][];
}

export function stackPrefixes(starts: ReadonlyArray<PrefixMatch | null>): StackedPrefixes {
  const width = Math.max(0, ...starts.map((p) => p?.length ?? 0));
  const pastMask = starts.map((p) => {
    const n = p?.length ?? 0;
    return [...new Array<number>(width - n).fill(0), ...new Array<number>(n).fill(1)];
  });
  if (width === 0) return { past: null, pastLength: 0, pastMask };
  return { past: stackLeftPadded(starts.map((p) => (p ? { kv: p.entry.kv, length: p.length } : null)), width), pastLength: width, pastMask };
}

/** Computes one level of planned starts (their bases cached), in passes within the runtime's limits. */
async function computeLevel(rt: PrefixRuntime, cache: PrefixCache, level: Array<{ plan: PlannedPrefix; base: PrefixMatch | null }>): Promise<Map<PlannedPrefix, PrefixMatch>> {
  const made = new Map<PlannedPrefix, PrefixMatch>();
  const baseLength = (x: { base: PrefixMatch | null }) => x.base?.length ?? 0;
  for (const group of groupsWithin(level, rt, (x) => x.plan.tokens.length - baseLength(x))) {
    const rests = group.map((x) => x.plan.tokens.slice(baseLength(x)));
    const width = Math.max(...rests.map((r) => r.length));
    const { ids, mask } = padRows(rests, width, rt.padId, 'left');
    const stacked = stackPrefixes(group.map((x) => x.base));
    // No logits are read: keep one position.
    const out = await rt.pass(ids, stacked.past ? { mask, past: stacked.past, pastLength: stacked.pastLength, pastMask: stacked.pastMask, keepLast: 1 } : { mask, keepLast: 1 });
    group.forEach((x, b) => {
      const n = baseLength(x);
      const p = stacked.pastLength;
      const kv = cutPositions(out.present, b, [
        [p - n, p],
        [p + width - (x.plan.tokens.length - n), p + width],
      ]);
      made.set(x.plan, { entry: cache.add(x.plan.tokens, kv), length: x.plan.tokens.length });
    });
  }
  return made;
}

/**
 * Computes the starts worth sharing among `rows` into `cache`, then returns each row's longest
 * cached start (null: none), the cache trimmed to its budget afterwards.
 */
export async function sharePrefixes(rt: PrefixRuntime, cache: PrefixCache, rows: readonly PrefixRow[]): Promise<Array<PrefixMatch | null>> {
  let pending = planPrefixes(rows, cache);
  const made = new Map<PlannedPrefix, PrefixMatch>();
  while (pending.length) {
    const ready = pending.filter((p) => !p.parent || made.has(p.parent));
    const level = ready.map((plan) => ({ plan, base: plan.parent ? made.get(plan.parent)! : plan.base }));
    for (const [plan, entry] of await computeLevel(rt, cache, level)) made.set(plan, entry);
    pending = pending.filter((p) => !made.has(p));
  }
  const matches = rows.map((r) => cache.match(r.tokens, r.limit));
  cache.trim();
  return matches;
}
