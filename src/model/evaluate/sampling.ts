// Picking tokens from logits, and log-probabilities of given tokens. Sampling is ours (not
// transformers.js's) so that a seed reproduces a run exactly.

import { mulberry32 } from '../../util/mulberry32.ts';

export const seededUniform = mulberry32;

/** Index of the largest logit; the first one on ties (as torch.argmax). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** log(sum(exp(row))), computed stably in float64. */
export function logSumExp(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return max + Math.log(sum);
}

/** log softmax(row)[token]. */
export function logProbOf(row: ArrayLike<number>, token: number): number {
  return row[token] - logSumExp(row);
}

/** A token drawn from softmax(row / temperature) with `uniform()`'s next number. */
export function sampleToken(row: ArrayLike<number>, temperature: number, uniform: () => number): number {
  if (!(temperature > 0)) return argmax(row);
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  const weights = new Float64Array(row.length);
  let total = 0;
  for (let i = 0; i < row.length; i++) {
    weights[i] = Math.exp((row[i] - max) / temperature);
    total += weights[i];
  }
  let u = uniform() * total;
  for (let i = 0; i < row.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  // Rounding left a sliver at the end: the last token with any weight.
  for (let i = row.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return argmax(row);
}
