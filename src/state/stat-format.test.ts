import { describe, expect, it } from 'vitest';
import { paperFindingSweep } from '../../test/state/sweep-fixtures.ts';
import { wilsonInterval } from '../stats/proportion.ts';
import { intervalSummary } from './interval-summary.ts';
import { formatCounts, formatInterval, formatP, formatWithInterval, verdictText } from './stat-format.ts';
import { validateSweep } from './sweep.ts';

describe('how intervals, p-values and verdicts are written', () => {
  it('writes a value with its interval and n, as the tooltip shows it', () => {
    expect(formatWithInterval(60, { low: 38.658, high: 78.119, n: 20 }, '%')).toBe('60.0% [38.7, 78.1], n = 20');
    expect(formatWithInterval(8.214, { low: 8.03, high: 8.411, n: 9 }, 'perplexity')).toBe('8.21 [8.03, 8.41], n = 9');
    expect(formatWithInterval(3.1, null, 'perplexity')).toBe('3.10 (no interval)');
    expect(formatWithInterval(null, null, '%')).toBe('—');
    expect(formatInterval({ low: -0.001, high: 25 }, 1)).toBe('[0.0, 25.0]');
    expect(formatInterval(null, 1)).toBe('—');
  });

  it('gives one n where all points share it and a range where they do not', () => {
    expect(formatCounts([20, 20, null])).toBe('n = 20');
    expect(formatCounts([21, 20])).toBe('n = 20–21');
    expect(formatCounts([null])).toBe('');
  });

  it('writes p-values to two significant digits and tiny ones as a bound', () => {
    expect(formatP(0.03125)).toBe('0.031');
    expect(formatP(0.5)).toBe('0.50');
    expect(formatP(0.0001)).toBe('< 0.001');
  });

  it('words each verdict with a symbol, so that it reads without colour', () => {
    expect(verdictText('matches', 'paired', 20).text).toBe('✓ matches');
    expect(verdictText('does-not-match', 'paired', 20).text).toBe('✗ does not match');
    expect(verdictText('undecided', 'paired', 20).text).toBe('? undecided (n = 20)');
    expect(verdictText('matches', 'point-estimate', null).text).toBe('✓ matches (point estimate)');
  });
});

describe('the one line on intervals', () => {
  it('takes the usual n and the widest interval at it', () => {
    const s = intervalSummary(paperFindingSweep(), 'kick')!;
    expect(s.n).toBe(20);
    expect(s.unit).toBe('%');
    // The widest: a score of 50% (10 of 20), Wilson's interval.
    const w = wilsonInterval(10, 20);
    expect(s.halfWidth).toBeCloseTo(((w.high - w.low) / 2) * 100, 10);
  });

  it('is null where no score has an interval', () => {
    const bare = structuredClone(paperFindingSweep());
    for (const p of bare.points) {
      p.examples = [];
      for (const t of p.record.scores) {
        t.kick.interval = null;
        t.strict.interval = null;
        t.outcomes = [];
      }
    }
    expect(intervalSummary(validateSweep(bare), 'kick')).toBeNull();
  });
});
