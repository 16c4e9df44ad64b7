import { describe, expect, it } from 'vitest';
import { tinyStories } from '../../test/servers/tiny-fixtures.ts';
import type { StoryRecord } from './datasets/schemas.ts';
import { vicunaTemplate } from './language-model.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { cleanStoryText, kickStoryText, runSummarization } from './summarization.ts';

const stories = tinyStories as StoryRecord[];

describe('summarization task', () => {
  it('builds llm-kick question text: lines glued without separators, highlights appended', () => {
    expect(kickStoryText(stories[0])).toBe(
      'Summarize the given story in less than 150 words while preserving high coherence, consistency, fluency, and relevance.\n\n' +
        '(CNN) -- A cat climbed a tree.Firefighters rescued the cat on Monday.' +
        '@highlightFirefighters rescued a cat@highlightThe cat climbed a tree',
    );
    expect(cleanStoryText(stories[1])).toBe(
      'Summarize the given story in less than 150 words while preserving high coherence, consistency, fluency, and relevance.\n\nThe council approved a new park.\n\nConstruction starts in May.',
    );
  });

  it('uses the Vicuna template without a model template, greedy, and scores offline per bucket', async () => {
    const m = new ScriptedModel({ reply: () => 'Firefighters rescued a cat that climbed a tree.' });
    const dense = new Map([['small/aaa', 'Firefighters rescued a cat that climbed a tree.']]);
    const r = await runSummarization(m, stories, { denseOutputs: dense });
    expect(m.generateCalls[0].prompt).toBe(vicunaTemplate(kickStoryText(stories[0])));
    expect(m.generateCalls[0].opts.greedy).toBe(true);
    expect(m.generateCalls[0].opts.maxNewTokens).toBe(1024);
    expect(r.kick.value).toBeNull();
    expect(r.kick.label).toMatch(/no judge configured/);
    expect(r.groups.map((g) => [g.name, g.count])).toEqual([
      ['small', 1],
      ['mid', 1],
      ['large', 1],
    ]);
    expect(r.examples[0].scores.keyFactRecall).toBe(1);
    expect(r.examples[0].scores.denseAgreement).toBe(1);
    expect(r.examples[1].scores.keyFactRecall).toBe(0);
    expect(r.metrics.denseAgreement).toBe(1);
    expect(r.metrics.judgeFailedRequests).toBeNull();
  });

  it("applies the model's own chat template, sampling when asked, and the clean prompt style", async () => {
    const m = new ScriptedModel({ reply: () => 'ok', chatTemplate: (u) => `<|user|>${u}<|assistant|>` });
    await runSummarization(m, stories.slice(0, 1), { promptStyle: 'clean', sampling: { temperature: 0.7, seed: 3 } });
    expect(m.generateCalls[0].prompt).toBe(`<|user|>${cleanStoryText(stories[0])}<|assistant|>`);
    expect(m.generateCalls[0].opts).toEqual({ maxNewTokens: 1024, greedy: false, temperature: 0.7, seed: 3 });
  });

  it('caps new tokens to the context left and skips stories that leave too little', async () => {
    const m = new ScriptedModel({ contextLength: 200, reply: () => 'short' });
    const r = await runSummarization(m, stories, {});
    expect(m.generateCalls).toHaveLength(3);
    for (const c of m.generateCalls) expect(c.opts.maxNewTokens).toBe(200 - (await m.countTokens(c.prompt)));
    const tiny = await runSummarization(new ScriptedModel({ contextLength: 30 }), stories, {});
    expect(tiny.skipped.oversized).toBe(3);
    expect(r.skipped.oversized).toBe(0);
  });
});
