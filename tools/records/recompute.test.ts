import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recomputeChecks } from './recompute-checks.ts';
import { recordsOf } from './recompute.ts';

// The example sweeps are real recorded runs with per-example outcomes: everything they claim must
// follow from those outcomes.
const examples = ['public/examples/paper-finding.json', 'public/examples/quant.json'];

describe('a results file recomputed from its per-example outcomes', () => {
  for (const file of examples) {
    it(`${file}: every score, Wilson interval, paired drop and McNemar p agrees`, () => {
      const checks = recomputeChecks(recordsOf(JSON.parse(readFileSync(file, 'utf8'))));
      const kinds = new Set(checks.map((c) => c.what));
      expect([...kinds].sort()).toEqual(['mcnemar p', 'paired drop', 'score', 'wilson interval']);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    });
  }

  it('a changed outcome is caught', () => {
    const doc = JSON.parse(readFileSync(examples[0], 'utf8'));
    const compressed = doc.points.find((p: { record: { method: { id: string } } }) => p.record.method.id !== 'dense');
    const factoid = compressed.record.scores.find((s: { task: string }) => s.task === 'factoid');
    const flipped = factoid.outcomes.find((o: { strict: number | null }) => o.strict !== null);
    flipped.strict = 1 - flipped.strict;
    const bad = recomputeChecks(recordsOf(doc)).filter((c) => !c.ok);
    expect(bad.map((c) => `${c.task} ${c.rule} ${c.what}`)).toEqual(expect.arrayContaining(['factoid strict score', 'factoid strict wilson interval', 'factoid strict paired drop']));
    expect(bad.every((c) => c.task === 'factoid' && c.rule === 'strict')).toBe(true);
  });
});
