// The numbers behind the Results page's one line on intervals: how many examples the scores rest
// on and how far such a score can move by chance (the widest 95% interval at that count).
import { compressedPoints, densePoint, scoreTasks, shownScore, type Rule } from './derive.ts';
import type { Sweep } from './sweep.ts';

export interface IntervalSummary {
  /** The most common number of examples behind a score. */
  n: number;
  /** Half the width of the widest 95% interval at that count, in display units. */
  halfWidth: number;
  unit: string;
}

/** Null where no score of the sweep has an interval. Accuracies (percent) are preferred to judge scores. */
export function intervalSummary(sweep: Sweep, rule: Rule): IntervalSummary | null {
  const dense = densePoint(sweep);
  const points = dense ? [dense, ...compressedPoints(sweep)] : compressedPoints(sweep);
  const found: Array<{ n: number; half: number; unit: string }> = [];
  for (const task of scoreTasks(sweep)) {
    for (const p of points) {
      const s = shownScore(p, task, rule);
      if (!s.interval) continue;
      found.push({ n: s.interval.n, half: (s.interval.high - s.interval.low) / 2, unit: s.unit });
    }
  }
  if (found.length === 0) return null;
  const percent = found.filter((f) => f.unit === '%');
  const pool = percent.length ? percent : found;
  const counts = new Map<number, number>();
  for (const f of pool) counts.set(f.n, (counts.get(f.n) ?? 0) + 1);
  const n = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const atN = pool.filter((f) => f.n === n);
  return { n, halfWidth: Math.max(...atN.map((f) => f.half)), unit: atN[0].unit };
}
