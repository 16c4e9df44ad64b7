import { describe, expect, it } from 'vitest';
import { axesOf, chartData, dropTable, examplePairs, isMatching, MATCH_TOLERANCE, pointLabel, scoreTasks, seriesOf } from './derive.ts';
import { paperFindingConfig, paperFindingSweep, quantSweep, quantSweepConfig } from '../../test/state/sweep-fixtures.ts';
import { compressionPointLabel } from '../worker/point-label.ts';
import { compressionPointOf } from './from-run.ts';
import { DENSE_SPEC, planPoints, type SweepConfig } from './sweep.ts';

describe('score curves', () => {
  const sweep = paperFindingSweep();

  it('draws one curve per method starting at the dense value at 0%', () => {
    const c = chartData(sweep, 'factoid', 'sparsity', 'kick');
    expect(c.dense).toBeCloseTo(60, 10); // 12 of 20
    expect(c.series.map((s) => s.label)).toEqual(['magnitude', 'wanda']);
    const mag = c.series[0].points.map((p) => [p.x, p.y]);
    expect(mag).toEqual([[0, 60], [30, 50], [50, 30], [70, 5]]);
    expect(c.band!.low).toBeCloseTo(60 * (1 - MATCH_TOLERANCE), 10);
    expect(c.band!.high).toBeCloseTo(60 * (1 + MATCH_TOLERANCE), 10);
    expect(c.unit).toBe('%');
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

  it('puts perplexity on the same sparsity axis without a band', () => {
    const p = chartData(sweep, 'perplexity', 'sparsity', 'kick');
    expect(p.band).toBeNull();
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
  it('gives score, drop in points and percent, and matching within 5% of dense', () => {
    const t = dropTable(paperFindingSweep(), 'kick');
    expect(t.tasks).toEqual(['factoid', 'icr_open']);
    expect(t.rows).toHaveLength(6 * 2);
    const row = (key: string, task: string) => t.rows.find((r) => r.pointKey === key && r.task === task)!;
    const m50 = row('magnitude|s=0.5', 'factoid');
    expect(m50.score).toBeCloseTo(30, 10);
    expect(m50.dropPoints).toBeCloseTo(30, 10);
    expect(m50.dropPercent).toBeCloseTo(50, 10);
    expect(m50.matching).toBe(false);
    expect(row('wanda|s=0.3', 'factoid').matching).toBe(true);
    // icr_open at 15 of 20 vs 16: 6.25% below dense, just outside the band.
    expect(row('wanda|s=0.5', 'icr_open').dropPercent).toBeCloseTo(6.25, 10);
    expect(row('wanda|s=0.5', 'icr_open').matching).toBe(false);
    const ppl = t.perplexity.find((p) => p.pointKey === 'wanda|s=0.5')!;
    expect(ppl.changePercent).toBeCloseTo(((10.2 - 8.214) / 8.214) * 100, 10);
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

describe('examples', () => {
  it('pairs each compressed answer with the dense answer to the same prompt', () => {
    const pairs = examplePairs(paperFindingSweep(), 'magnitude|s=0.7', 'factoid', 'kick');
    expect(pairs).toHaveLength(20);
    expect(pairs[0].denseOutput).toBe(' answer 0');
    expect(pairs[0].score).toBe(1);
    expect(pairs[5].denseScore).toBe(1);
    expect(pairs[5].score).toBe(0);
    expect(pairs[5].output).toContain('something else');
    expect(examplePairs(paperFindingSweep(), 'nope', 'factoid', 'kick')).toEqual([]);
  });
});
