import {
  factoidPrompt,
  icrClosedPrompt,
  icrOpenPrompt,
  mcrHeader,
  mcrQuestionBlock,
  summarizationPrompt,
} from './prompts.ts';
import { makeRng, type Rng } from './rng.ts';
import { ENTITY_KINDS, KINDS, type AttributeSpec, type EntityKind } from './schema.ts';
import { instructionFor, mcrBlock, openBookContext, type InstructionCheck } from './tasks.ts';
import { answerText, attributesOf, fill, passage, questionVariant, summary } from './text.ts';
import { freshEntityFactory, type Entity, type World } from './world.ts';

/**
 * Training documents. Running text is `text`; task-format examples are `pair`s, kept apart so
 * that the training tool tokenises prompt and completion separately, exactly as evaluation does
 * (the factoid prompt ends in a space, which would otherwise merge into the answer's token).
 */
export type CorpusDoc =
  | { type: 'text'; source: 'bio'; entity: string; text: string }
  | { type: 'pair'; source: PairSource; level: number; prompt: string; completion: string; then?: Turn[] };

/**
 * A further question and its answer in the same document. Evaluation asks one question per
 * prompt; training asks several about the same context, so that each long context teaches
 * several answers instead of one.
 */
export interface Turn {
  prompt: string;
  completion: string;
}

/** The whole text of a document, follow-up turns included. */
export const corpusDocText = (d: CorpusDoc): string =>
  d.type === 'text' ? d.text : d.prompt + d.completion + (d.then ?? []).map((t) => t.prompt + t.completion).join('');

export type PairSource = 'factoid' | 'icr-closed' | 'mcr' | 'mcr-context' | 'icr-open' | 'summarization' | 'instruction' | 'recall' | 'copy';

export interface CorpusConfig {
  /** Questions asked about one context (open book, 4-choice, recall lists). */
  questionsPerDoc: number;
  /** Biographies per trained entity, each with its own phrasing and fact order. */
  paraphrases: number;
  /** Question/answer lines per qa-train fact, in each closed-book format. */
  qaPerFact: number;
  /** 4-choice questions per qa-train fact. */
  mcrPerFact: number;
  /** Examples on fresh entities (never evaluated), for in-context skills. */
  openBook: number;
  mcrContext: number;
  summarization: number;
  recall: number;
  copy: number;
  /** Instruction examples per qa-train entity and check. */
  instructionPerEntity: number;
}

export const DEFAULT_CORPUS_CONFIG: CorpusConfig = {
  questionsPerDoc: 4,
  paraphrases: 40,
  qaPerFact: 4,
  mcrPerFact: 2,
  openBook: 30000,
  mcrContext: 10000,
  summarization: 8000,
  recall: 12000,
  copy: 6000,
  instructionPerEntity: 1,
};

export const MAX_OPEN_BOOK_DISTRACTORS = 3;

export function* biographies(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  for (const e of world.entities) {
    if (e.role === 'held-out') continue;
    for (let p = 0; p < cfg.paraphrases; p++) yield { type: 'text', source: 'bio', entity: e.id, text: passage(e, rng) };
  }
}

/** A training question: any wording for qa-train entities, never the evaluated one for qa-test. */
function trainingQuestion(spec: AttributeSpec, e: Entity, rng: Rng): string {
  return e.role === 'qa-train' ? questionVariant(spec, e, rng) : fill(rng.pick(spec.questionVariants), e.name);
}

/**
 * Closed-book QA in the factoid and ICR formats. qa-train entities are asked in every wording;
 * qa-test entities (the ones the factoid and 4-choice tasks test) only in the other wordings, never
 * the evaluated one, so a test question is always phrased as the model has not seen it for that
 * entity.
 */
export function* closedBookQa(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  for (const e of world.entities) {
    if (e.role === 'held-out') continue;
    for (const spec of attributesOf(e)) {
      for (let r = 0; r < cfg.qaPerFact; r++) {
        const a = answerText(spec, e);
        yield { type: 'pair', source: 'factoid', level: 0, prompt: factoidPrompt(trainingQuestion(spec, e, rng)), completion: `${a}.` };
        yield { type: 'pair', source: 'icr-closed', level: 0, prompt: icrClosedPrompt(trainingQuestion(spec, e, rng)), completion: ` ${a}` };
      }
    }
  }
}

/**
 * 4-choice question lists in the MMLU format on trained facts: a header and several questions of
 * one subject, each answered, so every answer letter in the document is a training target. qa-test
 * entities are asked only in wordings the suite does not evaluate (as in closed-book QA): without
 * them the model bound letters to options but never carried its knowledge of the tested entities
 * into the 4-choice format. `level` is the number of questions.
 */
export function* mcrQuestions(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const trained = (e: Entity): boolean => e.role === 'qa-train' || e.role === 'qa-test';
  const byKind = new Map<EntityKind, Entity[]>(
    ENTITY_KINDS.map((k) => [k, world.entities.filter((e) => e.kind === k && trained(e))]),
  );
  for (const e of world.entities) {
    if (!trained(e)) continue;
    for (const spec of attributesOf(e)) {
      for (let r = 0; r < cfg.mcrPerFact; r++) {
        const asked: [Entity, AttributeSpec][] = [[e, spec]];
        const n = 2 + rng.int(0, 4);
        for (let q = 1; q < n; q++) {
          const x = rng.pick(byKind.get(e.kind) ?? []);
          asked.push([x, rng.pick(attributesOf(x))]);
        }
        const turns = rng.shuffle(asked).map(([x, xs]): Turn => {
          const b = mcrBlock(x, xs, world, rng);
          return { prompt: mcrQuestionBlock(trainingQuestion(xs, x, rng), b.options), completion: ` ${b.answer}\n\n` };
        });
        yield { type: 'pair', source: 'mcr', level: n, prompt: mcrHeader(KINDS[e.kind].subject) + turns[0].prompt, completion: turns[0].completion, then: turns.slice(1) };
      }
    }
  }
}

