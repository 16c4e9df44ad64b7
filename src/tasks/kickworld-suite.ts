// The built-in KICK-world task sets (public/kickworld/suite.json, made for kick-tiny) as loaded data
// sets, so the same task runners and suite run them. Prompts there are finished and used verbatim.
import { z } from 'zod';
import { DatasetLoadError } from './datasets/errors.ts';
import { fetchTextCached, type FetchContext } from './datasets/fetch-text.ts';
import { sha256Hex } from './datasets/file-hash.ts';
import { validate } from './datasets/jsonl.ts';
import { normalizeAnswer } from './scoring/normalize.ts';
import { SUMMARY_INSTRUCTION } from './summarization.ts';
import type { LoadedSets } from './suite.ts';

const NAME = 'kickworld';
const letter = z.enum(['A', 'B', 'C', 'D']);

const suiteSchema = z.object({
  name: z.literal('kickworld'),
  version: z.string().min(1),
  tasks: z.object({
    factoid: z.array(z.object({ id: z.string(), question: z.string(), answers: z.array(z.string()) })),
    mcr: z.array(z.object({ id: z.string(), subject: z.string(), prompt: z.string(), options: z.array(z.string()).length(4), answer: letter })),
    icrClosed: z.array(z.object({ id: z.string(), question: z.string(), answers: z.array(z.string()) })),
    icrOpen: z.array(z.object({ id: z.string(), question: z.string(), prompt: z.string(), answers: z.array(z.string()) })),
    summarization: z.array(z.object({ id: z.string(), prompt: z.string(), story: z.string(), reference: z.string(), keyFacts: z.array(z.string()) })),
    instruction: z.array(z.object({ id: z.string(), check: z.string(), prompt: z.string(), reference: z.string(), answers: z.array(z.string()) })),
    perplexity: z.array(z.object({ id: z.string(), text: z.string() })),
  }),
});

const OPEN_MARK = '\n\nBased on these texts, answer these questions:';

/** The question of a finished MMLU-style prompt: its last block, up to the first option. */
function lastQuestion(prompt: string): string {
  return prompt.slice(prompt.lastIndexOf('\n\n') + 2).split('\nA. ')[0];
}

function instructionText(prompt: string): string {
  return prompt.replace(/^Instruction: /, '').replace(/\nResponse:$/, '');
}

export function kickworldSets(json: unknown): { version: string; sets: LoadedSets } {
  const suite = validate(NAME, 'suite.json', json, suiteSchema);
  const t = suite.tasks;
  const source = `kickworld:${suite.version}`;
  const label = (task: string) => `kickworld/${task}`;
  const contextByQuestion = new Map(t.icrOpen.map((q) => [q.question, q.prompt.split(OPEN_MARK)[0]]));
  // ICR: one pool, closed-book questions with the open-book evidence where the same question has it.
  const trivia = [...t.icrClosed, ...t.icrOpen.filter((o) => !t.icrClosed.some((c) => c.question === o.question))].map((q) => ({
    id: q.id,
    question: q.question,
    answers: q.answers,
    normalized_answers: [...new Set(q.answers.map(normalizeAnswer).filter((a) => a.length > 0))],
    wiki_context: contextByQuestion.get(q.question) ?? null,
    search_context: null,
  }));
  const instruction = t.instruction.map((q, i) => ({
    question_id: i + 1,
    text: instructionText(q.prompt),
    category: q.check,
    prompt: q.prompt,
    check: q.check,
    answers: q.answers,
  }));
  const texts = t.perplexity.map((p) => p.text);
  const sets: LoadedSets = {
    freebaseqa: { name: 'freebaseqa', label: label('factoid'), source, data: t.factoid.map((q) => ({ id: q.id, question: q.question, answers: q.answers })) },
    mmlu: {
      name: 'mmlu',
      label: label('mcr'),
      source,
      data: { test: t.mcr.map((q) => ({ subject: q.subject, question: lastQuestion(q.prompt), choices: q.options, answer: q.answer, prompt: q.prompt })), dev: [] },
    },
    triviaqa: { name: 'triviaqa', label: label('icr'), source, data: trivia },
    cnn_stories: {
      name: 'cnn_stories',
      label: label('summarization'),
      source,
      data: {
        stories: t.summarization.map((s, i) => ({
          id: s.id,
          bucket: 'kickworld',
          story: s.story,
          highlights: s.keyFacts,
          llmkick_question_id: i + 1,
          llmkick_instruction: SUMMARY_INSTRUCTION,
          prompt: s.prompt,
          reference: s.reference.trim(),
          keyFacts: s.keyFacts,
        })),
        prompts: [],
        reviewers: [],
      },
    },
    vicuna_bench: {
      name: 'vicuna_bench',
      label: label('instruction'),
      source,
      data: { questions: instruction, answers: t.instruction.map((q, i) => ({ question_id: i + 1, text: q.reference.trim() })), prompts: [], reviewers: [] },
    },
    wikitext2: { name: 'wikitext2', label: label('perplexity'), source, data: { rows: texts, text: texts.join('\n\n') } },
  };
  return { version: suite.version, sets };
}

/** Reads suite.json from a URL (the app serves it at /kickworld/suite.json). */
export async function loadKickworld(url: string, ctx: FetchContext = {}): Promise<{ version: string; sets: LoadedSets }> {
  const text = await fetchTextCached(NAME, url, ctx);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DatasetLoadError(NAME, `${url} is not JSON`);
  }
  const loaded = kickworldSets(json);
  // Every task set is read from this one file: each records it with the SHA-256 of its bytes.
  const files = [{ path: 'kickworld/suite.json', sha256: await sha256Hex(new TextEncoder().encode(text)) }];
  for (const set of Object.values(loaded.sets)) if (set) set.files = files;
  return loaded;
}
