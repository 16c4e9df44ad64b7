import { describe, expect, it } from 'vitest';
import { axesOf, chartData, dropTable, isMatching, MATCH_TOLERANCE, matchingBand, pointLabel, scoreTasks, seriesOf, type Rule } from './derive.ts';
import { paperFindingConfig, paperFindingSweep, quantSweep, quantSweepConfig } from '../../test/state/sweep-fixtures.ts';
import { mcnemarExact } from '../stats/paired-tests.ts';
import { wilsonInterval } from '../stats/proportion.ts';
import { compressionPointLabel } from '../worker/point-label.ts';
import { compressionPointOf } from './from-run.ts';
import { DENSE_SPEC, planPoints, type Sweep, type SweepConfig } from './sweep.ts';

describe('score curves', () => {
  const sweep = paperFindingSweep();

  it('draws one curve per method starting at the dense value at 0%', () => {
    const c = chartData(sweep, 'factoid', 'sparsity', 'kick');
    expect(c.dense).toBeCloseTo(60, 10); // 12 of 20
    expect(c.series.map((s) => s.label)).toEqual(['magnitude', 'wanda']);
    const mag = c.series[0].points.map((p) => [p.x, p.y]);
    expect(mag).toEqual([[0, 60], [30, 50], [50, 30], [70, 5]]);
    expect(c.unit).toBe('%');
  });

  it('draws the matching band on the losing side only: from 5% below dense up to dense', () => {
    const c = chartData(sweep, 'factoid', 'sparsity', 'kick');
    expect(c.band!.high).toBe(c.dense);
    expect(c.band!.high).not.toBeCloseTo(60 * (1 + MATCH_TOLERANCE), 6);
    expect(c.band!.low).toBeCloseTo(60 * (1 - MATCH_TOLERANCE), 10);
    // Lower perplexity is better: the band reaches 5% above dense and stops at dense.
    const p = chartData(sweep, 'perplexity', 'sparsity', 'kick');
    expect(p.band!.low).toBe(p.dense);
    expect(p.band!.high).toBeCloseTo(8.214 * (1 + MATCH_TOLERANCE), 10);
    expect(matchingBand(10, true)).toEqual({ low: 9.5, high: 10 });
  });

  it('gives every point and the dense line their 95% interval and n, in percent', () => {
    const c = chartData(sweep, 'factoid', 'sparsity', 'kick');
    const dense = wilsonInterval(12, 20);
    expect(c.denseInterval!.n).toBe(20);
    expect(c.denseInterval!.low).toBeCloseTo(dense.low * 100, 10);
    expect(c.denseInterval!.high).toBeCloseTo(dense.high * 100, 10);
    const m50 = c.series[0].points.find((p) => p.pointKey === 'magnitude|s=0.5')!;
    expect([m50.y, m50.n, m50.why, m50.isDense]).toEqual([30, 20, null, false]);
    expect(m50.low).toBeCloseTo(wilsonInterval(6, 20).low * 100, 10);
    expect(m50.high).toBeCloseTo(wilsonInterval(6, 20).high * 100, 10);
    expect(m50.low!).toBeLessThan(30);
    expect(c.series[0].points[0]).toMatchObject({ x: 0, isDense: true, low: c.denseInterval!.low, n: 20 });
    // Perplexity's interval is resampled over windows, in perplexity units.
    const p = chartData(sweep, 'perplexity', 'sparsity', 'kick').series[1].points.find((q) => q.pointKey === 'wanda|s=0.5')!;
    expect(p.low!).toBeLessThan(10.2);
    expect(p.high!).toBeGreaterThan(10.2);
    expect(p.n).toBe(9);
  });

  it('reads the scale from the record: checked instructions are percentages, judged ones 1-10', () => {
    const withInstruction = (scale: 'fraction' | 'judge' | undefined, value: number) => {
      const s = structuredClone(sweep);
      for (const p of s.points) {
        const score = { value, count: 10, interval: null, ...(scale ? { scale } : {}) };
        p.record.scores.push({
          ...structuredClone(p.record.scores[0]),
          task: 'instruction',
          kick: { rule: 'kick', label: 'checks', ...score },
          strict: { rule: 'strict', label: 'checks', ...score },
        });
      }
      return chartData(s, 'instruction', 'sparsity', 'kick');
    };
    const checked = withInstruction('fraction', 0.8);
    expect([checked.unit, checked.dense]).toEqual(['%', 80]);
    const judged = withInstruction(undefined, 6.5);
    expect([judged.unit, judged.dense]).toEqual(['judge score (1-10)', 6.5]);
  });

  it('switches the rule: strict values come from the strict scores', () => {
    const kick = chartData(sweep, 'icr_open', 'sparsity', 'kick');
    const strict = chartData(sweep, 'icr_open', 'sparsity', 'strict');
    expect(kick.dense).toBeCloseTo(80, 10);
    expect(strict.dense).toBeCloseTo(75, 10);
    expect(strict.series[1].points.at(-1)!.y).toBeCloseTo(55, 10);
  });

  it('puts perplexity on the same sparsity axis', () => {
    const p = chartData(sweep, 'perplexity', 'sparsity', 'kick');
    expect(p.higherIsBetter).toBe(false);
    expect(p.dense).toBeCloseTo(8.214, 10);
    expect(p.series[0].points.map((q) => q.x)).toEqual([0, 30, 50, 70]);
    expect(p.series[0].points[3].y).toBe(96.3);
  });

  it('separates bit-width curves from N:M points and labels points', () => {
    const q = quantSweep();
    expect(axesOf(q)).toEqual(['sparsity', 'bits']);
    const bits = chartData(q, 'factoid', 'bits', 'kick');
    expect(bits.series.map((s) => s.label)).toEqual(['rtn', 'gptq']);
    expect(bits.series[0].points.map((p) => p.x)).toEqual([3, 4, 8]);
    const nm = chartData(q, 'factoid', 'sparsity', 'kick');
    expect(nm.series.map((s) => s.label)).toEqual(['wanda 2:4']);
    expect(nm.series[0].points.map((p) => p.x)).toEqual([0, 50]);
    expect(seriesOf({ method: 'wanda+rtn', sparsity: 0.5, pattern: null, bits: 4 }).label).toBe('wanda+rtn 4-bit');
  });
});

