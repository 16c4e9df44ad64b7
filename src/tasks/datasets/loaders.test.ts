import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedRoot } from '../../../tools/shared-files.ts';
import { startDatasetsServer, type DatasetsServer } from '../../../test/servers/datasets-server.ts';
import { datasetsDirOf, hubKey, mmluHubRow, sharedHubTables, type HubTables, type Row } from '../../../test/servers/hub-layout.ts';
import { tinyFixtureFiles, tinyMmluTest } from '../../../test/servers/tiny-fixtures.ts';
import { MemoryFileCache } from '../../net/file-cache.ts';
import { normalizeAnswer } from '../scoring/normalize.ts';
import { DatasetLoadError } from './errors.ts';
import { triviaFromHub } from './hub-mappers.ts';
import { loadC4, loadCnnStories, loadFreebaseQA, loadMany, loadMmlu, loadTriviaQA, loadVicunaBench, loadWikitext2 } from './loaders.ts';
import { MMLU_SUBJECT_CATEGORY, MMLU_SUBJECTS } from './mmlu-categories.ts';
import type { DataSource } from './sources.ts';

const datasetsDir = datasetsDirOf(sharedRoot());
/** Test title; carries the skip reason where ../shared/datasets is absent. */
const shared = (title: string) => (datasetsDir ? title : `${title} [SHARED_MISSING: ../shared/datasets is absent]`);

// 250 MMLU rows in the hub's shape (answer as an index), to exercise paging over 3 pages.
const manyMmlu: Row[] = Array.from({ length: 250 }, (_, i) => mmluHubRow({ ...tinyMmluTest[i % 4], question: `Q${i}?` }));

function tinyHub(): HubTables {
  const t: HubTables = new Map();
  t.set(hubKey('cais/mmlu', 'all', 'test'), () => manyMmlu);
  t.set(hubKey('cais/mmlu', 'all', 'dev'), () => manyMmlu.slice(0, 5));
  t.set(hubKey('broken/mmlu', 'all', 'test'), () => [{ question: 'Q', subject: 's', answer: 1 }]);
  return t;
}

