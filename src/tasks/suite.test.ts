import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_BASE_URL, contentBytes, PUBLIC_DATASETS_DIR, publicDatasetsFetch } from '../../test/datasets/public-datasets.ts';
import { sharedRoot } from '../../tools/shared-files.ts';
import { startDatasetsServer, type DatasetsServer } from '../../test/servers/datasets-server.ts';
import { datasetsDirOf, sharedHubTables } from '../../test/servers/hub-layout.ts';
import { tinyFixtureFiles } from '../../test/servers/tiny-fixtures.ts';
import { loadMany, type Loaded } from './datasets/loaders.ts';
import type { DataSource, DatasetName } from './datasets/sources.ts';
import { recordFromJson, recordToCsv, recordToJson } from './record.ts';
import type { TaskId } from './result.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { buildRunRecord, runSuite, type LoadedSets } from './suite.ts';

const ALL_TASKS: TaskId[] = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'];
const ALL_SETS: DatasetName[] = ['freebaseqa', 'mmlu', 'triviaqa', 'cnn_stories', 'vicuna_bench', 'wikitext2', 'c4'];

function anyModel() {
  return new ScriptedModel({
    reply: (_p, o) => (o.maxNewTokens === 1 ? ' B' : 'William Shakespeare. Tequila. A cat was rescued.'),
    score: (_c, cont) => (cont === ' B' ? -0.5 : -2),
    perplexity: (t, w) => 10 + t.length / (w * 1000),
  });
}

async function loadAll(source: DataSource): Promise<LoadedSets> {
  const sets: Record<string, Loaded<unknown>> = {};
  for (const o of await loadMany(ALL_SETS, source)) if (o.ok) sets[o.loaded.name] = o.loaded;
  return sets as LoadedSets;
}

const meta = {
  appVersion: '0.1.0',
  model: { id: 'scripted', revision: 'test', dtype: 'fp32' as const },
  device: { backend: 'cpu' as const },
  method: { id: 'dense', params: {} },
  calibration: null,
  judge: null,
  timings: { totalMs: 1 },
};

