import { describe, expect, it } from 'vitest';
import { tinyMmluDev, tinyMmluTest } from '../../test/servers/tiny-fixtures.ts';
import type { MmluRecord } from './datasets/schemas.ts';
import { buildMcrPrompt, runMcr } from './mcr.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';

const test = tinyMmluTest as MmluRecord[];
const dev = tinyMmluDev as MmluRecord[];
const answerOf = (prompt: string) => test.find((q) => prompt.includes(q.question))?.answer ?? 'A';

describe('MCR task', () => {
  it('kick reads the last character of one greedy token; strict uses the log-likelihood of " A".." D"', async () => {
    const m = new ScriptedModel({
      // Algebra questions get the right letter, religion questions a whitespace token.
      reply: (p) => (p.includes('algebra') ? ` ${answerOf(p)}` : ' '),
      score: (ctx, cont) => (cont === ` ${answerOf(ctx)}` ? -0.1 : -5),
    });
    const r = await runMcr(m, test, dev);
    expect(r.kick.value).toBe(0.5);
    expect(r.strict.value).toBe(1);
    for (const c of m.generateCalls) expect(c.opts).toEqual({ maxNewTokens: 1, greedy: true });
    for (const s of m.scoreCalls) expect(s.continuations).toEqual([' A', ' B', ' C', ' D']);
    const subj = r.groups.filter((g) => g.kind === 'subject');
    expect(subj).toEqual([
      { kind: 'subject', name: 'abstract_algebra', kick: 1, strict: 1, count: 2 },
      { kind: 'subject', name: 'world_religions', kick: 0, strict: 1, count: 2 },
    ]);
    const cats = r.groups.filter((g) => g.kind === 'category');
    expect(cats.map((c) => [c.name, c.kick])).toEqual([
      ['STEM', 1],
      ['humanities', 0],
    ]);
    // Shots come from the subject's own dev rows (algebra has 2, religions 1).
    expect(r.examples[0].prompt.split('Answer: ').length - 1).toBe(2);
    expect(r.examples[2].prompt.split('Answer: ').length - 1).toBe(1);
    expect(r.examples[0].prompt.startsWith('The following are multiple choice questions (with answers) about  abstract algebra.\n\nDev algebra 1?')).toBe(true);
  });

  it('reduces the shots while the prompt exceeds the context, then truncates and counts', async () => {
    const q = test[0];
    const full = await buildMcrPrompt(new ScriptedModel(), q, dev.slice(0, 2), 5);
    expect(full?.k).toBe(2);
    const fullTokens = await new ScriptedModel().countTokens(full?.prompt ?? '');
    const m = new ScriptedModel({ contextLength: fullTokens - 5 });
    const reduced = await buildMcrPrompt(m, q, dev.slice(0, 2), 5);
    expect(reduced?.k).toBe(1);
    expect(reduced?.truncated).toBe(false);
    expect(await m.countTokens(reduced?.prompt ?? '')).toBeLessThanOrEqual(m.contextLength - 1);

    const tiny = new ScriptedModel({ contextLength: 20, reply: () => ' B', score: () => 0 });
    const r = await runMcr(tiny, [q], dev);
    expect(r.truncated).toBe(1);
    const p = r.examples[0].prompt;
    expect(p.endsWith('Answer:')).toBe(true);
    expect(await tiny.countTokens(p)).toBeLessThanOrEqual(19);
    expect(r.examples[0].notes).toEqual(['shots reduced to 0', 'prompt truncated from the start']);
  });
});
