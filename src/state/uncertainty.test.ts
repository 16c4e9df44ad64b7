import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paperFindingSweep } from '../../test/state/sweep-fixtures.ts';
import { intervalOfValues } from '../tasks/record-scores.ts';
import { chartData, dropTable } from './derive.ts';
import { validateSweep, type Sweep } from './sweep.ts';
import { pointDrop, scoreInterval } from './uncertainty.ts';

/** The fixture as a version 1 record would open: no intervals, outcomes, windows or drops. */
function asVersion1(sweep: Sweep): Sweep {
  const s = structuredClone(sweep);
  for (const p of s.points) {
    for (const t of p.record.scores) {
      t.kick.interval = null;
      t.strict.interval = null;
      t.outcomes = [];
      delete t.windows;
      delete t.drop;
    }
  }
  return validateSweep(s);
}

const EXTRA_NOTE = 'extra loop step: counted by the kick rule only';

/** Factoid as the kick rule scores it: one question more than it divides by (20), noted on the example. */
function withExtraLoopStep(sweep: Sweep): Sweep {
  const s = structuredClone(sweep);
  for (const p of s.points) {
    const examples = p.examples.find((e) => e.task === 'factoid')!.examples;
    examples.push({ id: 'factoid-extra', prompt: 'Question: one more?\nAnswer:', output: ' yes', scores: { kick: 1, strict: null }, notes: [EXTRA_NOTE] });
    const kick = p.record.scores.find((t) => t.task === 'factoid')!.kick;
    kick.value = examples.filter((e) => e.scores.kick === 1).length / 20;
    kick.count = 21;
  }
  return validateSweep(s);
}

const point = (s: Sweep, key: string) => s.points.find((p) => p.key === key)!;