function freshKindPicker(rng: Rng): () => EntityKind {
  return () => rng.pick(ENTITY_KINDS);
}

/**
 * Open-book QA on fresh entities, several questions on one context, asked about any of its
 * passages (so the name must pick the passage); `level` = distractor passages, for a curriculum.
 */
export function* openBook(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-open-book`);
  const kind = freshKindPicker(rng);
  for (let i = 0; i < cfg.openBook; i++) {
    const k = kind();
    const level = i % (MAX_OPEN_BOOK_DISTRACTORS + 1);
    const group = Array.from({ length: level + 1 }, () => fresh(k));
    const context = openBookContext(group[0], group, level, rng);
    const asked = Array.from({ length: cfg.questionsPerDoc }, () => {
      const e = rng.pick(group);
      const spec = rng.pick(attributesOf(e));
      return { q: questionVariant(spec, e, rng), a: ` ${answerText(spec, e)}` };
    });
    yield {
      type: 'pair',
      source: 'icr-open',
      level,
      prompt: icrOpenPrompt(context, asked[0].q),
      completion: asked[0].a,
      then: asked.slice(1).map(({ q, a }) => ({ prompt: `\n\nQ: ${q}\nA:`, completion: a })),
    };
  }
}

/**
 * 4-choice questions whose answers are in a passage just above: teaches binding the letter to the
 * option. Level 0 puts the right option first (the first stage of that curriculum).
 */
export function* mcrWithContext(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-mcr`);
  const kind = freshKindPicker(rng);
  for (let i = 0; i < cfg.mcrContext; i++) {
    const e = fresh(kind());
    const level = i % 2;
    const specs = rng.shuffle(attributesOf(e)).slice(0, cfg.questionsPerDoc);
    const turns = specs.map((spec): Turn => {
      const b = mcrBlock(e, spec, world, rng);
      const right = answerText(spec, e);
      const options = level === 0 ? [right, ...b.options.filter((o) => o !== right)] : b.options;
      const answer = level === 0 ? 'A' : b.answer;
      return { prompt: mcrQuestionBlock(questionVariant(spec, e, rng), options), completion: ` ${answer}\n\n` };
    });
    const prompt = `${passage(e, rng)}\n\n${mcrHeader(KINDS[e.kind].subject)}${turns[0].prompt}`;
    yield { type: 'pair', source: 'mcr-context', level, prompt, completion: turns[0].completion, then: turns.slice(1) };
  }
}

export function* summaries(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-summary`);
  const kind = freshKindPicker(rng);
  for (let i = 0; i < cfg.summarization; i++) {
    const e = fresh(kind());
    yield { type: 'pair', source: 'summarization', level: 0, prompt: summarizationPrompt(passage(e, rng)), completion: ` ${summary(e)}` };
  }
}

export function* instructions(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const checks: InstructionCheck[] = ['one_word', 'upper_case', 'list', 'number'];
  for (const e of world.entities) {
    if (e.role !== 'qa-train') continue;
    for (let r = 0; r < cfg.instructionPerEntity; r++) {
      for (const check of checks) {
        const item = instructionFor(check, e, rng);
        if (item) yield { type: 'pair', source: 'instruction', level: 0, prompt: item.prompt, completion: item.reference };
      }
    }
  }
}

/**
 * Key -> value lists queried later, in the list's own form ("name:" -> value): associative recall
 * as plain induction (find the earlier "name:", copy what followed), the circuit that open-book
 * retrieval builds on. `level` = pairs in the list.
 */
export function* recall(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-recall`);
  for (let i = 0; i < cfg.recall; i++) {
    const n = 2 + (i % 7);
    const people = Array.from({ length: n }, () => fresh('person'));
    const spec = rng.pick(attributesOf(people[0]));
    const lines = people.map((p) => `${p.name}: ${answerText(spec, p)}`);
    const asked = rng.shuffle(people).slice(0, cfg.questionsPerDoc);
    const turns = asked.map((p): Turn => ({ prompt: `\n${p.name}:`, completion: ` ${answerText(spec, p)}` }));
    yield {
      type: 'pair',
      source: 'recall',
      level: n,
      prompt: `Each line gives the ${spec.label} of a person.\n${lines.join('\n')}\n\nThe same again:${turns[0].prompt}`,
      completion: turns[0].completion,
      then: turns.slice(1),
    };
  }
}

/** A passage, then the same passage again: the copying drill that forms induction heads first. */
export function* copying(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-copy`);
  const kind = freshKindPicker(rng);
  for (let i = 0; i < cfg.copy; i++) {
    const text = passage(fresh(kind()), rng);
    yield { type: 'pair', source: 'copy', level: 0, prompt: `${text}\n\nOnce more:\n`, completion: text };
  }
}

export const CORPUS_PARTS = {
  bio: biographies,
  'closed-qa': closedBookQa,
  mcr: mcrQuestions,
  'open-book': openBook,
  'mcr-context': mcrWithContext,
  summarization: summaries,
  instruction: instructions,
  recall,
  copy: copying,
} as const;

export type CorpusPart = keyof typeof CORPUS_PARTS;

export function corpusPart(world: World, part: CorpusPart, cfg: CorpusConfig = DEFAULT_CORPUS_CONFIG): Generator<CorpusDoc> {
  return CORPUS_PARTS[part](world, cfg, makeRng(world.config.seed).fork(`corpus/${part}`));
}


