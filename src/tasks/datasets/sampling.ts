// Seeded choice of N examples per task, and a hash of the chosen ids that names the suite.

import { mulberry32 } from '../../util/mulberry32.ts';

export const seededRandom = mulberry32;

export type SampleSize = number | 'full';

/** Indices of n items chosen without replacement, returned in data-set order. */
export function sampleIndices(total: number, size: SampleSize, seed: number): number[] {
  if (size === 'full' || size >= total) return Array.from({ length: total }, (_, i) => i);
  const n = Math.max(0, Math.floor(size));
  const rand = seededRandom(seed);
  const idx = Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (total - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, n).sort((a, b) => a - b);
}

export interface Sample<T> {
  items: T[];
  ids: string[];
  /** SHA-256 (hex) of the chosen ids joined by "\n". */
  idsHash: string;
  size: SampleSize;
  seed: number;
  total: number;
}

export async function hashIds(ids: string[]): Promise<string> {
  const bytes = new TextEncoder().encode(ids.join('\n'));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sampleExamples<T>(items: T[], size: SampleSize, seed: number, idOf: (item: T, index: number) => string): Promise<Sample<T>> {
  const chosen = sampleIndices(items.length, size, seed).map((i) => ({ item: items[i], id: idOf(items[i], i) }));
  const ids = chosen.map((c) => c.id);
  return { items: chosen.map((c) => c.item), ids, idsHash: await hashIds(ids), size, seed, total: items.length };
}

/** The same per group (MMLU subject, story bucket, Vicuna category), groups in first-seen order. */
export async function sampleStratified<T>(
  items: T[],
  perGroup: SampleSize,
  seed: number,
  groupOf: (item: T) => string,
  idOf: (item: T, index: number) => string,
): Promise<Sample<T>> {
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const g = groupOf(it);
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  const chosen: number[] = [];
  let g = 0;
  for (const list of groups.values()) {
    for (const k of sampleIndices(list.length, perGroup, seed + g)) chosen.push(list[k]);
    g++;
  }
  const ids = chosen.map((i) => idOf(items[i], i));
  return { items: chosen.map((i) => items[i]), ids, idsHash: await hashIds(ids), size: perGroup, seed, total: items.length };
}

/** Default sizes for a laptop run; 'full' everywhere selects the complete data sets. */
export const LAPTOP_SIZES = {
  factoid: 100,
  mcrPerSubject: 5,
  icr: 100,
  summarizationPerBucket: 3,
  instructionPerCategory: 2,
  perplexityChars: 200_000,
  perplexityWindows: 'full',
} as const;
