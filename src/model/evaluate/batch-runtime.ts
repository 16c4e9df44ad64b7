// What the batched generation and scoring need from the SessionLanguageModel that runs them.
import type { ForwardOutput, KvCache } from './forward.ts';
import type { PrefixCache } from './prefix-cache.ts';

export interface PassInput {
  /** 1 for real tokens, 0 for padding, per row of this pass. */
  mask?: number[][];
  past?: KvCache | null;
  pastLength?: number;
  /** 1/0 per row over the cached positions. */
  pastMask?: number[][];
  /** Logits of only the last this many positions (ForwardInput.keepLast); all when absent. */
  keepLast?: number;
}

export interface BatchRuntime {
  /** One forward pass (abort check, counters). */
  pass(ids: number[][], input?: PassInput): Promise<ForwardOutput>;
  encode(text: string): number[];
  /** Token ids to text, special tokens skipped; '' for no tokens. */
  decode(ids: number[]): string;
  eos: ReadonlySet<number>;
  padId: number;
  contextLength: number;
  vocab: number;
  /** Most rows per pass. */
  batchSize: number;
  /** Most logits (rows x tokens x vocab floats) per pass. */
  maxLogits: number;
  /** Most rows x tokens in a pass of several rows (WASM_PASS_TOKENS on wasm). */
  maxPassTokens: number;
  /** Caches of prompt starts shared by rows (shared-prefix.ts), or null: every row from its first token. */
  prefixes: PrefixCache | null;
}

/**
 * On wasm one thread does the arithmetic: a pass of a few hundred tokens keeps it busy, and more
 * rows per pass only add padding and memory traffic. Measured on kick-tiny: 4 perplexity windows
 * of 512 tokens per pass ran 5% slower than one, and 16 open-book prompts of 270 to 370 tokens in
 * one batch 10 to 20% slower than one at a time, while 16 factoid prompts of ~22 tokens in one
 * batch ran 1.5 times as fast. WebGPU has no such bound.
 */
export const WASM_PASS_TOKENS = 512;

/** Rows of `tokens` padded to `width` on the left (pad first, as generation needs) or the right. */
export function padRows(rows: number[][], width: number, padId: number, side: 'left' | 'right'): { ids: number[][]; mask: number[][] } {
  const ids: number[][] = [];
  const mask: number[][] = [];
  for (const r of rows) {
    const pad = new Array<number>(width - r.length).fill(padId);
    const zeros = new Array<number>(width - r.length).fill(0);
    const ones = new Array<number>(r.length).fill(1);
    ids.push(side === 'left' ? [...pad, ...r] : [...r, ...pad]);
    mask.push(side === 'left' ? [...zeros, ...ones] : [...ones, ...zeros]);
  }
  return { ids, mask };
}

/**
 * Consecutive groups of items, each at most `rt.batchSize` long, and within the logits budget and
 * the tokens per pass for its widest item (`width(item)` tokens per row); an item wider than
 * either goes alone.
 */
export function groupsWithin<T>(items: T[], rt: Pick<BatchRuntime, 'batchSize' | 'maxLogits' | 'maxPassTokens' | 'vocab'>, width: (item: T) => number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let widest = 0;
  for (const item of items) {
    const w = Math.max(widest, width(item));
    const n = current.length + 1;
    if (current.length > 0 && (n > rt.batchSize || n * w * rt.vocab > rt.maxLogits || n * w > rt.maxPassTokens)) {
      groups.push(current);
      current = [];
      widest = 0;
    }
    current.push(item);
    widest = Math.max(widest, width(item));
  }
  if (current.length) groups.push(current);
  return groups;
}
