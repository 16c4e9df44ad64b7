// The recorded example files are what their definitions say, complete, and small enough to fetch.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planPoints, pointKey, validateSweep } from '../../src/state/sweep.ts';
import { exampleDefinitions } from './example-configs.ts';

const publicDir = new URL('../../public/', import.meta.url);

describe.each(exampleDefinitions().map((d) => [d.example.file, d] as const))('%s', (file, def) => {
  const url = new URL(file, publicDir);
  const sweep = validateSweep(JSON.parse(readFileSync(url, 'utf8')));

  it('is the finished run of its definition, every planned point in plan order', () => {
    expect(sweep.id).toBe(def.sweepId);
    expect(sweep.name).toBe(def.name);
    expect(sweep.config).toEqual(def.config);
    expect(sweep.status).toBe('finished');
    expect(sweep.error).toBeNull();
    expect(sweep.points.map((p) => p.key)).toEqual(planPoints(def.config).map(pointKey));
  });

  it('holds per-example records and per-layer reports as a run does', () => {
    const asked = def.config.tasks.map((t) => t.task);
    for (const p of sweep.points) {
      expect(p.record.scores.map((s) => s.task)).toEqual(asked);
      expect(p.record.model.id).toBe(def.config.model.id);
      for (const s of p.record.scores.filter((x) => x.task !== 'perplexity')) {
        const examples = p.examples.find((e) => e.task === s.task)?.examples ?? [];
        expect(examples.length, `${p.key} ${s.task}`).toBe(s.kick.count);
        expect(examples.every((e) => e.prompt.length > 0 && typeof e.scores.kick === 'number')).toBe(true);
      }
      expect(p.layers.length).toBe(p.spec.method === 'dense' ? 0 : 28);
    }
  });

  it('stays well under 1 MB', () => {
    expect(statSync(url).size).toBeLessThan(600 * 1024);
  });
});

/** The dense figure of a row of the model card's "Dense scores and the bars" table: its first number. */
function cardFigure(card: string, rowStart: string): number {
  const row = card.split('\n').find((line) => line.startsWith(`| ${rowStart} `));
  if (!row) throw new Error(`the model card has no row "${rowStart}"`);
  const dense = row.split('|')[3];
  const m = /(\d+(?:\.\d+)?)/.exec(dense);
  if (!m) throw new Error(`the model card's row "${rowStart}" has no dense figure: ${dense}`);
  return Number(m[1]);
}

describe('the examples against the model card', () => {
  const card = readFileSync(new URL('models/kick-tiny/README.md', publicDir), 'utf8');
  const figures = { factoid: cardFigure(card, 'factoid (strict)') / 100, icr_open: cardFigure(card, 'icr open book (held-out entities)') / 100, perplexity: cardFigure(card, 'perplexity (held-out passages)') };

  it.each(exampleDefinitions().map((d) => [d.example.file] as const))('%s: the dense scores agree with the card within their intervals', (file) => {
    const sweep = validateSweep(JSON.parse(readFileSync(new URL(file, publicDir), 'utf8')));
    const dense = sweep.points.find((p) => p.spec.method === 'dense')!;
    for (const task of ['factoid', 'icr_open', 'perplexity'] as const) {
      const interval = dense.record.scores.find((s) => s.task === task)!.strict.interval;
      expect(interval, `${file} ${task}`).not.toBeNull();
      expect(figures[task], `${file} ${task}: card ${figures[task]} in [${interval!.low}, ${interval!.high}]`).toBeGreaterThanOrEqual(interval!.low);
      expect(figures[task], `${file} ${task}`).toBeLessThanOrEqual(interval!.high);
    }
    expect(Math.abs(dense.record.perplexity! / figures.perplexity - 1)).toBeLessThan(0.1);
  });
});