describe('suite on self-written fixtures', () => {
  it('runs all six tasks (ICR both ways) and produces a valid record', async () => {
    const files = tinyFixtureFiles();
    const sets = await loadAll({ kind: 'files', label: 'tiny', readText: async (rel) => files[rel] ?? null });
    const run = await runSuite(anyModel(), sets, { tasks: ALL_TASKS, sizes: 'full' });
    expect(run.failures).toEqual([]);
    expect(run.results.map((r) => r.task)).toEqual(ALL_TASKS);
    const byTask = Object.fromEntries(run.results.map((r) => [r.task, r]));
    expect(byTask.factoid.kick.value).toBe(0.5); // q0 answered; "seine" sits in q3's question (kick bug): 2 / 4
    expect(byTask.factoid.strict.value).toBe(0.25);
    expect(byTask.mcr.kick.value).toBe(0.25);
    expect(byTask.icr_open.examples).toHaveLength(1);
    expect(byTask.icr_open.skipped.noContext).toBe(1);
    expect(byTask.summarization.groups).toHaveLength(3);
    expect(byTask.perplexity.kick.value).toBeGreaterThan(10);
    const rec = await buildRunRecord(meta, run);
    expect(rec.suite.map((s) => s.count)).toEqual([4, 4, 2, 1, 3, 3, 1]);
    expect(rec.perplexity).toBe(byTask.perplexity.kick.value);
    expect(recordFromJson(recordToJson(rec))).toEqual(rec);
    expect(recordToCsv(rec).split('\r\n').length).toBeGreaterThan(8);
  });

  it('reports progress per task and stops when cancelled', async () => {
    const files = tinyFixtureFiles();
    const sets = await loadAll({ kind: 'files', label: 'tiny', readText: async (rel) => files[rel] ?? null });
    const seen: string[] = [];
    await runSuite(anyModel(), sets, { tasks: ['icr_closed'], sizes: 'full', onProgress: (t, d, n) => seen.push(`${t} ${d}/${n}`) });
    expect(seen).toEqual(['icr_closed 0/2', 'icr_closed 1/2', 'icr_closed 2/2']);
    const controller = new AbortController();
    const model = anyModel();
    const run = runSuite(model, sets, {
      tasks: ['mcr', 'factoid'],
      sizes: 'full',
      signal: controller.signal,
      onProgress: (_t, d) => {
        if (d === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/aborted/i);
    expect(model.generateCalls).toHaveLength(2); // two MMLU questions, then the stop
  });

  it('a missing data set fails its task only', async () => {
    const files = tinyFixtureFiles();
    delete files['mmlu/test.jsonl'];
    const sets = await loadAll({ kind: 'files', label: 'tiny', readText: async (rel) => files[rel] ?? null });
    const run = await runSuite(anyModel(), sets, { tasks: ['factoid', 'mcr', 'perplexity'], sizes: 'full' });
    expect(run.failures).toEqual([{ task: 'mcr', error: 'data set "mmlu" is not loaded' }]);
    expect(run.results.map((r) => r.task)).toEqual(['factoid', 'perplexity']);
  });
});

const datasetsDir = datasetsDirOf(sharedRoot());
const shared = (title: string) => (datasetsDir ? title : `${title} [SHARED_MISSING: ../shared/datasets is absent]`);

describe('suite on ../shared/datasets through the hub layout', () => {
  let server: DatasetsServer | null = null;
  beforeAll(async () => {
    if (datasetsDir) server = await startDatasetsServer({ staticDir: datasetsDir, hubTables: sharedHubTables(datasetsDir) });
  });
  afterAll(() => server?.close());

  it.skipIf(!datasetsDir)(shared('small seeded samples are reproducible and sized as asked'), async () => {
    const source: DataSource = { kind: 'hub', endpoint: server!.url, fixtureMirrors: { cnn_stories: 'kick-lab/cnn_stories', vicuna_bench: 'kick-lab/vicuna_bench' } };
    const sets = await loadAll(source);
    const sizes = { factoid: 10, mcrPerSubject: 1, icr: 12, summarizationPerBucket: 2, instructionPerCategory: 1, perplexityChars: 50_000 };
    const a = await runSuite(anyModel(), sets, { tasks: ALL_TASKS, sizes, seed: 0 });
    const b = await runSuite(anyModel(), sets, { tasks: ALL_TASKS, sizes, seed: 0 });
    const c = await runSuite(anyModel(), sets, { tasks: ['factoid'], sizes, seed: 1 });
    expect(a.failures).toEqual([]);
    expect(a.suite.map((s) => [s.task, s.count])).toEqual([
      ['factoid', 11],
      ['mcr', 57],
      ['icr_closed', 12],
      ['icr_open', 0],
      ['summarization', 6],
      ['instruction', 9],
      ['perplexity', 1],
    ]);
    expect(a.suite.map((s) => s.idsHash)).toEqual(b.suite.map((s) => s.idsHash));
    expect(c.suite[0].idsHash).not.toBe(a.suite[0].idsHash);
    const mcr = a.results.find((r) => r.task === 'mcr')!;
    expect(mcr.groups.filter((g) => g.kind === 'subject')).toHaveLength(57);
    // Example records carry the sampler's ids: subject / row index in the test split.
    expect(mcr.examples[1].id).toMatch(/^anatomy\/\d+$/);
    expect(mcr.groups.filter((g) => g.kind === 'category').map((g) => g.count).sort((x, y) => x - y)).toEqual([12, 13, 14, 18]);
    // The fixture has no TriviaQA evidence: every open-book example is counted as lacking context.
    expect(a.results.find((r) => r.task === 'icr_open')!.skipped.noContext).toBe(150);
    expect(a.suite.find((s) => s.task === 'mcr')!.source).toContain('cais/mmlu/all/test');
  });
});

describe('suite on the built-in data sets (public/datasets)', () => {
  it('records, per task, each file read and the SHA-256 of its bytes', async () => {
    const sets: Record<string, Loaded<unknown>> = {};
    for (const o of await loadMany(ALL_SETS, { kind: 'builtin', baseUrl: BUILTIN_BASE_URL }, { fetch: publicDatasetsFetch() })) if (o.ok) sets[o.loaded.name] = o.loaded;
    const sizes = { factoid: 2, mcrPerSubject: 1, icr: 2, summarizationPerBucket: 1, instructionPerCategory: 1, perplexityChars: 5_000 };
    const run = await runSuite(anyModel(), sets as LoadedSets, { tasks: ALL_TASKS, sizes, seed: 0 });
    expect(run.failures).toEqual([]);
    const rec = recordFromJson(recordToJson(await buildRunRecord(meta, run)));
    const manifest = JSON.parse(readFileSync(join(PUBLIC_DATASETS_DIR, 'manifest.json'), 'utf8')) as { files: { path: string; stored: string }[] };
    const stored = new Map(manifest.files.map((f) => [f.path, f.stored]));
    const filesOf = (task: TaskId) => rec.suite.find((s) => s.task === task)!.files!.map((f) => f.path);
    expect(filesOf('mcr')).toEqual(['mmlu/test.jsonl', 'mmlu/dev.jsonl']);
    expect(filesOf('summarization')).toEqual(['cnn_stories/stories.jsonl', 'cnn_stories/prompt.jsonl', 'cnn_stories/reviewer.jsonl']);
    expect(filesOf('perplexity')).toEqual(['wikitext2/test.txt']);
    for (const entry of rec.suite) {
      expect(entry.source).toBe('builtin:public/datasets');
      for (const f of entry.files!) expect(f.sha256, f.path).toBe(createHash('sha256').update(contentBytes(stored.get(f.path)!)).digest('hex'));
    }
  });
});
