import { describe, expect, it } from 'vitest';
import { followsInstruction, keyFactRecall } from './checks.ts';
import { CORPUS_PARTS, corpusDocText, corpusPart, DEFAULT_CORPUS_CONFIG, type CorpusConfig, type CorpusDoc, type CorpusPart } from './corpus.ts';
import { normalizeAnswer } from './normalize.ts';
import { LETTERS } from './prompts.ts';
import { ENTITY_KINDS, KINDS } from './schema.ts';
import { buildSuite } from './suite.ts';
import { DEFAULT_TASK_COUNTS } from './tasks.ts';
import { answerLeaks, DEFAULT_WORLD_CONFIG, generateWorld, type Entity, type World } from './world.ts';

const built = await buildSuite();
const { world, suite } = built;
const byId = new Map(world.entities.map((e) => [e.id, e]));

/** A smaller corpus than the default, with every part present: enough to test its invariants. */
const SMALL_CORPUS: CorpusConfig = { ...DEFAULT_CORPUS_CONFIG, openBook: 2000, mcrContext: 500, summarization: 300, recall: 1000 };

function corpusDocs(w: World): CorpusDoc[] {
  return (Object.keys(CORPUS_PARTS) as CorpusPart[]).flatMap((p) => [...corpusPart(w, p, SMALL_CORPUS)]);
}
const docs = corpusDocs(world);
const docText = corpusDocText;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const namesRegex = (entities: Entity[]): RegExp => new RegExp(`\\b(${entities.map((e) => escape(e.name)).join('|')})\\b`);