describe('point labels', () => {
  const owlConfig: SweepConfig = { ...paperFindingConfig(), methods: [{ id: 'wanda', params: { schedule: 'owl' } }, { id: 'magnitude', params: {} }] };

  it('names each kind of point', () => {
    expect(pointLabel(DENSE_SPEC)).toBe('dense');
    expect(pointLabel({ method: 'wanda', sparsity: 0.3, pattern: null, bits: null })).toBe('wanda 30%');
    expect(pointLabel({ method: 'wanda', sparsity: 0.333, pattern: null, bits: null })).toBe('wanda 33.3%');
    expect(pointLabel({ method: 'sparsegpt', sparsity: null, pattern: '2:4', bits: null })).toBe('sparsegpt 2:4');
    expect(pointLabel({ method: 'gptq', sparsity: null, pattern: null, bits: 3 })).toBe('gptq 3-bit');
    expect(pointLabel({ method: 'wanda+rtn', sparsity: 0.5, pattern: null, bits: 4 })).toBe('wanda+rtn 50% 4-bit');
  });

  it('marks OWL points when the sweep config is given', () => {
    const spec = { method: 'wanda', sparsity: 0.7, pattern: null, bits: null };
    expect(pointLabel(spec, owlConfig)).toBe('wanda 70% (OWL)');
    expect(pointLabel({ ...spec, method: 'magnitude' }, owlConfig)).toBe('magnitude 70%');
    expect(pointLabel(spec)).toBe('wanda 70%');
  });

  it('names every planned point as the worker reports it', () => {
    const combos: SweepConfig = { ...quantSweepConfig(), methods: [{ id: 'sparsegpt+gptq', params: { schedule: 'owl' } }, { id: 'int8', params: { threshold: 6 } }], sparsities: [0.333, 0.5] };
    for (const config of [paperFindingConfig(), quantSweepConfig(), owlConfig, combos]) {
      for (const spec of planPoints(config)) {
        const sent = spec.method === 'dense' ? null : { schedule: 'uniform' as const, ...compressionPointOf(spec, config) };
        expect(pointLabel(spec, config)).toBe(compressionPointLabel(sent));
      }
    }
  });

  it('names the rows of the drop table with the schedule', () => {
    const sweep = { ...paperFindingSweep(), config: owlConfig };
    expect(dropTable(sweep, 'kick').perplexity.map((p) => p.label)).toContain('wanda 50% (OWL)');
  });
});

