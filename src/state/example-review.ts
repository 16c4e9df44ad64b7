// Each example of a compressed point beside dense, explained: what a right answer was, and why each
// rule scored each output as it did, in words, from the rules' own explainers (src/tasks/scoring),
// so that a reason never contradicts its score. Perplexity has no examples to explain.
import type { TaskId } from '../tasks/result.ts';
import { explainFactoidKick, explainFactoidStrict, type FactoidExplanation } from '../tasks/scoring/factoid.ts';
import { explainIcrKickEm, explainIcrStrictEm, icrPrediction, icrQuestionPartOf, type IcrExplanation } from '../tasks/scoring/icr.ts';
import { CHOICE_LETTERS, explainMcrKick, explainMcrStrict, mcrOptionsOf, type ChoiceLetter, type McrExplanation } from '../tasks/scoring/mcr.ts';
import type { Rule } from './derive.ts';
import type { Sweep, SweepPoint } from './sweep.ts';

/** One rule's score of one output and the reason in a sentence. */
export interface RuleVerdict {
  score: number | null;
  reason: string;
  /** Multiple choice: the letter (or character) this rule took as the answer. */
  chosen?: string;
}

export interface SideReview {
  output: string;
  kick: RuleVerdict;
  strict: RuleVerdict;
}

export interface ExampleReview {
  id: string;
  group?: string;
  prompt: string;
  /** The question asked, where a long prompt holds more (open-book evidence, earlier shots); else null. */
  question: string | null;
  /** What a right answer is (aliases, the letter, gold answers); null where the record has none. */
  targets: string[] | null;
  /** Multiple choice: the four options of the question. */
  options: Array<{ letter: ChoiceLetter; text: string }> | null;
  dense: SideReview | null;
  compressed: SideReview;
  /** The kick factoid rule's extra question, explained in one sentence; null for every other example. */
  extraLoop: string | null;
  /** Other notes of the run (truncated prompt, fewer shots...). */
  notes: string[];
}

/** Which way an example moved from dense to the compressed point under a rule. */
export type ExampleChange = 'same' | 'lost' | 'gained';
export type ExampleFilter = 'all' | 'changed' | 'lost' | 'gained';

type Example = SweepPoint['examples'][number]['examples'][number];

const EXTRA_LOOP_NOTE = 'extra loop step';

const quote = (s: string) => `\u201c${s}\u201d`;
const answers = (n: number) => (n === 1 ? 'the expected answer' : `any of the ${n} expected answers`);

function factoidReason(e: FactoidExplanation, rule: Rule): string {
  if (e.score === 0) return rule === 'kick' ? `neither the question nor the output contains ${answers(e.aliases)}` : `the output does not contain ${answers(e.aliases)}`;
  if (e.alias.trim() === '') return 'an empty expected answer is found in any text';
  if (e.where === 'prompt') return `${quote(e.alias)} is in the question itself, so the kick rule counts it whatever the model said`;
  // Where it starts only when not at once: a long answer that names the alias late is worth seeing.
  return e.at === 0 ? `the output contains ${quote(e.alias)}` : `the output contains ${quote(e.alias)} (from character ${e.at + 1}, spaces removed)`;
}

function icrReason(e: IcrExplanation): string {
  const said = e.prediction ? `the answer ${quote(e.prediction)}` : 'the answer';
  if (e.score === 0) return `${said} is not ${answers(e.aliases)}, nor part of one, after normalising`;
  switch (e.how) {
    case 'equal':
      return `${said} equals ${quote(e.alias)} after normalising`;
    case 'empty-prediction':
      return 'the answer is empty after normalising, and the kick rule counts an empty answer as right';
    case 'alias-in-prediction':
      return `${said} contains ${quote(e.alias)}`;
    case 'prediction-in-alias':
      return `${said} is part of ${quote(e.alias)}, which the kick rule accepts`;
  }
}

function shownChoice(c: string): string {
  if (c === '\n') return 'a line break';
  if (c === ':') return 'nothing (the prompt\u2019s last \u201c:\u201d)';
  return quote(c);
}

function mcrReason(e: McrExplanation, rule: Rule): string {
  const how = rule === 'kick' ? `the generated character is ${shownChoice(e.chosen)}` : `the most likely letter is ${e.chosen}`;
  return `${how}; the right answer is ${e.right}`;
}

/** The recorded score, with the explainer's reason; says so when the two disagree. */
function verdict(recorded: number | null | undefined, explained: { score: number } | null, reason: string, chosen?: string): RuleVerdict {
  const score = recorded ?? null;
  if (!explained) return { score, reason, chosen };
  if (score !== null && score !== explained.score) {
    return { score, reason: `recorded ${score}, but the rule on the recorded answers gives ${explained.score}: the record predates a change of rule or data`, chosen };
  }
  return { score, reason, chosen };
}

function notCounted(extra: boolean): string {
  return extra ? 'not counted: the strict rule stops at the number of questions asked' : 'not scored';
}

