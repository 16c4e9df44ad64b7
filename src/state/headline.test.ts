import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headlines, signedWhole } from './headline.ts';
import { validateSweep, type Sweep } from './sweep.ts';

const paper: Sweep = validateSweep(JSON.parse(readFileSync(new URL('../../public/examples/paper-finding.json', import.meta.url), 'utf8')));

function kickValue(s: Sweep, key: string, task: string): number {
  return s.points.find((p) => p.key === key)!.record.scores.find((t) => t.task === task)!.kick.value!;
}

describe('headline', () => {
  it('writes one plain sentence per compressed point, in the sweep\u2019s order', () => {
    const lines = headlines(paper, 'kick');
    expect(lines.map((l) => l.pointKey)).toEqual(paper.points.slice(1).map((p) => p.key));
    const wanda50 = lines.find((l) => l.pointKey === 'wanda|s=0.5')!;
    expect(wanda50.sentence).toBe('wanda 50%: factoid QA \u221220 points, open book \u00b10, perplexity +2%');
  });

  it('takes its numbers from the recorded scores: points lost per task, perplexity\u2019s change in percent', () => {
    const dense = paper.points[0];
    for (const line of headlines(paper, 'kick')) {
      const [factoid, open, ppl] = line.parts;
      const points = Math.round((kickValue(paper, line.pointKey, 'factoid') - kickValue(paper, 'dense', 'factoid')) * 100);
      expect(factoid.text).toBe(`factoid QA ${signedWhole(points)} points`);
      const openPoints = Math.round((kickValue(paper, line.pointKey, 'icr_open') - kickValue(paper, 'dense', 'icr_open')) * 100);
      expect(open.text).toBe(`open book ${signedWhole(openPoints)}`);
      const point = paper.points.find((p) => p.key === line.pointKey)!;
      expect(ppl.text).toBe(`perplexity ${signedWhole((point.record.perplexity! / dense.record.perplexity! - 1) * 100)}%`);
      // Each number carries the drop table's verdict.
      expect(line.parts.every((p) => p.verdict !== null)).toBe(true);
    }
    const m70 = headlines(paper, 'kick').find((l) => l.pointKey === 'magnitude|s=0.7')!;
    expect(m70.parts[0].verdict).toBe('does-not-match');
  });

  it('follows the scoring rule', () => {
    const strict = headlines(paper, 'strict').find((l) => l.pointKey === 'magnitude|s=0.5')!;
    const points = Math.round((paper.points[2].record.scores[0].strict.value! - paper.points[0].record.scores[0].strict.value!) * 100);
    expect(strict.parts[0].text).toBe(`factoid QA ${signedWhole(points)} points`);
  });

  it('says nothing without a dense point or a compressed one', () => {
    expect(headlines({ ...paper, points: paper.points.slice(1) }, 'kick')).toEqual([]);
    expect(headlines({ ...paper, points: paper.points.slice(0, 1) }, 'kick')).toEqual([]);
  });

  it('signs whole numbers with a real minus and never writes -0', () => {
    expect(signedWhole(-20.4)).toBe('\u221220');
    expect(signedWhole(2.5)).toBe('+3');
    expect(signedWhole(-0.4)).toBe('\u00b10');
  });
});