describe('drop table', () => {
  it('gives score, drop in points and percent, and the paired verdict', () => {
    const t = dropTable(paperFindingSweep(), 'kick');
    expect(t.tasks).toEqual(['factoid', 'icr_open']);
    expect(t.rows).toHaveLength(6 * 2);
    const row = (key: string, task: string) => t.rows.find((r) => r.pointKey === key && r.task === task)!;
    const m50 = row('magnitude|s=0.5', 'factoid');
    expect(m50.score).toBeCloseTo(30, 10);
    expect(m50.dropPoints).toBeCloseTo(30, 10);
    expect(m50.dropPercent).toBeCloseTo(50, 10);
    expect(m50.verdict).toBe('does-not-match');
    expect(row('wanda|s=0.3', 'factoid').verdict).toBe('matches');
    // icr_open at 15 of 20 vs 16: 6.25% below dense, outside the band by the point estimates,
    // but one example of 20 cannot tell: undecided.
    expect(row('wanda|s=0.5', 'icr_open').dropPercent).toBeCloseTo(6.25, 10);
    expect(isMatching('icr_open', row('wanda|s=0.5', 'icr_open').score, 80)).toBe(false);
    expect(row('wanda|s=0.5', 'icr_open').verdict).toBe('undecided');
    const ppl = t.perplexity.find((p) => p.pointKey === 'wanda|s=0.5')!;
    expect(ppl.changePercent).toBeCloseTo(((10.2 - 8.214) / 8.214) * 100, 10);
  });

  it('gives the paired drop in points with its interval, p-value and test', () => {
    const t = dropTable(paperFindingSweep(), 'kick');
    const m50 = t.rows.find((r) => r.pointKey === 'magnitude|s=0.5' && r.task === 'factoid')!;
    // 12 right at dense, the first 6 of them right at magnitude 50%: 6 lost, none gained.
    expect(m50.paired!.loss).toBeCloseTo(30, 10);
    expect(m50.paired!.loss).toBeCloseTo(m50.dropPoints!, 10);
    expect(m50.paired!.low).toBeLessThan(30);
    expect(m50.paired!.high).toBeGreaterThan(30);
    expect(m50.paired!.low).toBeGreaterThan(0);
    expect(m50.paired!.p).toBeCloseTo(mcnemarExact(6, 0), 12);
    expect([m50.paired!.test, m50.paired!.n, m50.paired!.source, m50.verdictBasis]).toEqual(['mcnemar-exact', 20, 'record', 'paired']);
    expect(m50.scoreInterval!.n).toBe(20);
    expect(m50.denseInterval!.low).toBeCloseTo(wilsonInterval(12, 20).low * 100, 10);
  });

  it('gives the three verdicts on the fixture sweeps under both rules', () => {
    const verdicts = (s: Sweep, rule: Rule) => Object.fromEntries(dropTable(s, rule).rows.map((r) => [`${r.pointKey} ${r.task}`, r.verdict]));
    const paper = verdicts(paperFindingSweep(), 'kick');
    expect(paper['wanda|s=0.3 factoid']).toBe('matches');
    expect(paper['wanda|s=0.5 factoid']).toBe('undecided');
    expect(paper['magnitude|s=0.7 factoid']).toBe('does-not-match');
    expect(paper['magnitude|s=0.3 icr_open']).toBe('matches');
    expect(verdicts(paperFindingSweep(), 'strict')['magnitude|s=0.5 icr_open']).toBe('undecided');
    const quant = verdicts(quantSweep(), 'kick');
    expect(quant['gptq|b=4 factoid']).toBe('matches');
    expect(quant['gptq|b=3 factoid']).toBe('undecided');
    expect(quant['rtn|b=3 factoid']).toBe('does-not-match');
    expect(quant['wanda|nm=2:4 factoid']).toBe('does-not-match');
    // Each verdict is the record's own paired drop.
    const q = quantSweep();
    for (const r of dropTable(q, 'strict').rows) {
      const record = q.points.find((p) => p.key === r.pointKey)!.record.scores.find((s) => s.task === r.task)!;
      expect(r.verdict).toBe(record.drop!.strict!.verdict);
    }
  });

  it('compares perplexity on paired windows: a rise of more than 5% does not match', () => {
    const ppl = (s: Sweep, key: string) => dropTable(s, 'kick').perplexity.find((p) => p.pointKey === key)!;
    expect(ppl(quantSweep(), 'gptq|b=4').verdict).toBe('matches');
    const w50 = ppl(paperFindingSweep(), 'wanda|s=0.5');
    expect(w50.verdict).toBe('does-not-match');
    // The change is compressed - dense: a rise in perplexity is a positive loss.
    expect(w50.paired!.loss).toBeCloseTo(10.2 - 8.214, 6);
    expect(w50.paired!.test).toBe('sign-flip');
    expect(w50.interval!.n).toBe(9);
  });

  it('matching rule: better than dense matches, exactly 5% below matches, lower perplexity is better', () => {
    expect(isMatching('factoid', 57, 60)).toBe(true);
    expect(isMatching('factoid', 56.9, 60)).toBe(false);
    expect(isMatching('factoid', 70, 60)).toBe(true);
    expect(isMatching('factoid', null, 60)).toBeNull();
    expect(isMatching('perplexity', 8.6, 8.2)).toBe(true);
    expect(isMatching('perplexity', 9, 8.2)).toBe(false);
  });

  it('lists tasks without perplexity', () => {
    expect(scoreTasks(paperFindingSweep())).toEqual(['factoid', 'icr_open']);
  });
});

