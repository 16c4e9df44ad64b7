// Runs the chosen KICK tasks on loaded data sets: seeded samples, one task's failure does not stop
// the others, and the suite entries (data set, source, revision, hash of example ids) for the record.
import type { DatasetsByName, JudgeTables, Loaded } from './datasets/loaders.ts';
import { hashIds, LAPTOP_SIZES, sampleExamples, sampleStratified, type Sample, type SampleSize } from './datasets/sampling.ts';
import type { FileHash } from './datasets/file-hash.ts';
import type { DatasetName } from './datasets/sources.ts';
import { runFactoid } from './factoid.ts';
import type { GenerationSettings } from './generation.ts';
import { runIcr } from './icr.ts';
import { runInstruction } from './instruction.ts';
import type { OpenAiJudgeClient } from './judge/openai-client.ts';
import { runMcr } from './mcr.ts';
import type { LanguageModel } from './language-model.ts';
import { runPerplexity } from './perplexity.ts';
import type { RunRecord, SuiteEntry } from './record.ts';
import { RECORD_SCHEMA_ID, RECORD_VERSION, validateRecord } from './record.ts';
import { taskScoresOf } from './record-scores.ts';
import type { RunControl, TaskId, TaskResult } from './result.ts';
import { runSummarization, storyKey } from './summarization.ts';

export const TASK_DATASET: Record<TaskId, DatasetName> = {
  factoid: 'freebaseqa',
  mcr: 'mmlu',
  icr_closed: 'triviaqa',
  icr_open: 'triviaqa',
  summarization: 'cnn_stories',
  instruction: 'vicuna_bench',
  perplexity: 'wikitext2',
};

export interface SuiteSizes {
  factoid: SampleSize;
  mcrPerSubject: SampleSize;
  icr: SampleSize;
  /** Open book when it is asked for apart from closed book (else `icr`). */
  icrOpen?: SampleSize;
  summarizationPerBucket: SampleSize;
  instructionPerCategory: SampleSize;
  perplexityChars: SampleSize;
  /** Windows scored within those characters ('full': every full window). */
  perplexityWindows: SampleSize;
}

export const FULL_SIZES: SuiteSizes = {
  factoid: 'full',
  mcrPerSubject: 'full',
  icr: 'full',
  summarizationPerBucket: 'full',
  instructionPerCategory: 'full',
  perplexityChars: 'full',
  perplexityWindows: 'full',
};

export interface SuiteConfig {
  tasks: TaskId[];
  seed?: number;
  sizes?: 'laptop' | 'full' | Partial<SuiteSizes>;
  mcrShots?: number;
  generation?: GenerationSettings;
  promptStyle?: 'kick' | 'clean';
  judge?: OpenAiJudgeClient;
  dense?: { summarization?: Map<string, string>; instruction?: Map<number, string> };
  perplexityWindow?: number;
  signal?: AbortSignal;
  onProgress?: (task: TaskId, done: number, total: number) => void;
}

export type LoadedSets = { [K in DatasetName]?: Loaded<DatasetsByName[K]> };

export interface SuiteRun {
  results: TaskResult[];
  suite: SuiteEntry[];
  failures: { task: TaskId; error: string }[];
}

export function resolveSizes(sizes: SuiteConfig['sizes']): SuiteSizes {
  if (sizes === 'full') return FULL_SIZES;
  return { ...LAPTOP_SIZES, ...(sizes === 'laptop' || sizes === undefined ? {} : sizes) };
}

/** A short content hash of the records, standing in for the data set's revision. */
export async function contentRevision(data: unknown): Promise<string> {
  return `sha256:${(await hashIds([JSON.stringify(data)])).slice(0, 16)}`;
}

function need<K extends DatasetName>(sets: LoadedSets, name: K): Loaded<DatasetsByName[K]> {
  const loaded = sets[name] as Loaded<DatasetsByName[K]> | undefined;
  if (!loaded) throw new Error(`data set "${name}" is not loaded`);
  return loaded;
}

