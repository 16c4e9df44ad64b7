import {

  factoidPrompt,
  icrClosedPrompt,
  icrOpenPrompt,
  mcrHeader,
  mcrQuestionBlock,
  mcrShot,
  summarizationPrompt,
} from './prompts.ts';
import { makeRng, type Rng } from './rng.ts';
import { ENTITY_KINDS, KINDS, type EntityKind } from './schema.ts';
import { instructionFor, mcrBlock, openBookContext, type InstructionCheck } from './tasks.ts';
import { answerText, attributesOf, passage, questionVariant, summary } from './text.ts';
import { freshEntityFactory, type Entity, type World } from './world.ts';

/**
 * Training documents. Running text is `text`; task-format examples are `pair`s, kept apart so
 * that the training tool tokenises prompt and completion separately, exactly as evaluation does
 * (the factoid prompt ends in a space, which would otherwise merge into the answer's token).
 */
export type CorpusDoc =
  | { type: 'text'; source: 'bio'; entity: string; text: string }
  | { type: 'pair'; source: PairSource; level: number; prompt: string; completion: string };

export type PairSource = 'factoid' | 'icr-closed' | 'mcr' | 'mcr-context' | 'icr-open' | 'summarization' | 'instruction' | 'recall';

export interface CorpusConfig {
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
  /** Instruction examples per qa-train entity and check. */
  instructionPerEntity: number;
}

export const DEFAULT_CORPUS_CONFIG: CorpusConfig = {
  paraphrases: 8,
  qaPerFact: 2,
  mcrPerFact: 2,
  openBook: 40000,
  mcrContext: 10000,
  summarization: 6000,
  recall: 20000,
  instructionPerEntity: 1,
};

export const MAX_OPEN_BOOK_DISTRACTORS = 3;

export function* biographies(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  for (const e of world.entities) {
    if (e.role === 'held-out') continue;
    for (let p = 0; p < cfg.paraphrases; p++) yield { type: 'text', source: 'bio', entity: e.id, text: passage(e, rng) };
  }
}

/** Closed-book QA in the factoid and ICR formats, for qa-train entities only. */
export function* closedBookQa(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  for (const e of world.entities) {
    if (e.role !== 'qa-train') continue;
    for (const spec of attributesOf(e)) {
      for (let r = 0; r < cfg.qaPerFact; r++) {
        const a = answerText(spec, e);
        yield { type: 'pair', source: 'factoid', level: 0, prompt: factoidPrompt(questionVariant(spec, e, rng)), completion: `${a}.` };
        yield { type: 'pair', source: 'icr-closed', level: 0, prompt: icrClosedPrompt(questionVariant(spec, e, rng)), completion: ` ${a}` };
      }
    }
  }
}

/** 4-choice questions on qa-train facts with 0-5 shots; `level` = number of shots. */
export function* mcrQuestions(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const byKind = new Map<EntityKind, Entity[]>(
    ENTITY_KINDS.map((k) => [k, world.entities.filter((e) => e.kind === k && e.role === 'qa-train')]),
  );
  for (const e of world.entities) {
    if (e.role !== 'qa-train') continue;
    for (const spec of attributesOf(e)) {
      for (let r = 0; r < cfg.mcrPerFact; r++) {
        const shots = rng.int(0, 5);
        let prompt = mcrHeader(KINDS[e.kind].subject);
        for (let s = 0; s < shots; s++) {
          const x = rng.pick(byKind.get(e.kind) ?? []);
          const xs = rng.pick(attributesOf(x));
          const b = mcrBlock(x, xs, world, rng);
          prompt += mcrShot(questionVariant(xs, x, rng), b.options, b.answer);
        }
        const b = mcrBlock(e, spec, world, rng);
        yield { type: 'pair', source: 'mcr', level: shots, prompt: prompt + mcrQuestionBlock(questionVariant(spec, e, rng), b.options), completion: ` ${b.answer}` };
      }
    }
  }
}

function freshKindPicker(rng: Rng): () => EntityKind {
  return () => rng.pick(ENTITY_KINDS);
}

/** Open-book QA on fresh entities; `level` = distractor passages (a curriculum can start at 0). */
export function* openBook(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-open-book`);
  const kind = freshKindPicker(rng);
  for (let i = 0; i < cfg.openBook; i++) {
    const k = kind();
    const level = i % (MAX_OPEN_BOOK_DISTRACTORS + 1);
    const group = Array.from({ length: level + 1 }, () => fresh(k));
    const target = group[0];
    const spec = rng.pick(attributesOf(target));
    const context = openBookContext(target, group, level, rng);
    yield { type: 'pair', source: 'icr-open', level, prompt: icrOpenPrompt(context, questionVariant(spec, target, rng)), completion: ` ${answerText(spec, target)}` };
  }
}

/** 4-choice questions whose answer is in a passage just above: teaches binding letter to option. */
export function* mcrWithContext(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-mcr`);
  const kind = freshKindPicker(rng);
  for (let i = 0; i < cfg.mcrContext; i++) {
    const e = fresh(kind());
    const spec = rng.pick(attributesOf(e));
    const b = mcrBlock(e, spec, world, rng);
    // level 0: the right option is always A (first stage of the letter-binding curriculum).
    const level = i % 2;
    const options = level === 0 ? [answerText(spec, e), ...b.options.filter((o) => o !== answerText(spec, e))] : b.options;
    const answer = level === 0 ? 'A' : b.answer;
    const prompt = `${passage(e, rng)}\n\n${mcrHeader(KINDS[e.kind].subject)}${mcrQuestionBlock(questionVariant(spec, e, rng), options)}`;
    yield { type: 'pair', source: 'mcr-context', level, prompt, completion: ` ${answer}` };
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

/** Key -> value lists queried later: the associative-recall skill open-book QA relies on. */
export function* recall(world: World, cfg: CorpusConfig, rng: Rng): Generator<CorpusDoc> {
  const fresh = freshEntityFactory(world, `${world.config.seed}/fresh-recall`);
  for (let i = 0; i < cfg.recall; i++) {
    const n = 2 + (i % 7);
    const people = Array.from({ length: n }, () => fresh('person'));
    const spec = rng.pick(attributesOf(people[0]));
    const lines = people.map((p) => `${p.name}: ${answerText(spec, p)}`);
    const q = rng.pick(people);
    yield {
      type: 'pair',
      source: 'recall',
      level: n,
      prompt: `Each line gives the ${spec.label} of a person.\n${lines.join('\n')}\n\nQ: ${q.name}\nA:`,
      completion: ` ${answerText(spec, q)}`,
    };
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
} as const;

export type CorpusPart = keyof typeof CORPUS_PARTS;

export function corpusPart(world: World, part: CorpusPart, cfg: CorpusConfig = DEFAULT_CORPUS_CONFIG): Generator<CorpusDoc> {
  return CORPUS_PARTS[part](world, cfg, makeRng(world.config.seed).fork(`corpus/${part}`));
}


