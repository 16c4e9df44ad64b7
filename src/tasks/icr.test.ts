import { describe, expect, it } from 'vitest';
import { tinyTrivia } from '../../test/servers/tiny-fixtures.ts';
import type { TriviaRecord } from './datasets/schemas.ts';
import { ICR_NEW_TOKENS, runIcr } from './icr.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';

const data = tinyTrivia as TriviaRecord[];

describe('ICR task', () => {
  it('closed book: kick counts the empty prediction as a hit, strict does not', async () => {
    const m = new ScriptedModel({ reply: (p) => (p.includes('Bloody Maria') ? ' Tequila!\nQ: next question' : '') });
    const r = await runIcr(m, data, { openBook: false });
    expect(r.task).toBe('icr_closed');
    expect(m.generateCalls[0].prompt).toBe('Answer these questions:\n\nQ: What spirit is in a Bloody Maria?\nA:');
    expect(m.generateCalls[0].opts).toMatchObject({ maxNewTokens: ICR_NEW_TOKENS, greedy: true });
    // Generation may end once the first line is settled, and not before.
    const settled = m.generateCalls[0].opts.settled;
    expect(settled?.(' Tequila')).toBe(false);
    expect(settled?.(' Tequila\nQ')).toBe(true);
    expect(r.examples.map((e) => e.scores)).toEqual([
      { kick: 1, strict: 1, f1: 1 },
      { kick: 1, strict: 0, f1: 0 },
    ]);
    expect(r.kick.value).toBe(1);
    expect(r.strict.value).toBe(0.5);
    expect(r.metrics.f1).toBe(0.5);
  });

  it('open book: evidence first, examples without evidence skipped and counted', async () => {
    const m = new ScriptedModel({ reply: () => ' tequila' });
    const r = await runIcr(m, data, { openBook: true });
    expect(r.task).toBe('icr_open');
    expect(r.skipped.noContext).toBe(1);
    expect(r.examples).toHaveLength(1);
    expect(r.examples[0].prompt).toBe(
      'Tequila is a distilled beverage made from the blue agave plant.\n\nBased on these texts, answer these questions:\n\nQ: What spirit is in a Bloody Maria?\nA:',
    );
  });

  it('open book: evidence too long for the context is cut from the start and counted', async () => {
    const long = { ...data[0], wiki_context: 'filler words '.repeat(200) + 'Tequila is the spirit.' };
    const m = new ScriptedModel({ contextLength: 120, reply: () => ' Tequila' });
    const r = await runIcr(m, [long], { openBook: true });
    expect(r.truncated).toBe(1);
    const p = r.examples[0].prompt;
    expect(await m.countTokens(p)).toBeLessThanOrEqual(120 - ICR_NEW_TOKENS);
    expect(p).toContain('Tequila is the spirit.\n\nBased on these texts');
    expect(r.strict.value).toBe(1);
  });

  it('closed book: a question longer than the context is skipped as oversized', async () => {
    const r = await runIcr(new ScriptedModel({ contextLength: 40 }), [{ ...data[0], question: 'why '.repeat(100) }], { openBook: false });
    expect(r.skipped.oversized).toBe(1);
    expect(r.kick.value).toBeNull();
  });
});