describe('intervals and paired drops of records that lack them', () => {
  const full = paperFindingSweep();
  const v1 = asVersion1(full);

  it('computes each interval from the per-example records, as the record would hold it', () => {
    for (const key of ['dense', 'magnitude|s=0.5', 'wanda|s=0.7']) {
      for (const rule of ['kick', 'strict'] as const) {
        for (const task of ['factoid', 'icr_open'] as const) {
          const fromExamples = scoreInterval(point(v1, key), task, rule);
          expect(fromExamples.source).toBe('examples');
          expect(fromExamples.value).toEqual(point(full, key).record.scores.find((t) => t.task === task)![rule].interval);
        }
      }
    }
    expect(scoreInterval(point(full, 'dense'), 'factoid', 'kick').source).toBe('record');
  });

  it('pairs the examples by id for the drop, with the same test and verdict as a saved drop', () => {
    for (const key of ['magnitude|s=0.3', 'magnitude|s=0.5', 'wanda|s=0.5']) {
      const computed = pointDrop(point(v1, key), point(v1, 'dense'), 'factoid', 'kick');
      expect(computed.source).toBe('examples');
      expect(computed.value).toEqual(point(full, key).record.scores.find((t) => t.task === 'factoid')!.drop!.kick);
    }
    const rows = dropTable(v1, 'strict').rows;
    expect(rows.every((r) => r.verdictBasis === 'paired' && r.paired?.source === 'examples')).toBe(true);
    expect(rows.map((r) => r.verdict)).toEqual(dropTable(full, 'strict').rows.map((r) => r.verdict));
    expect(chartData(v1, 'factoid', 'sparsity', 'kick')).toEqual(chartData(full, 'factoid', 'sparsity', 'kick'));
  });

  it('divides the kick factoid rule by the questions less the extra loop step', () => {
    const s = withExtraLoopStep(v1);
    const dense = point(s, 'dense');
    const interval = scoreInterval(dense, 'factoid', 'kick').value!;
    // 13 of 21 answers right, divided by 20.
    expect(interval.n).toBe(21);
    expect(interval.estimate).toBeCloseTo(13 / 20, 12);
    const kickValues = dense.examples.find((e) => e.task === 'factoid')!.examples.map((e) => e.scores.kick as number);
    expect(interval).toEqual(intervalOfValues(kickValues, 20));
    // The strict rule never scored the extra step: a plain mean over 20.
    expect(scoreInterval(dense, 'factoid', 'strict').value!.n).toBe(20);
    const drop = pointDrop(point(s, 'magnitude|s=0.5'), dense, 'factoid', 'kick').value!;
    expect(drop.n).toBe(21);
    expect(drop.drop).toBeCloseTo(7 / 20 - 13 / 20, 12);
  });

  it('draws no interval from examples that do not give the recorded score back, and says why', () => {
    const s = structuredClone(v1);
    point(s, 'wanda|s=0.5').record.scores.find((t) => t.task === 'factoid')!.kick.value = 0.8;
    const stat = scoreInterval(point(validateSweep(s), 'wanda|s=0.5'), 'factoid', 'kick');
    expect(stat.value).toBeNull();
    expect(stat.reason).toMatch(/do not give the recorded score back/);
  });

  it('says why where nothing is left to compute from, and falls back to the point estimates, labelled', () => {
    const bare = validateSweep({ ...v1, points: v1.points.map((p) => ({ ...p, examples: [] })) });
    const row = dropTable(bare, 'kick').rows.find((r) => r.pointKey === 'magnitude|s=0.5' && r.task === 'factoid')!;
    expect([row.scoreInterval, row.paired, row.verdict, row.verdictBasis]).toEqual([null, null, 'does-not-match', 'point-estimate']);
    expect(row.scoreWhy).toMatch(/no per-example outcomes/);
    expect(row.pairedWhy).toMatch(/no per-example outcomes/);
    const ppl = dropTable(v1, 'kick').perplexity[0];
    expect([ppl.interval, ppl.paired, ppl.verdictBasis]).toEqual([null, null, 'point-estimate']);
    expect(ppl.why).toMatch(/per-window/);
    expect(pointDrop(point(v1, 'wanda|s=0.5'), null, 'factoid', 'kick').reason).toMatch(/no dense point/);
  });

  it('keeps the saved numbers where a share link left the outcomes out', () => {
    const shared = validateSweep({
      ...full,
      points: full.points.map((p) => ({ ...p, examples: [], record: { ...p.record, scores: p.record.scores.map((t) => ({ ...t, outcomes: [] })) } })),
    });
    expect(dropTable(shared, 'kick').rows.map((r) => r.paired?.source)).toEqual(dropTable(full, 'kick').rows.map(() => 'record'));
    expect(scoreInterval(point(shared, 'dense'), 'icr_open', 'strict').source).toBe('record');
  });

  it('gives a recorded run read as version 1 the intervals and drops it recorded, from its examples', () => {
    const recorded = validateSweep(JSON.parse(readFileSync(new URL('../../public/examples/paper-finding.json', import.meta.url), 'utf8')));
    const file = asVersion1(recorded);
    const dense = point(file, 'dense');
    expect(dense.record.scores[0].kick.interval).toBeNull();
    const kick = scoreInterval(dense, 'factoid', 'kick');
    expect(kick.source).toBe('examples');
    expect(kick.value!.n).toBe(21);
    expect(kick.value!.estimate).toBeCloseTo(dense.record.scores[0].kick.value!, 12);
    expect(kick.value!.low).toBeCloseTo(point(recorded, 'dense').record.scores[0].kick.interval!.low, 12);
    const far = pointDrop(point(file, 'wanda|s=0.7'), dense, 'factoid', 'strict').value!;
    expect([far.n, far.test, far.verdict]).toEqual([20, 'mcnemar-exact', 'does-not-match']);
    expect(far.drop).toBeCloseTo(point(recorded, 'wanda|s=0.7').record.scores[0].drop!.strict!.drop, 12);
  });
});
