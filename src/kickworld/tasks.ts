import { aliases, distractors, valueSpace } from './options.ts';
import {
  LETTERS,
  factoidPrompt,
  icrClosedPrompt,
  icrOpenPrompt,
  instructionPrompt,
  mcrHeader,
  mcrQuestionBlock,
  mcrShot,
  summarizationPrompt,
  type Letter,
} from './prompts.ts';
import type { Rng } from './rng.ts';
import { ENTITY_KINDS, KINDS, type AttributeSpec, type EntityKind } from './schema.ts';
import { answerText, attributesOf, passage, question, summary } from './text.ts';
import type { Entity, World } from './world.ts';

export interface QaItem {
  id: string;
  entity: string;
  attribute: string;
  question: string;
  prompt: string;
  /** Acceptable answers (first = canonical). */
  answers: string[];
  /** Probability of a blind guess being right. */
  chance: number;
}

export interface McrItem {
  id: string;
  entity: string;
  attribute: string;
  subject: string;
  prompt: string;
  options: string[];
  answer: Letter;
}

export interface SummarizationItem {
  id: string;
  entity: string;
  prompt: string;
  story: string;
  reference: string;
  /** Values a good summary must mention. */
  keyFacts: string[];
}

export type InstructionCheck = 'one_word' | 'upper_case' | 'list' | 'number';

export interface InstructionItem {
  id: string;
  entity: string;
  check: InstructionCheck;
  prompt: string;
  /** A correct response (for reference; the score checks the format). */
  reference: string;
  /** Content that a correct response holds (reported separately from the format score). */
  answers: string[];
}

export interface PerplexityItem {
  id: string;
  entity: string;
  text: string;
}

export interface TaskSets {
  factoid: QaItem[];
  mcr: McrItem[];
  icrClosed: QaItem[];
  icrOpen: QaItem[];
  summarization: SummarizationItem[];
  instruction: InstructionItem[];
  perplexity: PerplexityItem[];
}

export interface TaskCounts {
  factoid: number;
  mcr: number;
  icr: number;
  summarization: number;
  instruction: number;
  perplexity: number;
  /** Distractor passages around the answer passage in open-book contexts. */
  openBookDistractors: number;
}

export const DEFAULT_TASK_COUNTS: TaskCounts = {
  factoid: 200,
  mcr: 200,
  icr: 100,
  summarization: 30,
  instruction: 80,
  perplexity: 30,
  openBookDistractors: 3,
};

/** Attributes whose values are a single word (usable for "answer with one word"). */
export function isOneWord(spec: AttributeSpec): boolean {
  const src = spec.source;
  if (src.type === 'pool') return src.pool !== 'purpose' && src.pool !== 'sea';
  return src.type === 'entity' && (src.kind === 'city' || src.kind === 'country');
}

const isYear = (spec: AttributeSpec): boolean => spec.source.type === 'year';

/** Distinct (entity, attribute) pairs drawn round-robin over kinds so every kind is represented. */
function drawFacts(entities: Entity[], n: number, rng: Rng, keep: (s: AttributeSpec) => boolean = () => true): [Entity, AttributeSpec][] {
  const byKind = ENTITY_KINDS.map((k) =>
    rng.shuffle(entities.filter((e) => e.kind === k).flatMap((e) => attributesOf(e).filter(keep).map((s) => [e, s] as [Entity, AttributeSpec]))),
  ).filter((l) => l.length > 0);
  const out: [Entity, AttributeSpec][] = [];
  for (let i = 0; out.length < n; i++) {
    const list = byKind[i % byKind.length];
    const round = Math.floor(i / byKind.length);
    if (byKind.every((l) => l.length <= round)) break;
    if (round < list.length) out.push(list[round]);
  }
  return out;
}

function qaItem(id: string, e: Entity, spec: AttributeSpec, prompt: string, world: World): QaItem {
  return {
    id,
    entity: e.id,
    attribute: spec.key,
    question: question(spec, e),
    prompt,
    answers: aliases(answerText(spec, e)),
    chance: 1 / valueSpace(spec, world),
  };
}

/** A 4-choice question: options in random order, the right letter recorded. */
export function mcrBlock(e: Entity, spec: AttributeSpec, world: World, rng: Rng): { options: string[]; answer: Letter } {
  const right = answerText(spec, e);
  const options = rng.shuffle([right, ...distractors(spec, e, world, rng)]);
  return { options, answer: LETTERS[options.indexOf(right)] };
}

export function openBookContext(target: Entity, pool: Entity[], nDistractors: number, rng: Rng): string {
  const others = rng.shuffle(pool.filter((x) => x.id !== target.id)).slice(0, nDistractors);
  return rng.shuffle([target, ...others]).map((x) => passage(x, rng)).join('\n\n');
}

