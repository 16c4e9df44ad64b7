// One loader per data set; every failure is a DatasetLoadError that names the data set.
import type { z } from 'zod';
import { BuiltinDatasetReader } from './builtin-files.ts';
import { DatasetLoadError } from './errors.ts';
import { fetchTextCached, type FetchContext } from './fetch-text.ts';
import { sha256Hex, type FileHash } from './file-hash.ts';
import { fetchHubRows, HUB_ROWS_ENDPOINT, type HubRow, type HubSplit } from './hub-rows.ts';
import { freebaseFromHub, mmluFromHub, textFromHub, triviaFromHub } from './hub-mappers.ts';
import { parseJsonl, validate } from './jsonl.ts';
import {
  c4Record,
  freebaseRecord,
  judgePrompt,
  judgeReviewer,
  mmluRecord,
  storyRecord,
  triviaRecord,
  vicunaAnswer,
  vicunaQuestion,
  type FreebaseRecord,
  type InstructionItem,
  type JudgePromptTemplate,
  type JudgeReviewer,
  type McrItem,
  type MmluRecord,
  type StoryItem,
  type TriviaRecord,
  type VicunaAnswer,
} from './schemas.ts';
import { describeSource, FIXTURE_FILES, HUB_SPLITS, type DataSource, type DatasetName, type HubSplitKey } from './sources.ts';

export interface Loaded<T> {
  name: DatasetName;
  /** Shown instead of `name` where the rows are not the public data set (a built-in task set). */
  label?: string;
  /** Where the rows came from (source kind and location, hub dataset/config/split). */
  source: string;
  /** Each file the rows were read from with the SHA-256 of its bytes; absent for hub rows. */
  files?: FileHash[];
  data: T;
}

export interface MmluData {
  test: McrItem[];
  dev: MmluRecord[];
}
export interface JudgeTables {
  prompts: JudgePromptTemplate[];
  reviewers: JudgeReviewer[];
}
export interface CnnData extends JudgeTables {
  stories: StoryItem[];
}
export interface VicunaData extends JudgeTables {
  questions: InstructionItem[];
  answers: VicunaAnswer[];
}
export interface WikitextData {
  /** The hub's rows: a line with content keeps its "\n", a blank line is "". */
  rows: string[];
  /** "\n\n".join(rows), exactly what the reference tokenizes. */
  text: string;
}

/** One reader per built-in source, so that its manifest is read once however many sets load from it. */
const builtinReaders = new WeakMap<DataSource, BuiltinDatasetReader>();

async function readFixtureText(name: DatasetName, source: DataSource, rel: string, ctx: FetchContext): Promise<string> {
  if (source.kind === 'url') return fetchTextCached(name, `${source.baseUrl.replace(/\/+$/, '')}/${rel}`, ctx);
  if (source.kind === 'files') {
    let text: string | null;
    try {
      text = await source.readText(rel);
    } catch (err) {
      throw new DatasetLoadError(name, `cannot read ${rel}: ${(err as Error).message}`);
    }
    if (text === null) throw new DatasetLoadError(name, `${rel} is missing from ${source.label}`);
    return text;
  }
  throw new DatasetLoadError(name, 'not a folder source');
}

/** The text of fixture file `rel`; its path and SHA-256 join `files`, for the record. */
async function readFixture(name: DatasetName, source: DataSource, rel: string, ctx: FetchContext, files: FileHash[]): Promise<string> {
  if (source.kind === 'builtin') {
    let reader = builtinReaders.get(source);
    if (!reader || !reader.fetchesWith(ctx.fetch)) builtinReaders.set(source, (reader = new BuiltinDatasetReader(source.baseUrl, ctx.fetch)));
    const { text, sha256 } = await reader.read(name, rel);
    files.push({ path: rel, sha256 });
    return text;
  }
  const text = await readFixtureText(name, source, rel, ctx);
  files.push({ path: rel, sha256: await sha256Hex(new TextEncoder().encode(text)) });
  return text;
}

async function fixtureJsonl<T>(name: DatasetName, source: DataSource, rel: string, schema: z.ZodType<T>, ctx: FetchContext, files: FileHash[]): Promise<T[]> {
  return parseJsonl(name, rel, await readFixture(name, source, rel, ctx, files), schema);
}

type HubSource = Extract<DataSource, { kind: 'hub' }>;

async function hubRows(name: DatasetName, source: HubSource, key: HubSplitKey, ctx: FetchContext): Promise<{ rows: HubRow[]; where: string }> {
  const split: HubSplit = source.splits?.[key] ?? HUB_SPLITS[key];
  const rows = await fetchHubRows(name, source.endpoint ?? HUB_ROWS_ENDPOINT, split, ctx, source.maxRows);
  if (rows.length === 0) throw new DatasetLoadError(name, `${split.dataset}/${split.config}/${split.split} has no rows`);
  return { rows, where: `${split.dataset}/${split.config}/${split.split}` };
}

