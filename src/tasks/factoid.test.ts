import { describe, expect, it } from 'vitest';
import { factoidPrompt, runFactoid } from './factoid.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';

const examples = [
  { id: 'q0', question: 'Who wrote Hamlet?', answers: ['william shakespeare'] },
  { id: 'q1', question: 'Which actor, Henry Fonda or another, produced 12 Angry Men?', answers: ['henry fonda'] },
  { id: 'q2', question: 'Which planet is called the Red Planet?', answers: ['mars'] },
  { id: 'q3', question: 'What is the capital of France?', answers: ['paris'] },
  { id: 'q4', question: 'Not reached', answers: ['x'] },
];

const replies: Record<string, string> = {
  'Who wrote Hamlet?': 'William Shakespeare wrote it.',
  'Which actor, Henry Fonda or another, produced 12 Angry Men?': 'I do not know.',
  'Which planet is called the Red Planet?': 'Jupiter',
  'What is the capital of France?': 'Paris',
};

function model(contextLength = 2048) {
  return new ScriptedModel({
    contextLength,
    reply: (prompt) => replies[Object.keys(replies).find((q) => prompt.includes(q)) ?? ''] ?? '',
  });
}

describe('factoid task', () => {
  it('runs num_examples + 1 questions; kick divides by num_examples and counts aliases in the question', async () => {
    const m = model();
    const r = await runFactoid(m, examples, { numExamples: 3 });
    expect(m.generateCalls).toHaveLength(4);
    // kick hits: q0 1, q1 1 (alias in the question), q2 0, q3 1 (extra step) -> 3 / 3
    expect(r.kick.value).toBe(1);
    // strict: q0 1, q1 0, q2 0 over 3 questions
    expect(r.strict.value).toBeCloseTo(1 / 3, 12);
    expect(r.strict.count).toBe(3);
    expect(r.examples[3].scores).toEqual({ kick: 1, strict: null });
    expect(r.examples[3].notes?.[0]).toMatch(/extra loop step/);
    expect(r.kick.label).toMatch(/num_examples\+1/);
  });

  it('uses the reference prompt and max_length = 3 x prompt tokens', async () => {
    const m = model();
    await runFactoid(m, examples.slice(0, 1), { numExamples: 1 });
    const prompt = factoidPrompt('Who wrote Hamlet?');
    expect(prompt).toBe('Please give answer to this question: Who wrote Hamlet?\nThe answer is ');
    expect(m.generateCalls[0].prompt).toBe(prompt);
    expect(m.generateCalls[0].opts).toMatchObject({ maxNewTokens: 2 * (await m.countTokens(prompt)), greedy: true });
    expect(factoidPrompt('Q?', ' ')).toBe('Please give answer to this question: Q? The answer is ');
  });

  it('skips and counts empty and oversized examples', async () => {
    const r = await runFactoid(model(), [{ id: 'e', question: ' ', answers: ['a'] }, { id: 'n', question: 'Q?', answers: [] }], { numExamples: 5 });
    expect(r.skipped.empty).toBe(2);
    expect(r.strict.value).toBeNull();
    const tiny = await runFactoid(model(10), examples.slice(0, 2), { numExamples: 2 });
    expect(tiny.skipped.oversized).toBe(2);
    expect(tiny.examples).toHaveLength(0);
  });
});
