// How the views write intervals, p-values and verdicts: one wording for charts, tables and exports.
import type { MatchVerdict, PairedTest } from '../stats/interval.ts';
import type { ShownInterval, VerdictBasis } from './derive.ts';

/** Digits of an interval's bounds: a tenth of a point for percentages, hundredths otherwise. */
export function intervalDigits(unit: string): number {
  return unit === '%' ? 1 : 2;
}

function fixed(v: number, digits: number): string {
  // No "-0.0" for a bound that rounds to zero.
  const s = v.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s;
}

/** "[38.7, 78.1]", or "—" where there is no interval. */
export function formatInterval(interval: Pick<ShownInterval, 'low' | 'high'> | null, digits: number): string {
  if (!interval || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '—';
  return `[${fixed(interval.low, digits)}, ${fixed(interval.high, digits)}]`;
}

/** "60.0% [38.7, 78.1], n = 20": a value with its interval and count, as tooltips write it. */
export function formatWithInterval(value: number | null, interval: ShownInterval | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const digits = intervalDigits(unit);
  const v = `${fixed(value, digits)}${unit === '%' ? '%' : ''}`;
  return interval ? `${v} ${formatInterval(interval, digits)}, n = ${interval.n}` : `${v} (no interval)`;
}

/** "n = 20", or "n = 20–21" where points differ; empty where no count is known. */
export function formatCounts(counts: ReadonlyArray<number | null>): string {
  const known = counts.filter((n): n is number => n !== null);
  if (known.length === 0) return '';
  const low = Math.min(...known);
  const high = Math.max(...known);
  return low === high ? `n = ${low}` : `n = ${low}–${high}`;
}

/** Two significant digits, and "< 0.001" below that. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  if (p >= 0.1) return p.toFixed(2);
  return p.toFixed(3);
}

export const TEST_NAMES: Record<PairedTest, string> = {
  'mcnemar-exact': 'McNemar\u2019s exact test (examples right at one point and wrong at the other)',
  'sign-flip': 'paired sign-flip test (random signs of the per-example differences)',
};

export interface VerdictText {
  /** Read with or without colour: ✓, ✗ or ?. */
  symbol: string;
  words: string;
  /** "(n = 20)" on an undecided verdict, "(point estimate)" where no paired drop was had. */
  details: string[];
  /** All of it, as the table cell reads. */
  text: string;
}

const SYMBOL: Record<MatchVerdict, string> = { matches: '\u2713', 'does-not-match': '\u2717', undecided: '?' };
const WORDS: Record<MatchVerdict, string> = { matches: 'matches', 'does-not-match': 'does not match', undecided: 'undecided' };

/** "✓ matches", "✗ does not match", "? undecided (n = 20)"; a point-estimate verdict says so. */
export function verdictText(verdict: MatchVerdict, basis: VerdictBasis, n: number | null): VerdictText {
  const details: string[] = [];
  if (verdict === 'undecided' && n !== null) details.push(`(n = ${n})`);
  if (basis === 'point-estimate') details.push('(point estimate)');
  const words = WORDS[verdict];
  return { symbol: SYMBOL[verdict], words, details, text: [SYMBOL[verdict], words, ...details].join(' ') };
}