async function runOne(
  task: TaskId,
  model: LanguageModel,
  sets: LoadedSets,
  cfg: SuiteConfig,
  sizes: SuiteSizes,
  seed: number,
): Promise<{ result: TaskResult; sample: Sample<unknown>; source: string; revision: string; dataset: string; files?: FileHash[] }> {
  const control: RunControl = { signal: cfg.signal, onProgress: cfg.onProgress && ((done, total) => cfg.onProgress?.(task, done, total)) };
  const judgeOf = (tables: JudgeTables) => (cfg.judge ? { client: cfg.judge, prompts: tables.prompts, reviewers: tables.reviewers } : undefined);
  switch (task) {
    case 'factoid': {
      const d = need(sets, 'freebaseqa');
      const n = sizes.factoid === 'full' ? d.data.length : sizes.factoid;
      // The kick loop scores one question more than asked for.
      const sample = await sampleExamples(d.data, n + 1, seed, (r) => r.id);
      const result = await runFactoid(model, sample.items, { numExamples: n, control, dataset: d.label });
      return { result, sample, source: d.source, revision: await contentRevision(d.data), dataset: d.label ?? d.name, files: d.files };
    }
    case 'mcr': {
      const d = need(sets, 'mmlu');
      const sample = await sampleStratified(d.data.test, sizes.mcrPerSubject, seed, (r) => r.subject, (r, i) => `${r.subject}/${i}`);
      const result = await runMcr(model, sample.items, d.data.dev, { shots: cfg.mcrShots, ids: sample.ids, control, dataset: d.label });
      return { result, sample, source: d.source, revision: await contentRevision(d.data), dataset: d.label ?? d.name, files: d.files };
    }
    case 'icr_closed':
    case 'icr_open': {
      const d = need(sets, 'triviaqa');
      const pool = task === 'icr_open' ? d.data.filter((r) => r.wiki_context || r.search_context) : d.data;
      const sample = await sampleExamples(pool, task === 'icr_open' ? (sizes.icrOpen ?? sizes.icr) : sizes.icr, seed, (r) => r.id);
      const result = await runIcr(model, sample.items, { openBook: task === 'icr_open', control, dataset: d.label });
      // Examples without evidence never enter the open-book sample; count them where the user sees them.
      result.skipped.noContext += d.data.length - pool.length;
      return { result, sample, source: d.source, revision: await contentRevision(d.data), dataset: d.label ?? d.name, files: d.files };
    }
    case 'summarization': {
      const d = need(sets, 'cnn_stories');
      const sample = await sampleStratified(d.data.stories, sizes.summarizationPerBucket, seed, (s) => s.bucket, (s) => storyKey(s));
      const result = await runSummarization(model, sample.items, {
        ...cfg.generation,
        promptStyle: cfg.promptStyle,
        judge: judgeOf(d.data),
        denseOutputs: cfg.dense?.summarization,
        control,
        dataset: d.label,
      });
      return { result, sample, source: d.source, revision: await contentRevision(d.data), dataset: d.label ?? d.name, files: d.files };
    }
    case 'instruction': {
      const d = need(sets, 'vicuna_bench');
      const sample = await sampleStratified(d.data.questions, sizes.instructionPerCategory, seed, (q) => q.category, (q) => String(q.question_id));
      const result = await runInstruction(model, sample.items, d.data.answers, { ...cfg.generation, judge: judgeOf(d.data), denseOutputs: cfg.dense?.instruction, control, dataset: d.label });
      return { result, sample, source: d.source, revision: await contentRevision(d.data), dataset: d.label ?? d.name, files: d.files };
    }
    case 'perplexity': {
      const d = need(sets, 'wikitext2');
      const chars = sizes.perplexityChars;
      const windows = sizes.perplexityWindows;
      const result = await runPerplexity(model, d.data.text, {
        window: cfg.perplexityWindow,
        maxChars: chars === 'full' ? undefined : chars,
        maxWindows: windows === 'full' ? undefined : windows,
        control,
        dataset: d.label,
      });
      const used = chars === 'full' ? d.data.text.length : Math.min(chars, d.data.text.length);
      const ids = [`wikitext2-test:chars=${used}:windows=${result.kick.count}`];
      const sample: Sample<unknown> = { items: [], ids, idsHash: await hashIds(ids), size: chars, seed, total: d.data.text.length };
      return { result, sample, source: d.source, revision: await contentRevision(d.data.rows), dataset: d.label ?? d.name, files: d.files };
    }
  }
}

export async function runSuite(model: LanguageModel, sets: LoadedSets, cfg: SuiteConfig, onTaskDone?: (task: TaskId, ok: boolean) => void): Promise<SuiteRun> {
  const sizes = resolveSizes(cfg.sizes);
  const seed = cfg.seed ?? 0;
  const run: SuiteRun = { results: [], suite: [], failures: [] };
  for (const task of cfg.tasks) {
    try {
      const { result, sample, source, revision, dataset, files } = await runOne(task, model, sets, cfg, sizes, seed);
      run.results.push(result);
      run.suite.push({ task, dataset, source, revision, size: sample.size, seed, idsHash: sample.idsHash, count: sample.ids.length, ...(files ? { files } : {}) });
      onTaskDone?.(task, true);
    } catch (err) {
      // A cancelled run stops here; the caller decides what to keep.
      if (cfg.signal?.aborted) throw err;
      run.failures.push({ task, error: (err as Error).message });
      onTaskDone?.(task, false);
    }
  }
  return run;
}

export type RecordMeta = Omit<RunRecord, 'schema' | 'version' | 'suite' | 'scores' | 'perplexity' | 'createdAt'> & { createdAt?: string };

export async function buildRunRecord(meta: RecordMeta, run: SuiteRun): Promise<RunRecord> {
  const ppl = run.results.find((r) => r.task === 'perplexity')?.kick.value ?? null;
  return validateRecord({
    ...meta,
    schema: RECORD_SCHEMA_ID,
    version: RECORD_VERSION,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    suite: run.suite,
    scores: await Promise.all(run.results.map(taskScoresOf)),
    perplexity: ppl,
  });
}