describe('loaders on self-written fixtures', () => {
  let server: DatasetsServer;
  let url: DataSource;
  beforeAll(async () => {
    const files = tinyFixtureFiles();
    files['bad/mmlu/test.jsonl'] = JSON.stringify({ subject: 'x', question: 'q', choices: ['a', 'b'], answer: 'A' }) + '\n';
    files['bad/mmlu/dev.jsonl'] = files['mmlu/dev.jsonl'];
    files['limited/c4/sample.jsonl'] = files['c4/sample.jsonl'];
    server = await startDatasetsServer({
      files,
      hubTables: tinyHub(),
      failingPaths: ['/static/broken500/freebaseqa/eval.jsonl'],
      rateLimitedPaths: { '/static/limited/c4/sample.jsonl': 2 },
    });
    url = { kind: 'url', baseUrl: `${server.url}/static` };
  });
  afterAll(() => server.close());

  it('reads every data set from a static URL base in the fixture layout', async () => {
    expect((await loadFreebaseQA(url)).data.map((r) => r.id)).toEqual(['fb-0', 'fb-1', 'fb-2', 'fb-3']);
    const mmlu = await loadMmlu(url);
    expect(mmlu.data.test).toHaveLength(4);
    expect(mmlu.data.dev[1]).toEqual({ subject: 'abstract_algebra', question: 'Dev algebra 2?', choices: ['one', 'two', 'three', 'four'], answer: 'B' });
    expect((await loadTriviaQA(url)).data[0].wiki_context).toContain('blue agave');
    const cnn = await loadCnnStories(url);
    expect(cnn.data.stories.map((s) => s.bucket)).toEqual(['small', 'mid', 'large']);
    expect(cnn.data.prompts).toHaveLength(3);
    const vicuna = await loadVicunaBench(url);
    expect(vicuna.data.questions).toHaveLength(3);
    expect(vicuna.data.answers[2].text).toBe('17 * 3 = 51');
    expect(vicuna.data.reviewers.map((r) => r.category)).toEqual(['general', 'coding', 'math']);
    const wiki = await loadWikitext2(url);
    expect(wiki.data.rows).toEqual(['', ' = Robert Boulter = \n', '', ' Robert Boulter is an English actor . \n', '']);
    expect(wiki.data.text).toBe('\n\n = Robert Boulter = \n\n\n\n\n Robert Boulter is an English actor . \n\n\n');
    expect((await loadC4(url)).data).toEqual(['First calibration document.', 'Second calibration document.']);
  });

  it('reads from a folder through a file reader', async () => {
    const files = tinyFixtureFiles();
    const folder: DataSource = { kind: 'files', label: 'memory', readText: async (rel) => files[rel] ?? null };
    expect((await loadMmlu(folder)).data.dev).toHaveLength(3);
    await expect(loadMmlu({ kind: 'files', label: 'empty', readText: async () => null })).rejects.toThrow(/data set "mmlu": mmlu\/test.jsonl is missing from empty/);
  });

  it('pages through the /rows API (at most 100 rows per request) and maps the hub shape', async () => {
    const before = server.requests.length;
    const mmlu = await loadMmlu({ kind: 'hub', endpoint: server.url }, { cache: new MemoryFileCache() });
    expect(mmlu.data.test).toHaveLength(250);
    expect(mmlu.data.test[1]).toEqual({ subject: 'abstract_algebra', question: 'Q1?', choices: ['one', 'two', 'three', 'four'], answer: 'C' });
    const rowRequests = server.requests.slice(before).filter((r) => r.startsWith('/rows'));
    expect(rowRequests).toHaveLength(4); // test: offsets 0, 100, 200; dev: one page
    for (const r of rowRequests) expect(Number(new URL(r, 'http://x').searchParams.get('length'))).toBeLessThanOrEqual(100);
    expect(mmlu.source).toContain('cais/mmlu/all/test');
  });

  it('honours maxRows on the hub', async () => {
    const mmlu = await loadMmlu({ kind: 'hub', endpoint: server.url, maxRows: 130 });
    expect(mmlu.data.test).toHaveLength(130);
  });

  it('caches by default, and not at all with cache: null', async () => {
    // A spelling of the base URL no other test uses, so the process-wide cache has no entry for it yet.
    const fresh: DataSource = { kind: 'url', baseUrl: `${server.url}/static/./` };
    await loadVicunaBench(fresh);
    const before = server.requests.length;
    await loadVicunaBench(fresh);
    expect(server.requests.length).toBe(before);
    await loadVicunaBench(fresh, { cache: null });
    expect(server.requests.length).toBe(before + 4);
  });

  it('serves a second load from the cache without touching the network', async () => {
    const cache = new MemoryFileCache();
    await loadFreebaseQA(url, { cache });
    const before = server.requests.length;
    const again = await loadFreebaseQA(url, { cache });
    expect(again.data).toHaveLength(4);
    expect(server.requests.length).toBe(before);
    expect(cache.size).toBe(1);
  });

  it('names the data set when its shape changed', async () => {
    const bad: DataSource = { kind: 'url', baseUrl: `${server.url}/static/bad` };
    await expect(loadMmlu(bad)).rejects.toThrow(DatasetLoadError);
    await expect(loadMmlu(bad)).rejects.toThrow(/data set "mmlu": changed shape at mmlu\/test.jsonl line 1: choices/);
    const hubBad: DataSource = { kind: 'hub', endpoint: server.url, splits: { mmluTest: { dataset: 'broken/mmlu', config: 'all', split: 'test' } } };
    await expect(loadMmlu(hubBad)).rejects.toThrow(/data set "mmlu": changed shape at row 0: choices/);
  });

  it('retries rate-limited requests with backoff', async () => {
    const before = server.requests.length;
    const c4 = await loadC4({ kind: 'url', baseUrl: `${server.url}/static/limited` }, { backoffMs: 1 });
    expect(c4.data).toHaveLength(2);
    expect(server.requests.slice(before)).toEqual(Array(3).fill('/static/limited/c4/sample.jsonl'));
  });

  it('names the data set on HTTP errors and missing hub data sets', async () => {
    const before = server.requests.length;
    await expect(loadFreebaseQA({ kind: 'url', baseUrl: `${server.url}/static/broken500` }, { retries: 1, backoffMs: 1 })).rejects.toThrow(/data set "freebaseqa": GET .* answered HTTP 500/);
    expect(server.requests.length - before).toBe(2);
    await expect(loadTriviaQA({ kind: 'hub', endpoint: server.url })).rejects.toThrow(/data set "triviaqa": GET .*\/rows\?dataset=mandarjoshi%2Ftrivia_qa.* answered HTTP 404/);
    await expect(loadCnnStories({ kind: 'hub', endpoint: server.url })).rejects.toThrow(/data set "cnn_stories": no hub mirror is configured/);
  });

  it('lets the other data sets load when one fails', async () => {
    const mixed: DataSource = { kind: 'files', label: 'partial', readText: async (rel) => (rel.startsWith('mmlu/') ? '{"oops": 1}\n' : (tinyFixtureFiles()[rel] ?? null)) };
    const out = await loadMany(['freebaseqa', 'mmlu', 'c4'], mixed);
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    const failed = out[1];
    expect(failed.ok === false && failed.error).toMatch(/^data set "mmlu": changed shape/);
    // A data set in the wrong shape stays wrong: not worth a retry.
    expect(failed.ok === false && failed.transient).toBe(false);
  });

  it('marks a data set transient when the server failed every attempt, not when it said no', async () => {
    const busy = await loadMany(['freebaseqa'], { kind: 'url', baseUrl: `${server.url}/static/broken500` }, { retries: 1, backoffMs: 1, cache: null });
    expect(busy).toEqual([{ ok: false, name: 'freebaseqa', error: expect.stringMatching(/answered HTTP 500/), transient: true }]);
    const absent = await loadMany(['freebaseqa'], { kind: 'url', baseUrl: `${server.url}/static/no-such-folder` }, { cache: null });
    expect(absent).toEqual([{ ok: false, name: 'freebaseqa', error: expect.stringMatching(/answered HTTP 404/), transient: false }]);
  });

  it('treats TriviaQA evidence cells the hub truncated as missing', () => {
    const row = { question: 'Q', question_id: 'x', answer: { aliases: ['b'], normalized_aliases: ['a'], value: 'A' }, entity_pages: '{"wiki_context": ["cut', search_results: { search_context: ['web text'] } };
    const rec = triviaFromHub('triviaqa', { rowIdx: 0, row, truncatedCells: ['entity_pages'] });
    expect(rec.wiki_context).toBeNull();
    expect(rec.search_context).toBe('web text');
    expect(rec.answers).toEqual(['A', 'b']);
  });
});