async function mirrorTable<T>(name: 'cnn_stories' | 'vicuna_bench', source: HubSource, config: string, schema: z.ZodType<T>, ctx: FetchContext): Promise<T[]> {
  const dataset = source.fixtureMirrors?.[name];
  if (!dataset) throw new DatasetLoadError(name, 'no hub mirror is configured for it; load it from a folder or URL instead');
  const rows = await fetchHubRows(name, source.endpoint ?? HUB_ROWS_ENDPOINT, { dataset, config, split: 'train' }, ctx);
  return rows.map((r) => validate(name, `${dataset}/${config} row ${r.rowIdx}`, r.row, schema));
}

/** The files read, where there were any (hub rows come from no file). */
function recorded(files: FileHash[]): { files?: FileHash[] } {
  return files.length > 0 ? { files } : {};
}

function nonEmpty<T>(name: DatasetName, what: string, items: T[]): T[] {
  if (items.length === 0) throw new DatasetLoadError(name, `${what} has no records`);
  return items;
}

export async function loadFreebaseQA(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<FreebaseRecord[]>> {
  const name = 'freebaseqa';
  const files: FileHash[] = [];
  if (source.kind === 'hub') {
    const { rows, where } = await hubRows(name, source, 'freebaseqa', ctx);
    return { name, source: `${describeSource(source)}/${where}`, data: rows.map((r) => freebaseFromHub(name, r)) };
  }
  const data = nonEmpty(name, FIXTURE_FILES.freebaseqa, await fixtureJsonl(name, source, FIXTURE_FILES.freebaseqa, freebaseRecord, ctx, files));
  return { name, source: describeSource(source), ...recorded(files), data };
}

export async function loadMmlu(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<MmluData>> {
  const name = 'mmlu';
  const files: FileHash[] = [];
  let test: MmluRecord[];
  let dev: MmluRecord[];
  let where = describeSource(source);
  if (source.kind === 'hub') {
    const t = await hubRows(name, source, 'mmluTest', ctx);
    const d = await hubRows(name, source, 'mmluDev', ctx);
    test = t.rows.map((r) => mmluFromHub(name, r));
    dev = d.rows.map((r) => mmluFromHub(name, r));
    where += `/${t.where}+${d.where}`;
  } else {
    test = await fixtureJsonl(name, source, FIXTURE_FILES.mmluTest, mmluRecord, ctx, files);
    dev = await fixtureJsonl(name, source, FIXTURE_FILES.mmluDev, mmluRecord, ctx, files);
  }
  nonEmpty(name, 'test split', test);
  nonEmpty(name, 'dev split', dev);
  return { name, source: where, ...recorded(files), data: { test, dev } };
}

export async function loadTriviaQA(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<TriviaRecord[]>> {
  const name = 'triviaqa';
  const files: FileHash[] = [];
  if (source.kind === 'hub') {
    const { rows, where } = await hubRows(name, source, 'triviaqa', ctx);
    return { name, source: `${describeSource(source)}/${where}`, data: rows.map((r) => triviaFromHub(name, r)) };
  }
  const data = nonEmpty(name, FIXTURE_FILES.triviaqa, await fixtureJsonl(name, source, FIXTURE_FILES.triviaqa, triviaRecord, ctx, files));
  return { name, source: describeSource(source), ...recorded(files), data };
}

export async function loadCnnStories(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<CnnData>> {
  const name = 'cnn_stories';
  const files: FileHash[] = [];
  let data: CnnData;
  if (source.kind === 'hub') {
    data = {
      stories: await mirrorTable(name, source, 'stories', storyRecord, ctx),
      prompts: await mirrorTable(name, source, 'prompt', judgePrompt, ctx),
      reviewers: await mirrorTable(name, source, 'reviewer', judgeReviewer, ctx),
    };
  } else {
    data = {
      stories: await fixtureJsonl(name, source, FIXTURE_FILES.cnnStories, storyRecord, ctx, files),
      prompts: await fixtureJsonl(name, source, FIXTURE_FILES.cnnPrompt, judgePrompt, ctx, files),
      reviewers: await fixtureJsonl(name, source, FIXTURE_FILES.cnnReviewer, judgeReviewer, ctx, files),
    };
  }
  nonEmpty(name, 'stories', data.stories);
  nonEmpty(name, 'judge prompts', data.prompts);
  return { name, source: describeSource(source), ...recorded(files), data };
}

export async function loadVicunaBench(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<VicunaData>> {
  const name = 'vicuna_bench';
  const files: FileHash[] = [];
  let data: VicunaData;
  if (source.kind === 'hub') {
    data = {
      questions: await mirrorTable(name, source, 'questions', vicunaQuestion, ctx),
      answers: await mirrorTable(name, source, 'reference_answers', vicunaAnswer, ctx),
      prompts: await mirrorTable(name, source, 'prompt', judgePrompt, ctx),
      reviewers: await mirrorTable(name, source, 'reviewer', judgeReviewer, ctx),
    };
  } else {
    data = {
      questions: await fixtureJsonl(name, source, FIXTURE_FILES.vicunaQuestions, vicunaQuestion, ctx, files),
      answers: await fixtureJsonl(name, source, FIXTURE_FILES.vicunaAnswers, vicunaAnswer, ctx, files),
      prompts: await fixtureJsonl(name, source, FIXTURE_FILES.vicunaPrompt, judgePrompt, ctx, files),
      reviewers: await fixtureJsonl(name, source, FIXTURE_FILES.vicunaReviewer, judgeReviewer, ctx, files),
    };
  }
  nonEmpty(name, 'questions', data.questions);
  nonEmpty(name, 'judge prompts', data.prompts);
  return { name, source: describeSource(source), ...recorded(files), data };
}

/** wiki.test.raw lines back to the hub's rows: content lines keep their newline, blank lines are "". */
export function wikitextRowsFromRaw(raw: string): string[] {
  const lines = raw.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.trim() ? l + '\n' : ''));
}

export async function loadWikitext2(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<WikitextData>> {
  const name = 'wikitext2';
  const files: FileHash[] = [];
  let rows: string[];
  let where = describeSource(source);
  if (source.kind === 'hub') {
    const r = await hubRows(name, source, 'wikitext2', ctx);
    rows = r.rows.map((row) => textFromHub(name, row));
    where += `/${r.where}`;
  } else {
    rows = wikitextRowsFromRaw(await readFixture(name, source, FIXTURE_FILES.wikitext2, ctx, files));
  }
  nonEmpty(name, 'test split', rows);
  return { name, source: where, ...recorded(files), data: { rows, text: rows.join('\n\n') } };
}

export async function loadC4(source: DataSource, ctx: FetchContext = {}): Promise<Loaded<string[]>> {
  const name = 'c4';
  const files: FileHash[] = [];
  if (source.kind === 'hub') {
    const r = await hubRows(name, source, 'c4', ctx);
    return { name, source: `${describeSource(source)}/${r.where}`, data: r.rows.map((row) => textFromHub(name, row)) };
  }
  const docs = await fixtureJsonl(name, source, FIXTURE_FILES.c4, c4Record, ctx, files);
  return { name, source: describeSource(source), ...recorded(files), data: nonEmpty(name, FIXTURE_FILES.c4, docs.map((d) => d.text)) };
}

export interface DatasetsByName {
  freebaseqa: FreebaseRecord[];
  mmlu: MmluData;
  triviaqa: TriviaRecord[];
  cnn_stories: CnnData;
  vicuna_bench: VicunaData;
  wikitext2: WikitextData;
  c4: string[];
}

const LOADERS: { [K in DatasetName]: (s: DataSource, c: FetchContext) => Promise<Loaded<DatasetsByName[K]>> } = {
  freebaseqa: loadFreebaseQA,
  mmlu: loadMmlu,
  triviaqa: loadTriviaQA,
  cnn_stories: loadCnnStories,
  vicuna_bench: loadVicunaBench,
  wikitext2: loadWikitext2,
  c4: loadC4,
};

/** A failure is `transient` when the network or a busy server failed every attempt (see DatasetLoadError). */
export type LoadOutcome<K extends DatasetName> = { ok: true; loaded: Loaded<DatasetsByName[K]> } | { ok: false; name: K; error: string; transient: boolean };

/** Loads each named data set independently: one that fails is reported and the others go on. */
export async function loadMany<K extends DatasetName>(names: K[], source: DataSource, ctx: FetchContext = {}): Promise<LoadOutcome<K>[]> {
  const out: LoadOutcome<K>[] = [];
  for (const name of names) {
    try {
      const loaded = (await LOADERS[name](source, ctx)) as Loaded<DatasetsByName[K]>;
      out.push({ ok: true, loaded });
    } catch (err) {
      const message = err instanceof DatasetLoadError ? err.message : `data set "${name}": ${(err as Error).message}`;
      out.push({ ok: false, name, error: message, transient: err instanceof DatasetLoadError && err.transient });
    }
  }
  return out;
}
