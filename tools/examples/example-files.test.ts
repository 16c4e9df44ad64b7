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