describe('KICK-world generator', () => {
  it('is deterministic: same seed, same suite hash; another seed, another hash', async () => {
    const again = await buildSuite();
    expect(again.suite.version).toBe(suite.version);
    expect(suite.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    const other = await buildSuite({ ...DEFAULT_WORLD_CONFIG, seed: 'another-seed' });
    expect(other.suite.version).not.toBe(suite.version);
    const fewer = await buildSuite(DEFAULT_WORLD_CONFIG, { ...DEFAULT_TASK_COUNTS, factoid: 199 });
    expect(fewer.suite.version).not.toBe(suite.version);
  });

  it('produces the same corpus for the same seed', () => {
    const again = corpusDocs(generateWorld(DEFAULT_WORLD_CONFIG));
    expect(again.length).toBe(docs.length);
    for (let i = 0; i < docs.length; i += 97) expect(docText(again[i])).toBe(docText(docs[i]));
  });

  it('has at least 400 entities of six kinds with 4 to 8 attributes and unique names', () => {
    expect(world.entities.length).toBeGreaterThanOrEqual(400);
    for (const kind of ENTITY_KINDS) {
      expect(world.entities.some((e) => e.kind === kind)).toBe(true);
      expect(KINDS[kind].attributes.length).toBeGreaterThanOrEqual(4);
      expect(KINDS[kind].attributes.length).toBeLessThanOrEqual(8);
    }
    expect(new Set(world.entities.map((e) => e.name)).size).toBe(world.entities.length);
  });

  it('never lets an answer be read off the question or the name', () => {
    for (const e of world.entities) {
      for (const spec of KINDS[e.kind].attributes) expect(answerLeaks(e.facts[spec.key], spec.question.replace('{s}', e.name))).toBe(false);
    }
    for (const q of [...suite.tasks.factoid, ...suite.tasks.icrClosed]) {
      for (const a of q.answers) expect(normalizeAnswer(q.question).replace(/ /g, '')).not.toContain(normalizeAnswer(a).replace(/ /g, ''));
    }
  });

  it('draws facts independently of names: a name shares no invented word with its values', () => {
    for (const e of world.entities) {
      const nameWords = new Set(normalizeAnswer(e.name).split(' '));
      for (const v of Object.values(e.facts)) for (const w of normalizeAnswer(v).split(' ')) expect(nameWords.has(w) && /[a-z]{4,}/.test(w)).toBe(false);
    }
  });

  it('keeps held-out entities out of the corpus entirely', () => {
    const heldOut = namesRegex(world.entities.filter((e) => e.role === 'held-out'));
    const leaks = docs.filter((d) => heldOut.test(docText(d)));
    expect(leaks.map(docText).slice(0, 2)).toEqual([]);
  });

  const questionLines = (d: CorpusDoc): string[] =>
    d.type === 'pair' ? [d.prompt, ...(d.then ?? []).map((t) => t.prompt)].join('').split('\n').filter((l) => l.endsWith('?') || l.endsWith('"- ".')) : [];

  it('asks several questions per training context, each answerable from that context', () => {
    const multi = docs.filter((d) => d.type === 'pair' && ['icr-open', 'recall', 'mcr-context'].includes(d.source));
    expect(multi.length).toBeGreaterThan(1000);
    for (const d of multi) {
      if (d.type !== 'pair') continue;
      const turns = [{ prompt: d.prompt, completion: d.completion }, ...(d.then ?? [])];
      // A recall list of n pairs is asked each pair at most once.
      const expected = d.source === 'recall' ? Math.min(d.level, DEFAULT_CORPUS_CONFIG.questionsPerDoc) : DEFAULT_CORPUS_CONFIG.questionsPerDoc;
      expect(turns.length).toBe(expected);
      if (d.source === 'mcr-context') continue;
      const context = d.source === 'icr-open' ? d.prompt.split('\n\nBased on these texts')[0] : d.prompt.split('\n\nThe same again:')[0];
      for (const t of turns) expect(normalizeAnswer(context)).toContain(normalizeAnswer(t.completion));
    }
  });

  it('never asks in training a question the suite evaluates', () => {
    // A 4-choice item's question is the first line of its prompt's last block.
    const mcrQuestions = suite.tasks.mcr.map((q) => q.prompt.split('\n\n').at(-1)?.split('\n')[0] ?? '');
    expect(mcrQuestions.every((q) => q.endsWith('?'))).toBe(true);
    const evaluated = new Set([...[...suite.tasks.factoid, ...suite.tasks.icrClosed].map((q) => q.question), ...mcrQuestions]);
    const asked = docs.flatMap(questionLines).map((l) => l.replace(/^(Q: |Please give answer to this question: )/, ''));
    expect(asked.length).toBeGreaterThan(1000);
    expect(asked.filter((q) => evaluated.has(q)).slice(0, 3)).toEqual([]);
  });

  it('asks 4-choice questions in training about qa-test entities too, instructions only about qa-train ones', () => {
    const qaTest = namesRegex(world.entities.filter((e) => e.role === 'qa-test'));
    const mcrAsked = docs.filter((d) => d.source === 'mcr').flatMap(questionLines);
    expect(mcrAsked.filter((l) => qaTest.test(l)).length).toBeGreaterThan(100);
    const formatted = docs.filter((d) => d.type === 'pair' && d.source === 'instruction');
    expect(formatted.length).toBeGreaterThan(500);
    // Instructions never ask about qa-test entities (the wordings they use would be evaluated ones).
    const questions = formatted.flatMap(questionLines);
    expect(questions.length).toBeGreaterThanOrEqual(formatted.length);
    expect(questions.filter((l) => qaTest.test(l)).slice(0, 3)).toEqual([]);
    // ... while every qa-test entity is described in running text.
    const described = new Set(docs.filter((d) => d.type === 'text').map((d) => (d.type === 'text' ? d.entity : '')));
    for (const e of world.entities.filter((x) => x.role === 'qa-test')) expect(described.has(e.id)).toBe(true);
  });

  it('asks factoid and mcr about trained qa-test entities, icr about held-out ones', () => {
    for (const q of [...suite.tasks.factoid, ...suite.tasks.mcr]) expect(byId.get(q.entity)?.role).toBe('qa-test');
    for (const q of [...suite.tasks.icrClosed, ...suite.tasks.icrOpen, ...suite.tasks.summarization, ...suite.tasks.perplexity]) {
      expect(byId.get(q.entity)?.role).toBe('held-out');
    }
  });

  it('puts the answer in every open-book context, among distractor passages', () => {
    for (const q of suite.tasks.icrOpen) {
      const context = q.prompt.split('\n\nBased on these texts')[0];
      expect(normalizeAnswer(context)).toContain(normalizeAnswer(q.answers[0]));
      expect(context.split('\n\n').length).toBe(1 + DEFAULT_TASK_COUNTS.openBookDistractors);
      expect(context.length).toBeLessThanOrEqual(3072);
    }
  });

  it('builds 5-shot MMLU-format questions whose letter marks the true fact', () => {
    for (const q of suite.tasks.mcr) {
      const e = byId.get(q.entity);
      expect(e).toBeDefined();
      expect(q.prompt.startsWith(`The following are multiple choice questions (with answers) about  ${q.subject}.\n\n`)).toBe(true);
      expect(q.prompt.endsWith('\nAnswer:')).toBe(true);
      expect(q.prompt.match(/\nAnswer: [ABCD]\n\n/g)?.length).toBe(5);
      expect(new Set(q.options).size).toBe(4);
      const right = q.options[LETTERS.indexOf(q.answer)];
      expect(normalizeAnswer(right)).toContain(normalizeAnswer(e?.facts[q.attribute] ?? '-'));
      for (const o of q.options) if (o !== right) expect(normalizeAnswer(o)).not.toBe(normalizeAnswer(right));
    }
    const letters = new Set(suite.tasks.mcr.map((q) => q.answer));
    expect(letters.size).toBe(4);
  });

  it('gives summaries whose key facts are in the story, and instruction references that pass their checks', () => {
    for (const s of suite.tasks.summarization) {
      for (const f of s.keyFacts) expect(normalizeAnswer(s.story)).toContain(normalizeAnswer(f));
      expect(keyFactRecall(s.reference, s.keyFacts)).toBe(1);
      expect(keyFactRecall('Nothing at all.', s.keyFacts)).toBe(0);
    }
    const checks = new Set(suite.tasks.instruction.map((i) => i.check));
    expect(checks.size).toBe(4);
    for (const i of suite.tasks.instruction) expect(followsInstruction(i.check, i.reference)).toBe(true);
    expect(followsInstruction('one_word', ' two words')).toBe(false);
    expect(followsInstruction('upper_case', ' Mixed')).toBe(false);
    expect(followsInstruction('number', ' 12a')).toBe(false);
    expect(followsInstruction('list', ' - one item only')).toBe(false);
  });

  it('keeps closed-book ICR near-impossible to guess', () => {
    expect(suite.icrClosedChance).toBeGreaterThan(0);
    expect(suite.icrClosedChance).toBeLessThan(0.1);
  });
});
