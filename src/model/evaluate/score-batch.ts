// Log-likelihood scoring of many examples at once. Each example's shared head (its context, and
// whatever its continuations share beyond it) is computed once, all heads in one left-padded
// pass; then every continuation that still has tokens to predict runs on its example's cache row
// in one right-padded pass. Single-token continuations (MCR's ' A'..' D') are read off the head
// pass and need no second one; so is the greedy next token after the context that MCR's kick rule
// asks for. Every number is what SessionLanguageModel.score / generate give alone.
import type { ScoreRequest, ScoreResult } from '../../tasks/language-model.ts';
import { groupsWithin, padRows, type BatchRuntime } from './batch-runtime.ts';
import { disposeCache, logitsAt, selectRows, type KvCache } from './forward.ts';
import type { PrefixMatch } from './prefix-cache.ts';
import { argmax, logProbOf, logSumExp } from './sampling.ts';
import { sharePrefixes, stackPrefixes } from './shared-prefix.ts';

export interface ScoreRuntime extends BatchRuntime {
  /** lm-evaluation-harness's split of context and continuation (SessionLanguageModel.splitTokens). */
  splitTokens(context: string, continuation: string): { whole: number[]; contextTokens: number };
  /** Whether the one-at-a-time score() reuses the context (else it scores each sequence whole). */
  prefixReuse: boolean;
  /** The one-at-a-time answer, for examples the batch does not take. */
  scoreOne(request: ScoreRequest): Promise<ScoreResult>;
}

interface Item {
  index: number;
  wholes: number[][];
  contextTokens: number;
  /** Tokens of the head pass: the context and what every continuation shares after it. */
  head: number[];
  /** Read the greedy next token at the context's last position of the head pass. */
  greedyNext: boolean;
  totals: number[];
  next?: string;
  /** The cached start of `head` under this item's row, if any. */
  start?: PrefixMatch | null;
}

const startLength = (it: Item) => it.start?.length ?? 0;

function commonPrefix(rows: number[][]): number {
  let n = 0;
  const min = Math.min(...rows.map((r) => r.length));
  while (n < min && rows.every((r) => r[n] === rows[0][n])) n++;
  return n;
}

const sameTokens = (a: number[], b: number[]) => a.length === b.length && a.every((t, i) => t === b[i]);

export async function scoreBatch(rt: ScoreRuntime, requests: ScoreRequest[]): Promise<ScoreResult[]> {
  const results: ScoreResult[] = new Array(requests.length);
  const items: Item[] = [];
  for (const [index, r] of requests.entries()) {
    const split = r.continuations.map((c) => rt.splitTokens(r.context, c));
    const wholes = split.map((s) => s.whole);
    // What score() would not reuse a context for (too long: it truncates) goes its own way.
    if (!rt.prefixReuse || wholes.length === 0 || wholes.some((w) => w.length > rt.contextLength)) {
      results[index] = await rt.scoreOne(r);
      continue;
    }
    const contextTokens = split[0].contextTokens;
    // At least one token of every sequence is left out of the head (as score() does).
    const prefix = Math.max(1, Math.min(commonPrefix(wholes), ...wholes.map((w) => w.length - 1)));
    const head = wholes[0].slice(0, prefix);
    // generate(context) feeds encode(context) whole; the head pass holds its logits when those are
    // the context's tokens here too (no trailing space moved, nothing truncated).
    let greedyNext = false;
    if (r.greedyNext) {
      const prompt = rt.encode(r.context);
      greedyNext = prompt.length <= rt.contextLength - 1 && prompt.length <= prefix && sameTokens(prompt, head.slice(0, prompt.length)) && prompt.length === contextTokens;
      if (!greedyNext) {
        const alone = await rt.scoreOne(r);
        results[index] = alone;
        continue;
      }
    }
    items.push({ index, wholes, contextTokens, head, greedyNext, totals: wholes.map(() => 0) });
  }
  // Each head's shared start from the cache: its own pass still holds every position it reads.
  if (rt.prefixes && items.length > 1) {
    const found = await sharePrefixes(rt, rt.prefixes, items.map((it) => ({ tokens: it.head, limit: Math.min(Math.max(0, it.contextTokens - 1), it.head.length - 1) })));
    items.forEach((it, i) => (it.start = found[i]));
  }
  for (const group of groupsWithin(items, rt, (it) => it.head.length - startLength(it))) await scoreGroup(rt, group);
  for (const it of items) results[it.index] = it.greedyNext ? { logLikelihoods: it.totals, greedyNext: it.next } : { logLikelihoods: it.totals };
  return results;
}

async function scoreGroup(rt: ScoreRuntime, group: Item[]): Promise<void> {
  const rests = group.map((it) => it.head.slice(startLength(it)));
  const width = Math.max(...rests.map((r) => r.length));
  const heads = padRows(rests, width, rt.padId, 'left');
  const start = stackPrefixes(group.map((it) => it.start ?? null));
  // Head position p of row b sits at column width - head.length + p (what the start holds is not in the pass).
  const column = (it: Item, p: number) => width - it.head.length + p;
  // Logits from the earliest position any row scores or reads its greedy token at, to the end.
  const firstRead = Math.min(...group.map((it) => column(it, Math.max(0, it.contextTokens - 1))));
  const input = { mask: heads.mask, keepLast: Math.max(1, width - firstRead) };
  const out = await rt.pass(heads.ids, start.past ? { ...input, past: start.past, pastLength: start.pastLength, pastMask: start.pastMask } : input);
  let cache: KvCache | null = null;
  try {
    group.forEach((it, b) => {
      const rowAt = (p: number) => logitsAt(out, b, column(it, p));
      // Head position p predicts token p + 1; those at or after the context's last token are scored.
      for (let p = Math.max(0, it.contextTokens - 1); p < it.head.length; p++) {
        const row = rowAt(p);
        const lse = logSumExp(row);
        it.wholes.forEach((w, k) => {
          if (p + 1 < w.length) it.totals[k] += row[w[p + 1]] - lse;
        });
      }
      if (it.greedyNext) {
        const next = argmax(rowAt(it.contextTokens - 1));
        it.next = rt.eos.has(next) ? '' : rt.decode([next]);
      }
    });
    // Continuations with more than one token after the head: one row each on their example's cache.
    const rows = group.flatMap((it, b) => it.wholes.flatMap((w, k) => (w.length - it.head.length >= 2 ? [{ it, b, k, rest: w.slice(it.head.length) }] : [])));
    if (rows.length === 0) return;
    const restWidth = Math.max(...rows.map((r) => r.rest.length));
    const rest = padRows(
      rows.map((r) => r.rest),
      restWidth,
      rt.padId,
      'right',
    );
    cache = await selectRows(out.present, rows.map((r) => r.b));
    const tail = await rt.pass(rest.ids, { mask: rest.mask, past: cache, pastLength: start.pastLength + width, pastMask: rows.map((r) => [...start.pastMask[r.b], ...heads.mask[r.b]]) });
    disposeCache(tail.present);
    rows.forEach(({ it, k, rest: r }, c) => {
      const w = it.wholes[k];
      // Row j sits at position head + j and predicts token head + j + 1.
      for (let j = 0; j < r.length - 1; j++) {
        const pos = it.head.length + j;
        if (pos + 1 < it.contextTokens) continue;
        it.totals[k] += logProbOf(logitsAt(tail, c, j), w[pos + 1]);
      }
    });
  } finally {
    disposeCache(out.present);
    disposeCache(cache);
  }
}
