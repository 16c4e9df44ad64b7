import { describe, expect, it } from 'vitest';
import type { InstructionItem, StoryItem } from './datasets/schemas.ts';
import { runInstruction } from './instruction.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { runSummarization } from './summarization.ts';

const item = (id: number, check: string, answers: string[]): InstructionItem => ({
  question_id: id,
  text: `q${id}`,
  category: check,
  prompt: `Instruction: q${id}\nResponse:`,
  check,
  answers,
});

const replying = (replies: Record<string, string>) =>
  new ScriptedModel({ contextLength: 512, reply: (p) => replies[p] ?? '', score: () => 0, perplexity: () => 1 });

/** A model answering question i (1-based) with responses[i - 1]. */
const answering = (...responses: string[]) =>
  replying(Object.fromEntries(responses.map((r, i) => [`Instruction: q${i + 1}\nResponse:`, r])));

describe('checkable instructions (KICK-world)', () => {
  const questions = [
    item(1, 'one_word', ['Tavola']),
    item(2, 'upper_case', ['the Red Mills', 'Red Mills']),
    item(3, 'number', ['1874']),
    item(4, 'list', ['baker', 'Tavola']),
  ];
  const answers = questions.map((q) => ({ question_id: q.question_id, text: 'reference' }));

  it('scores the form (kick) and the form with the right answer (strict) as fractions', async () => {
    const model = answering(' Tavola.', ' RED MILLS', ' 1875', ' - profession: baker\n- birthplace: Tavola');
    const r = await runInstruction(model, questions, answers);
    expect(r.kick).toMatchObject({ value: 1, count: 4, scale: 'fraction' });
    // The number is in the right form but wrong.
    expect(r.strict).toMatchObject({ value: 0.75, count: 4, scale: 'fraction' });
    expect(r.examples.map((e) => [e.scores.kick, e.scores.strict])).toEqual([[1, 1], [1, 1], [1, 0], [1, 1]]);
    expect(r.groups.find((g) => g.name === 'number')).toMatchObject({ kick: 1, strict: 0 });
    expect(r.metrics.judgeKick).toBeNull();
  });

  it('fails a response in the wrong form even when it holds the answer', async () => {
    const model = answering(' It is Tavola.', ' Red Mills', ' the year 1874', ' baker, Tavola');
    const r = await runInstruction(model, questions, answers);
    expect([r.kick.value, r.strict.value]).toEqual([0, 0]);
  });

  it('keeps the judge scale for instructions without checks (Vicuna-bench)', async () => {
    const plain = [{ question_id: 1, text: 'Write a poem.', category: 'writing' }];
    const r = await runInstruction(replying({}), plain, [{ question_id: 1, text: 'A poem.' }]);
    expect(r.kick.scale).toBe('judge');
    expect(r.kick.value).toBeNull();
  });
});

describe('summaries with key facts (KICK-world)', () => {
  const story = (id: string, keyFacts: string[]): StoryItem => ({
    id,
    bucket: 'kickworld',
    story: `story ${id}`,
    highlights: keyFacts,
    llmkick_question_id: 1,
    llmkick_instruction: 'Summarize.',
    prompt: `Summarize ${id}\n\nSummary:`,
    reference: 'reference',
    keyFacts,
  });

  it('scores key-fact recall (kick) and summaries naming every fact (strict)', async () => {
    const model = replying({
      'Summarize a\n\nSummary:': ' Dela Tomaris was born in Vorlak and works as a baker.',
      'Summarize b\n\nSummary:': ' Tavo is a river.',
    });
    const r = await runSummarization(model, [story('a', ['Vorlak', 'baker']), story('b', ['Vorlak', '1874'])]);
    expect(r.kick).toMatchObject({ value: 0.5 * (1 + 0), count: 2, scale: 'fraction' });
    expect(r.strict).toMatchObject({ value: 0.5, count: 2, scale: 'fraction' });
    expect(r.metrics.keyFactRecall).toBe(0.5);
  });
});
