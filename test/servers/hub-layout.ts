// Turns the fixture files of ../shared/datasets into the row shapes the Hugging Face
// datasets-server serves for the public data sets, so loaders are tested on the hub's layout.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Row = Record<string, unknown>;
/** Key: "dataset|config|split". */
export type HubTables = Map<string, () => Row[]>;

export function hubKey(dataset: string, config: string, split: string): string {
  return `${dataset}|${config}|${split}`;
}

function jsonl(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

function lazy(f: () => Row[]): () => Row[] {
  let cached: Row[] | null = null;
  return () => (cached ??= f());
}

const LETTER_INDEX: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };

export function freebaseHubRow(r: Row): Row {
  // Sequence-of-struct features arrive as a struct of lists.
  const parses = r.parses as Row[];
  return {
    'Question-ID': r.id,
    RawQuestion: r.question,
    ProcessedQuestion: String(r.question).toLowerCase(),
    Parses: {
      'Parse-Id': parses.map((_, i) => `${String(r.id)}.P${i}`),
      PotentialTopicEntityMention: parses.map((p) => p.topic_entity_mention),
      TopicEntityName: parses.map((p) => p.topic_entity_name),
      TopicEntityMid: parses.map((p) => p.topic_entity_mid),
      InferentialChain: parses.map((p) => p.predicate),
      Answers: parses.map(() => ({ AnswersMid: r.answer_mids, AnswersName: [r.answers] })),
    },
  };
}

export function mmluHubRow(r: Row): Row {
  return { question: r.question, subject: r.subject, choices: r.choices, answer: LETTER_INDEX[String(r.answer)] };
}

export function triviaHubRow(r: Row): Row {
  const answers = r.answers as string[];
  return {
    question: r.question,
    question_id: r.id,
    question_source: 'fixture',
    entity_pages: { doc_source: [], filename: [], title: [], wiki_context: r.wiki_context ? [r.wiki_context] : [] },
    search_results: { description: [], filename: [], rank: [], title: [], url: [], search_context: r.search_context ? [r.search_context] : [] },
    answer: {
      aliases: answers.slice(1),
      normalized_aliases: r.normalized_answers,
      matched_wiki_entity_name: '',
      normalized_matched_wiki_entity_name: '',
      normalized_value: (r.normalized_answers as string[])[0] ?? '',
      type: 'WikipediaEntity',
      value: answers[0],
    },
  };
}

/** wiki.test.raw lines -> the hub's rows ("line\n" or ""). */
export function wikitextHubRows(raw: string): Row[] {
  const lines = raw.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => ({ text: l.trim() ? l + '\n' : '' }));
}

export function sharedHubTables(datasetsDir: string): HubTables {
  const p = (rel: string) => join(datasetsDir, rel);
  const t: HubTables = new Map();
  t.set(hubKey('freebase_qa', 'default', 'test'), lazy(() => jsonl(p('freebaseqa/eval.jsonl')).map(freebaseHubRow)));
  t.set(hubKey('cais/mmlu', 'all', 'test'), lazy(() => jsonl(p('mmlu/test.jsonl')).map(mmluHubRow)));
  t.set(hubKey('cais/mmlu', 'all', 'dev'), lazy(() => jsonl(p('mmlu/dev.jsonl')).map(mmluHubRow)));
  t.set(hubKey('mandarjoshi/trivia_qa', 'rc', 'validation'), lazy(() => jsonl(p('triviaqa/rc_wikipedia_validation_closedbook.jsonl')).map(triviaHubRow)));
  t.set(hubKey('Salesforce/wikitext', 'wikitext-2-raw-v1', 'test'), lazy(() => wikitextHubRows(readFileSync(p('wikitext2/test.txt'), 'utf8'))));
  t.set(hubKey('allenai/c4', 'en', 'validation'), lazy(() => jsonl(p('c4/sample.jsonl')).map((r) => ({ text: r.text, timestamp: '2019-04-25T00:00:00Z', url: 'https://example.invalid/' }))));
  // Fixture-shaped mirrors for the two tables that no public hub dataset holds.
  for (const [config, rel] of [['stories', 'stories'], ['prompt', 'prompt'], ['reviewer', 'reviewer']]) {
    t.set(hubKey('kick-lab/cnn_stories', config, 'train'), lazy(() => jsonl(p(`cnn_stories/${rel}.jsonl`))));
  }
  for (const config of ['questions', 'reference_answers', 'prompt', 'reviewer']) {
    t.set(hubKey('kick-lab/vicuna_bench', config, 'train'), lazy(() => jsonl(p(`vicuna_bench/${config}.jsonl`))));
  }
  return t;
}

export function datasetsDirOf(sharedRoot: string | null): string | null {
  if (!sharedRoot) return null;
  const dir = join(sharedRoot, 'datasets');
  return existsSync(join(dir, 'README.md')) ? dir : null;
}
