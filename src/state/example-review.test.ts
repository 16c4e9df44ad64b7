import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mmluPrompt } from '../tasks/scoring/mcr.ts';
import { pointDrop } from './uncertainty.ts';
import { changeOf, filterReviews, reviewExamples } from './example-review.ts';
import { validateSweep, type Sweep } from './sweep.ts';

function recorded(file: string): Sweep {
  return validateSweep(JSON.parse(readFileSync(new URL(`../../public/examples/${file}`, import.meta.url), 'utf8')));
}

const paper = recorded('paper-finding.json');
const dense = paper.points[0];

describe('example review of a recorded run', () => {
  it('explains every recorded factoid and open-book score with the expected answers, never against the record', () => {
    for (const p of paper.points.slice(1)) {
      for (const task of ['factoid', 'icr_open'] as const) {
        const reviews = reviewExamples(paper, p.key, task);
        expect(reviews.length).toBeGreaterThan(0);
        for (const r of reviews) {
          expect(r.targets?.length, `${p.key} ${r.id}`).toBeGreaterThan(0);
          for (const side of [r.dense!, r.compressed]) {
            for (const rule of ['kick', 'strict'] as const) {
              expect(side[rule].reason, `${p.key} ${r.id} ${rule}`).not.toMatch(/^recorded|keeps no expected answer/);
            }
          }
        }
      }
    }
  });

  it('reasons name the alias found, or say that none was', () => {
    const reviews = reviewExamples(paper, 'magnitude|s=0.7', 'factoid');
    const right = reviews.find((r) => r.compressed.strict.score === 1)!;
    expect(right.compressed.strict.reason).toMatch(/^the output contains \u201c.+\u201d( \(from character \d+, spaces removed\))?$/);
    expect(right.targets!.some((t) => right.compressed.strict.reason.includes(t))).toBe(true);
    const wrong = reviews.find((r) => r.compressed.strict.score === 0)!;
    expect(wrong.compressed.strict.reason).toMatch(/^the output does not contain (the expected answer|any of the \d+ expected answers)$/);
  });

  it('explains the kick rule\u2019s extra question once, and the strict rule leaves it out', () => {
    const reviews = reviewExamples(paper, 'wanda|s=0.5', 'factoid');
    const extra = reviews.filter((r) => r.extraLoop !== null);
    expect(extra).toHaveLength(1);
    expect(extra[0].extraLoop).toBe(
      'Question 21 of 20: LLM-KICK\u2019s factoid loop runs one question past the number asked, so the kick rule counts this answer (still dividing by 20) and the strict rule leaves it out.',
    );
    expect(extra[0].compressed.strict).toEqual({ score: null, reason: 'not counted: the strict rule stops at the number of questions asked' });
    expect(reviewExamples(paper, 'wanda|s=0.5', 'icr_open').every((r) => r.extraLoop === null)).toBe(true);
  });

  it('filters agree with the paired drop: gained less lost over the divisor', () => {
    for (const p of paper.points.slice(1)) {
      for (const rule of ['kick', 'strict'] as const) {
        const reviews = reviewExamples(paper, p.key, 'factoid');
        const lost = filterReviews(reviews, 'lost', rule).length;
        const gained = filterReviews(reviews, 'gained', rule).length;
        expect(filterReviews(reviews, 'changed', rule)).toHaveLength(lost + gained);
        expect(filterReviews(reviews, 'all', rule)).toHaveLength(reviews.length);
        const drop = pointDrop(p, dense, 'factoid', rule);
        expect(drop.value).not.toBeNull();
        expect((gained - lost) / 20).toBeCloseTo(drop.value!.drop, 12);
      }
    }
  });

  it('picks the question out of a long open-book prompt', () => {
    const [r] = reviewExamples(paper, 'wanda|s=0.5', 'icr_open');
    expect(r.prompt.length).toBeGreaterThan(500);
    expect(r.question).not.toBeNull();
    expect(r.prompt.endsWith(`Q: ${r.question}\nA:`)).toBe(true);
    expect(reviewExamples(paper, 'wanda|s=0.5', 'factoid')[0].question).toBeNull();
  });

  it('has nothing to explain for perplexity or an unknown point', () => {
    expect(reviewExamples(paper, 'wanda|s=0.5', 'perplexity')).toEqual([]);
    expect(reviewExamples(paper, 'nope', 'factoid')).toEqual([]);
  });
});

describe('example review of multiple choice', () => {
  const q = { subject: 'astronomy', question: 'Our planet?', choices: ['Mars', 'Venus', 'Earth', 'Moon'], answer: 'C' as const };
  const prompt = mmluPrompt('astronomy', [], 0, q);
  const example = (output: string, lls: number[], kick: number, strict: number) => ({
    id: 'astronomy/0',
    group: 'astronomy',
    prompt,
    output,
    targets: ['C'],
    scores: { kick, strict, ll_A: lls[0], ll_B: lls[1], ll_C: lls[2], ll_D: lls[3] },
  });
  const sweep: Sweep = {
    ...paper,
    points: [
      { ...paper.points[0], examples: [{ task: 'mcr', examples: [example(' C', [-3, -2, -1, -4], 1, 1)] }] },
      { ...paper.points[1], examples: [{ task: 'mcr', examples: [example('', [-3, -1, -2, -4], 0, 0)] }] },
    ],
  };

  it('lists the four options and marks what each rule chose against the right letter', () => {
    const [r] = reviewExamples(sweep, paper.points[1].key, 'mcr');
    expect(r.options?.map((o) => `${o.letter}. ${o.text}`)).toEqual(['A. Mars', 'B. Venus', 'C. Earth', 'D. Moon']);
    expect(r.question).toBe('Our planet?');
    expect(r.dense?.kick).toEqual({ score: 1, chosen: 'C', reason: 'the generated character is \u201cC\u201d; the right answer is C' });
    expect(r.compressed.kick).toEqual({ score: 0, chosen: ':', reason: 'the generated character is nothing (the prompt\u2019s last \u201c:\u201d); the right answer is C' });
    expect(r.compressed.strict).toEqual({ score: 0, chosen: 'B', reason: 'the most likely letter is B; the right answer is C' });
    expect(changeOf(r, 'kick')).toBe('lost');
  });

  it('says so when a recorded score and the rule on the recorded answers disagree', () => {
    const wrong: Sweep = { ...sweep, points: [sweep.points[0], { ...sweep.points[1], examples: [{ task: 'mcr', examples: [example('', [-3, -1, -2, -4], 1, 0)] }] }] };
    const [r] = reviewExamples(wrong, paper.points[1].key, 'mcr');
    expect(r.compressed.kick.score).toBe(1);
    expect(r.compressed.kick.reason).toMatch(/^recorded 1, but the rule on the recorded answers gives 0/);
  });
});