describe('loaders on ../shared/datasets', () => {
  let server: DatasetsServer | null = null;
  let url: DataSource;
  let hub: DataSource;
  beforeAll(async () => {
    if (!datasetsDir) return;
    server = await startDatasetsServer({ staticDir: datasetsDir, hubTables: sharedHubTables(datasetsDir) });
    url = { kind: 'url', baseUrl: `${server.url}/static` };
    hub = { kind: 'hub', endpoint: server.url, fixtureMirrors: { cnn_stories: 'kick-lab/cnn_stories', vicuna_bench: 'kick-lab/vicuna_bench' } };
  });
  afterAll(() => server?.close());

  it.skipIf(!datasetsDir)(shared('static files and hub rows give the same FreebaseQA, TriviaQA, WikiText-2, C4'), async () => {
    const fbUrl = await loadFreebaseQA(url);
    const fbHub = await loadFreebaseQA(hub);
    expect(fbUrl.data).toHaveLength(4000);
    expect(fbHub.data.map((r) => [r.id, r.question, r.answers])).toEqual(fbUrl.data.map((r) => [r.id, r.question, r.answers]));
    const tq = await loadTriviaQA(url);
    expect(tq.data).toHaveLength(150);
    expect((await loadTriviaQA(hub)).data).toEqual(tq.data.map((r) => ({ ...r })));
    const wiki = await loadWikitext2(url);
    expect(wiki.data.rows).toHaveLength(4358);
    expect((await loadWikitext2(hub)).data.text).toBe(wiki.data.text);
    expect(wiki.data.text.startsWith('\n\n = Robert Boulter = \n\n\n\n\n Robert Boulter is an English film')).toBe(true);
    expect((await loadC4(url)).data).toHaveLength(1122);
    expect((await loadC4(hub)).data).toHaveLength(1122);
  });

  it.skipIf(!datasetsDir)(shared('MMLU: 57 subjects, 5 dev rows each, every subject in the category map'), async () => {
    const m = await loadMmlu(url);
    expect(m.data.test).toHaveLength(14042);
    expect(m.data.dev).toHaveLength(285);
    const subjects = [...new Set(m.data.test.map((r) => r.subject))].sort();
    expect(subjects).toEqual([...MMLU_SUBJECTS]);
    for (const s of subjects) expect(m.data.dev.filter((r) => r.subject === s)).toHaveLength(5);
    const counts: Record<string, number> = {};
    for (const s of subjects) counts[MMLU_SUBJECT_CATEGORY[s]] = (counts[MMLU_SUBJECT_CATEGORY[s]] ?? 0) + 1;
    expect(counts).toEqual({ STEM: 18, humanities: 13, 'social sciences': 12, 'other (business, health, misc.)': 14 });
    const viaHub = await loadMmlu(hub);
    expect(viaHub.data.test).toEqual(m.data.test);
  });

  it.skipIf(!datasetsDir)(shared('CNN stories and Vicuna-bench, from files and from a fixture-shaped hub mirror'), async () => {
    const cnn = await loadCnnStories(url);
    expect(cnn.data.stories).toHaveLength(90);
    for (const b of ['small', 'mid', 'large']) expect(cnn.data.stories.filter((s) => s.bucket === b)).toHaveLength(30);
    expect(cnn.data.prompts.map((p) => p.category)).toEqual(['small', 'mid', 'large']);
    expect((await loadCnnStories(hub)).data).toEqual(cnn.data);
    const v = await loadVicunaBench(url);
    expect(v.data.questions).toHaveLength(80);
    expect(v.data.answers).toHaveLength(80); // the file has no final newline
    expect(v.data.prompts.map((p) => p.category)).toEqual(['general', 'coding', 'math']);
    expect((await loadVicunaBench(hub)).data).toEqual(v.data);
  });

  it.skipIf(!datasetsDir)(shared('TriviaQA normalized_answers agree with normalizeAnswer'), async () => {
    const tq = await loadTriviaQA(url);
    for (const r of tq.data) {
      const ours = [...new Set(r.answers.map(normalizeAnswer).filter((a) => a.length > 0))];
      expect(ours).toEqual(r.normalized_answers);
    }
  });
});
