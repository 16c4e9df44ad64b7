import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { mcnemarExact } from '../stats/paired-tests.ts';
import { runFactoid } from './factoid.ts';
import { runPerplexity } from './perplexity.ts';
import { taskDrop } from './paired-drops.ts';
import { taskScoresOf } from './record-scores.ts';

const questions = Array.from({ length: 21 }, (_, i) => ({ id: `q${i}`, question: `What is ${i}?`, answers: [`n${i}`] }));

/** A model that answers the first `right` questions correctly. */
function knows(right: number): ScriptedModel {
  return new ScriptedModel({ reply: (p) => (Number(/What is (\d+)/.exec(p)![1]) < right ? `n${/What is (\d+)/.exec(p)![1]}` : 'no idea') });
}

describe('paired drop from dense', () => {
  it('pairs factoid outcomes by id and scales the kick rule as its score', async () => {
    const dense = await taskScoresOf(await runFactoid(knows(18), questions, { numExamples: 20 }));
    const compressed = await taskScoresOf(await runFactoid(knows(9), questions, { numExamples: 20 }));
    const drop = taskDrop(dense, compressed)!;
    expect(drop.strict!.n).toBe(20);
    expect(drop.strict!.drop).toBeCloseTo(compressed.strict.value! - dense.strict.value!, 12);
    expect(drop.strict!.p).toBeCloseTo(mcnemarExact(9, 0), 12);
    expect(drop.strict!.verdict).toBe('does-not-match');
    // kick: 21 answers over 20, the drop on the kick rule's own scale.
    expect(drop.kick!.n).toBe(21);
    expect(drop.kick!.drop).toBeCloseTo(compressed.kick.value! - dense.kick.value!, 12);
    expect(compressed.kick.interval!.estimate).toBeCloseTo(compressed.kick.value!, 12);
  });

  it('has no drop where the two points share no examples', async () => {
    const dense = await taskScoresOf(await runFactoid(knows(18), questions.slice(0, 11), { numExamples: 10 }));
    const other = await taskScoresOf(await runFactoid(knows(18), questions.slice(11), { numExamples: 9 }));
    expect(taskDrop(dense, other)).toBeUndefined();
  });

  it('pairs perplexity by window', async () => {
    const windows = (shift: number) => () => Array.from({ length: 12 }, (_, i) => ({ nll: 60 + (i % 4) + shift, tokens: 63 }));
    const dense = await taskScoresOf(await runPerplexity(new ScriptedModel({ contextLength: 64, windows: windows(0) }), 'text'));
    const close = await taskScoresOf(await runPerplexity(new ScriptedModel({ contextLength: 64, windows: windows(0.5) }), 'text'));
    const far = await taskScoresOf(await runPerplexity(new ScriptedModel({ contextLength: 64, windows: windows(9) }), 'text'));
    expect(dense.kick.interval!.method).toBe('bootstrap-ratio');
    expect(taskDrop(dense, close)!.kick!.verdict).toBe('matches');
    const lost = taskDrop(dense, far)!.kick!;
    expect(lost.drop).toBeCloseTo(far.kick.value! - dense.kick.value!, 12);
    expect(lost.verdict).toBe('does-not-match');
  });
});
