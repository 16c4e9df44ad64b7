import { describe, expect, it } from 'vitest';
import { paperFindingSweep, unfinishedSweep } from '../../test/state/sweep-fixtures.ts';
import { comparePerplexity, compareScore, compareSweeps, reproductionOf, scoreTolerance } from './reproduce.ts';

describe('reproduction tolerance', () => {
  it('accepts one example or 2 points, whichever is larger, for accuracies', () => {
    expect(scoreTolerance('factoid', 20)).toBeCloseTo(0.05, 12);
    expect(scoreTolerance('factoid', 1000)).toBeCloseTo(0.02, 12);
    expect(scoreTolerance('factoid', 0)).toBeCloseTo(0.02, 12);
    expect(compareScore('factoid', 0.6, 0.55, 20).reproduced).toBe(true);
    expect(compareScore('factoid', 0.6, 0.5, 20).reproduced).toBe(false);
    expect(compareScore('mcr', 0.41, 0.429, 1000).reproduced).toBe(true);
    expect(compareScore('mcr', 0.41, 0.435, 1000).reproduced).toBe(false);
  });

  it('scales to the 1-10 judge range', () => {
    expect(scoreTolerance('instruction', 10)).toBeCloseTo(0.9, 12);
    expect(scoreTolerance('summarization', 1000)).toBeCloseTo(0.18, 12);
    expect(compareScore('instruction', 6.1, 5.3, 10).reproduced).toBe(true);
    expect(compareScore('instruction', 6.1, 5.1, 10).reproduced).toBe(false);
  });

  it('accepts perplexity within 2% relative, and treats missing values', () => {
    expect(comparePerplexity(10, 10.19).reproduced).toBe(true);
    expect(comparePerplexity(10, 9.81).reproduced).toBe(true);
    expect(comparePerplexity(10, 10.21).reproduced).toBe(false);
    expect(compareScore('factoid', null, null, 0).reproduced).toBe(true);
    expect(compareScore('factoid', 0.5, null, 20).reproduced).toBe(false);
  });
});

describe('sweep comparison', () => {
  it('marks every number of an identical re-run reproduced', () => {
    const r = compareSweeps(paperFindingSweep(), paperFindingSweep());
    // 7 points x (2 tasks x 2 rules + perplexity under both rules).
    expect(r.items).toHaveLength(7 * 6);
    expect(r.reproduced).toBe(r.items.length);
    expect(r.notReproduced).toBe(0);
  });

  it('marks a score off by more than one example, and a perplexity off by 3%, not reproduced', () => {
    const rerun = paperFindingSweep();
    const p = rerun.points.find((x) => x.key === 'wanda|s=0.5')!;
    p.record.scores.find((s) => s.task === 'factoid')!.kick.value = 7 / 20; // 9 -> 7 of 20
    p.record.scores.find((s) => s.task === 'icr_open')!.kick.value = 14 / 20; // 15 -> 14: one example
    p.record.perplexity = 10.2 * 1.03;
    const r = compareSweeps(paperFindingSweep(), rerun);
    expect(reproductionOf(r, 'wanda|s=0.5', 'factoid', 'kick')!.reproduced).toBe(false);
    expect(reproductionOf(r, 'wanda|s=0.5', 'factoid', 'strict')!.reproduced).toBe(true);
    expect(reproductionOf(r, 'wanda|s=0.5', 'icr_open', 'kick')!.reproduced).toBe(true);
    expect(reproductionOf(r, 'wanda|s=0.5', 'perplexity', 'kick')!.reproduced).toBe(false);
    expect(r.notReproduced).toBe(3);
  });

  it('marks points the re-run has not reached as not run', () => {
    const r = compareSweeps(paperFindingSweep(), unfinishedSweep(2));
    expect(r.notRun).toBe(5 * 6);
    expect(r.reproduced).toBe(2 * 6);
    expect(reproductionOf(r, 'wanda|s=0.7', 'factoid', 'kick')!.reproduced).toBeNull();
  });
});