export function instructionFor(check: InstructionCheck, e: Entity, rng: Rng): Omit<InstructionItem, 'id'> | null {
  const specs = attributesOf(e);
  if (check === 'list') {
    const lines = specs.map((s) => `- ${s.label}: ${answerText(s, e)}`);
    return {
      entity: e.id,
      check,
      prompt: instructionPrompt(`List the facts about ${e.name}, one per line, each line starting with "- ".`),
      reference: `\n${lines.join('\n')}`,
      answers: specs.map((s) => answerText(s, e)),
    };
  }
  const hasLetters = (spec: AttributeSpec): boolean => spec.source.type === 'pool' || spec.source.type === 'entity';
  const usable = specs.filter(check === 'number' ? isYear : check === 'one_word' ? isOneWord : hasLetters);
  if (usable.length === 0) return null;
  const spec = rng.pick(usable);
  const a = answerText(spec, e);
  const lead = { one_word: 'Answer with one word only.', upper_case: 'Answer in capital letters only.', number: 'Answer with a number only.' }[check];
  return {
    entity: e.id,
    check,
    prompt: instructionPrompt(`${lead} ${question(spec, e)}`),
    reference: ` ${check === 'upper_case' ? a.toUpperCase() : a}`,
    answers: aliases(a),
  };
}

export function buildTaskSets(world: World, counts: TaskCounts, rng: Rng): TaskSets {
  const qaTest = world.entities.filter((e) => e.role === 'qa-test');
  const qaTrain = world.entities.filter((e) => e.role === 'qa-train');
  const heldOut = world.entities.filter((e) => e.role === 'held-out');

  const factoid = drawFacts(qaTest, counts.factoid, rng.fork('factoid')).map(([e, s], i) =>
    qaItem(`factoid-${i}`, e, s, factoidPrompt(question(s, e)), world),
  );

  // MMLU: the 5 shots of a subject are its first 5 dev rows, the same for every test question.
  const mcrRng = rng.fork('mcr');
  const shotsByKind = new Map<EntityKind, string>();
  for (const kind of ENTITY_KINDS) {
    const dev = drawFacts(qaTrain.filter((e) => e.kind === kind), 5, mcrRng);
    shotsByKind.set(kind, dev.map(([e, s]) => {
      const b = mcrBlock(e, s, world, mcrRng);
      return mcrShot(question(s, e), b.options, b.answer);
    }).join(''));
  }
  const mcr = drawFacts(qaTest, counts.mcr, mcrRng).map(([e, s], i): McrItem => {
    const b = mcrBlock(e, s, world, mcrRng);
    const subject = KINDS[e.kind].subject;
    return {
      id: `mcr-${i}`,
      entity: e.id,
      attribute: s.key,
      subject,
      prompt: mcrHeader(subject) + shotsByKind.get(e.kind) + mcrQuestionBlock(question(s, e), b.options),
      options: b.options,
      answer: b.answer,
    };
  });

  const icrRng = rng.fork('icr');
  const icrFacts = drawFacts(heldOut, counts.icr, icrRng);
  const icrClosed = icrFacts.map(([e, s], i) => qaItem(`icr-closed-${i}`, e, s, icrClosedPrompt(question(s, e)), world));
  const icrOpen = icrFacts.map(([e, s], i) => {
    const context = openBookContext(e, heldOut.filter((x) => x.kind === e.kind), counts.openBookDistractors, icrRng);
    return qaItem(`icr-open-${i}`, e, s, icrOpenPrompt(context, question(s, e)), world);
  });

  const sumRng = rng.fork('summarization');
  const summarization = sumRng.shuffle(heldOut).slice(0, counts.summarization).map((e, i): SummarizationItem => {
    const story = passage(e, sumRng);
    return {
      id: `summarization-${i}`,
      entity: e.id,
      prompt: summarizationPrompt(story),
      story,
      reference: ` ${summary(e)}`,
      keyFacts: attributesOf(e).map((s) => e.facts[s.key]),
    };
  });

  const insRng = rng.fork('instruction');
  const checks: InstructionCheck[] = ['one_word', 'upper_case', 'list', 'number'];
  const instruction: InstructionItem[] = [];
  const candidates = insRng.shuffle(qaTest);
  for (let i = 0; instruction.length < counts.instruction && i < candidates.length * checks.length; i++) {
    const item = instructionFor(checks[instruction.length % checks.length], candidates[i % candidates.length], insRng);
    if (item) instruction.push({ id: `instruction-${instruction.length}`, ...item });
  }

  const pplRng = rng.fork('perplexity');
  const perplexity = pplRng.shuffle(heldOut).slice(0, counts.perplexity).map((e, i) => ({
    id: `perplexity-${i}`,
    entity: e.id,
    text: passage(e, pplRng),
  }));

  return { factoid, mcr, icrClosed, icrOpen, summarization, instruction, perplexity };
}
