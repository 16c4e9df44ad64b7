import { describe, expect, it } from 'vitest';
import { paperFindingSweep, quantSweep } from '../../test/state/sweep-fixtures.ts';
import { withDrops } from '../tasks/paired-drops.ts';
import { compareRows, compareSummary, runLetter, runName } from './compare.ts';
import type { Sweep } from './sweep.ts';

/** The paper sweep again, with fewer factoid answers right at wanda 30% and a different name. */
function rerunWithLoss(): Sweep {
  const s = paperFindingSweep();
  s.id = 'fixture-rerun';
  s.name = 'rerun';
  const point = s.points.find((p) => p.key === 'wanda|s=0.3')!;
  const score = point.record.scores.find((t) => t.task === 'factoid')!;
  score.outcomes = score.outcomes!.map((o) => ({ ...o, kick: 0, strict: 0 }));
  score.kick.value = 0;
  score.strict.value = 0;
  // The paired drop from dense, computed again from the changed answers as the runner does.
  point.record = withDrops(point.record, s.points.find((p) => p.spec.method === 'dense')!.record);
  return s;
}

describe('comparing runs', () => {
  it('names runs by letter and name', () => {
    expect(runLetter(2)).toBe('C');
    expect(runName(paperFindingSweep(), 0)).toBe(`A: ${paperFindingSweep().name}`);
  });

  it('gives one row per point, task and run, the runs of a point next to each other', () => {
    const a = paperFindingSweep();
    const rows = compareRows([a, rerunWithLoss()], 'kick');
    // 6 compressed points x (factoid, icr_open, perplexity) x 2 runs.
    expect(rows).toHaveLength(6 * 3 * 2);
    const i = rows.findIndex((r) => r.pointKey === 'wanda|s=0.3' && r.task === 'factoid');
    expect(rows[i].run).toBe(0);
    expect(rows[i + 1]).toMatchObject({ run: 1, pointKey: 'wanda|s=0.3', task: 'factoid' });
    expect(rows[i].score).toBe(a.points.find((p) => p.key === 'wanda|s=0.3')!.record.scores.find((t) => t.task === 'factoid')!.kick.value! * 100);
    expect(rows[i + 1].score).toBe(0);
    expect(rows.filter((r) => r.task === 'perplexity')).toHaveLength(12);
  });

  it('says in plain words what is the same and where verdicts differ', () => {
    const lines = compareSummary([paperFindingSweep(), rerunWithLoss()], 'kick');
    expect(lines[0]).toBe('Same model in both: kick-tiny @ main (fp32).');
    expect(lines[1]).toBe('Same methods in both: magnitude, wanda.');
    expect(lines[3]).toContain('Same examples per task in both: Factoid QA 20');
    expect(lines[4]).toMatch(/^Verdicts differ at 1 of 18 shared points \(kick rule\): wanda 30% on Factoid QA \(A matches, B does not match\)\.$/);
  });

  it('names each run\'s model, methods and example counts where they differ', () => {
    const q = quantSweep();
    const lines = compareSummary([paperFindingSweep(), q], 'kick');
    expect(lines[1]).toBe(`Methods differ: A magnitude, wanda; B ${q.config.methods.map((m) => m.id).join(', ')}.`);
    expect(lines.join(' ')).toMatch(/Verdicts|No point/);
  });

  it('reads the same methods listed in another order as the same', () => {
    const b = paperFindingSweep();
    b.config.methods.reverse();
    expect(compareSummary([paperFindingSweep(), b], 'kick')[1]).toBe('Same methods in both: magnitude, wanda.');
  });

  it('takes three runs, naming each where they differ', () => {
    const lines = compareSummary([paperFindingSweep(), rerunWithLoss(), quantSweep()], 'kick');
    expect(lines[0]).toBe('Same model in all: kick-tiny @ main (fp32).');
    expect(lines[1]).toMatch(/^Methods differ: A magnitude, wanda; B magnitude, wanda; C rtn, gptq, wanda\.$/);
    expect(compareRows([paperFindingSweep(), rerunWithLoss(), quantSweep()], 'kick').filter((r) => r.run === 2)).toHaveLength(7 * 3);
  });

  it('agrees with itself: a run against a copy of itself has no differing verdict', () => {
    const lines = compareSummary([paperFindingSweep(), paperFindingSweep()], 'strict');
    expect(lines[4]).toBe('Verdicts agree at all 18 points measured on the same task in more than one run (strict rule).');
  });
});