function explainSide(task: TaskId, e: Example, targets: string[] | null, extra: boolean): SideReview {
  const k = e.scores.kick;
  const s = e.scores.strict;
  const none = (rule: Rule): RuleVerdict => ({ score: (rule === 'kick' ? k : s) ?? null, reason: 'the record keeps no expected answer to explain this score with' });
  if (task === 'factoid' && targets) {
    const kick = explainFactoidKick(targets, e.prompt, e.output);
    const strict = explainFactoidStrict(targets, e.output);
    return {
      output: e.output,
      kick: verdict(k, kick, factoidReason(kick, 'kick')),
      strict: s === null || s === undefined ? { score: null, reason: notCounted(extra) } : verdict(s, strict, factoidReason(strict, 'strict')),
    };
  }
  if ((task === 'icr_open' || task === 'icr_closed') && targets) {
    const prediction = icrPrediction(e.prompt + e.output, icrQuestionPartOf(e.prompt), e.output);
    const kick = explainIcrKickEm(prediction, targets);
    const strict = explainIcrStrictEm(prediction, targets);
    return { output: e.output, kick: verdict(k, kick, icrReason(kick)), strict: verdict(s, strict, icrReason(strict)) };
  }
  if (task === 'mcr' && targets && (CHOICE_LETTERS as readonly string[]).includes(targets[0])) {
    const right = targets[0] as ChoiceLetter;
    const kick = explainMcrKick(e.prompt, e.output, right);
    const lls = CHOICE_LETTERS.map((l) => e.scores[`ll_${l}`]);
    const strict = lls.every((v): v is number => typeof v === 'number') ? explainMcrStrict(lls, right) : null;
    return {
      output: e.output,
      kick: verdict(k, kick, mcrReason(kick, 'kick'), kick.chosen),
      strict: strict ? verdict(s, strict, mcrReason(strict, 'strict'), strict.chosen) : none('strict'),
    };
  }
  if (task === 'summarization' || task === 'instruction') {
    const reason = 'scored by the task\u2019s checks or a judge, not by matching an answer';
    return { output: e.output, kick: { score: k ?? null, reason }, strict: { score: s ?? null, reason } };
  }
  return { output: e.output, kick: none('kick'), strict: none('strict') };
}

/** The last question of an ICR or multiple-choice prompt: after its last "Q: ", or its last block. */
function questionOf(task: TaskId, prompt: string): string | null {
  if (task === 'icr_open' || task === 'icr_closed') {
    const part = icrQuestionPartOf(prompt);
    const m = /Q: ([\s\S]*?)\nA:\s*$/.exec(part);
    return m ? m[1] : null;
  }
  if (task === 'mcr') {
    const block = prompt.slice(prompt.lastIndexOf('\n\n') + 2);
    const q = block.split('\nA. ')[0];
    return q && q !== block ? q : null;
  }
  return null;
}

function examplesOf(point: SweepPoint, task: TaskId): Example[] {
  return point.examples.find((t) => t.task === task)?.examples ?? [];
}

/** Targets from the example, else from the record's outcomes (both carry them since record v2). */
function targetsOf(point: SweepPoint, task: TaskId, e: Example): string[] | null {
  if (e.targets) return e.targets;
  return point.record.scores.find((s) => s.task === task)?.outcomes.find((o) => o.id === e.id)?.targets ?? null;
}

function extraLoopSentence(asked: number): string {
  return `Question ${asked + 1} of ${asked}: LLM-KICK\u2019s factoid loop runs one question past the number asked, so the kick rule counts this answer (still dividing by ${asked}) and the strict rule leaves it out.`;
}

/** Every example of `task` at the compressed point `pointKey`, paired with dense by id and explained. */
export function reviewExamples(sweep: Sweep, pointKey: string, task: TaskId): ExampleReview[] {
  const point = sweep.points.find((p) => p.key === pointKey);
  if (!point || task === 'perplexity') return [];
  const dense = sweep.points.find((p) => p.spec.method === 'dense') ?? null;
  const denseById = new Map((dense ? examplesOf(dense, task) : []).map((e) => [e.id, e]));
  const examples = examplesOf(point, task);
  const isExtra = (e: Example) => (e.notes ?? []).some((n) => n.startsWith(EXTRA_LOOP_NOTE));
  const asked = examples.filter((e) => !isExtra(e)).length;
  return examples.map((e) => {
    const extra = isExtra(e);
    const targets = targetsOf(point, task, e);
    const d = denseById.get(e.id);
    return {
      id: e.id,
      group: e.group,
      prompt: e.prompt,
      question: questionOf(task, e.prompt),
      targets,
      options: task === 'mcr' ? mcrOptionsOf(e.prompt) : null,
      dense: d ? explainSide(task, d, dense ? (targetsOf(dense, task, d) ?? targets) : targets, extra) : null,
      compressed: explainSide(task, e, targets, extra),
      extraLoop: extra ? extraLoopSentence(asked) : null,
      notes: (e.notes ?? []).filter((n) => !n.startsWith(EXTRA_LOOP_NOTE)),
    };
  });
}

/** Lost: dense scored higher than the compressed point; gained: lower. Unpaired or unscored: same. */
export function changeOf(review: ExampleReview, rule: Rule): ExampleChange {
  const before = review.dense?.[rule].score ?? null;
  const after = review.compressed[rule].score;
  if (before === null || after === null || before === after) return 'same';
  return after < before ? 'lost' : 'gained';
}

export function filterReviews(reviews: ExampleReview[], filter: ExampleFilter, rule: Rule): ExampleReview[] {
  if (filter === 'all') return reviews;
  return reviews.filter((r) => {
    const change = changeOf(r, rule);
    return filter === 'changed' ? change !== 'same' : change === filter;
  });
}
