// Right/wrong outcomes: Wilson's score interval (Wilson 1927), which stays inside [0, 1] and keeps
// its coverage at small n and at rates near 0 or 1, where the normal approximation fails.
import { Z95, type ScoreInterval } from './interval.ts';

export function wilsonInterval(successes: number, n: number, z = Z95): ScoreInterval {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || n <= 0 || successes < 0 || successes > n) {
    throw new RangeError(`Wilson interval needs 0 <= successes <= n, n > 0 (got ${successes} of ${n})`);
  }
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    n,
    estimate: p,
    se: Math.sqrt((p * (1 - p)) / n),
    low: Math.max(0, centre - half),
    high: Math.min(1, centre + half),
    method: 'wilson',
  };
}

/** True when every value is 0 or 1: such outcomes get Wilson's interval and McNemar's test. */
export function isBinary(values: readonly number[]): boolean {
  return values.every((v) => v === 0 || v === 1);
}
