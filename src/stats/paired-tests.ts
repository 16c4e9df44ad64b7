// Tests of "no difference" between two points on the same examples.
import { mulberry32 } from '../util/mulberry32.ts';
import { BOOTSTRAP_SEED } from './interval.ts';

/** ln C(n, k) by summed logarithms: exact enough for the tails McNemar needs at any n a run has. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/**
 * McNemar's exact test (a two-sided binomial test on the discordant pairs): `lost` examples right
 * at dense and wrong compressed, `gained` the reverse. Under "no difference" each discordant pair
 * falls either way with probability 1/2.
 */
export function mcnemarExact(lost: number, gained: number): number {
  const m = lost + gained;
  if (m === 0) return 1;
  const k = Math.min(lost, gained);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(m, i) - m * Math.LN2);
  return Math.min(1, 2 * tail);
}

export const SIGN_FLIPS = 10000;

/**
 * Paired randomization test for a mean difference: under "no difference" each example's
 * difference is as likely negated, so the observed |mean| is compared with random sign flips
 * (exhaustively up to 2^12 patterns, else SIGN_FLIPS seeded draws; p = (hits + 1) / (draws + 1)).
 */
export function signFlipTest(differences: readonly number[], seed = BOOTSTRAP_SEED): number {
  const n = differences.length;
  if (n === 0) return 1;
  const observed = Math.abs(differences.reduce((a, b) => a + b, 0));
  // Relative slack so that patterns equal to the observed sum up to rounding count as "as extreme".
  const slack = 1e-9 * Math.max(1, observed);
  if (n <= 12) {
    let hits = 0;
    const patterns = 1 << n;
    for (let mask = 0; mask < patterns; mask++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mask & (1 << i) ? -differences[i] : differences[i];
      if (Math.abs(s) >= observed - slack) hits++;
    }
    return hits / patterns;
  }
  const next = mulberry32(seed);
  let hits = 0;
  for (let r = 0; r < SIGN_FLIPS; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += next() < 0.5 ? -differences[i] : differences[i];
    if (Math.abs(s) >= observed - slack) hits++;
  }
  return (hits + 1) / (SIGN_FLIPS + 1);
}
