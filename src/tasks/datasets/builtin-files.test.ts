import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_BASE_URL, contentBytes, PUBLIC_DATASETS_DIR, publicDatasetsFetch, storedBytes } from '../../../test/datasets/public-datasets.ts';
import { sharedRoot } from '../../../tools/shared-files.ts';
import { builtinManifestSchema } from './builtin-files.ts';
import { DatasetLoadError } from './errors.ts';
import { loadC4, loadCnnStories, loadFreebaseQA, loadMmlu, loadTriviaQA, loadVicunaBench, loadWikitext2 } from './loaders.ts';
import { BUILTIN_SOURCE_LABEL, FIXTURE_FILES, type DataSource } from './sources.ts';

const manifest = builtinManifestSchema.parse(JSON.parse(readFileSync(join(PUBLIC_DATASETS_DIR, 'manifest.json'), 'utf8')));
const storedOf = (path: string) => manifest.files.find((f) => f.path === path)!.stored;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const builtin = (): DataSource => ({ kind: 'builtin', baseUrl: BUILTIN_BASE_URL });

describe('the built-in data sets in public/datasets', () => {
  it('lists every file a loader reads, each matching its SHA-256 and size', () => {
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.values(FIXTURE_FILES).sort());
    for (const f of manifest.files) {
      const content = contentBytes(f.stored);
      expect(sha256(content), f.path).toBe(f.sha256);
      expect(content.length, f.path).toBe(f.bytes);
      expect(storedBytes(f.stored).length, f.path).toBe(f.storedBytes);
    }
  });

  it('loads all seven data sets with the reference splits, recording each file and its hash', async () => {
    const ctx = { fetch: publicDatasetsFetch() };
    const source = builtin();
    const freebase = await loadFreebaseQA(source, ctx);
    expect(freebase.data).toHaveLength(4000);
    expect(freebase.source).toBe(BUILTIN_SOURCE_LABEL);
    const mmlu = await loadMmlu(source, ctx);
    expect([mmlu.data.test.length, mmlu.data.dev.length]).toEqual([14042, 285]);
    expect(new Set(mmlu.data.test.map((r) => r.subject)).size).toBe(57);
    const trivia = await loadTriviaQA(source, ctx);
    expect(trivia.data).toHaveLength(150);
    expect(trivia.data.every((r) => r.wiki_context === null && r.search_context === null)).toBe(true);
    const cnn = await loadCnnStories(source, ctx);
    expect(cnn.data.stories).toHaveLength(90);
    const vicuna = await loadVicunaBench(source, ctx);
    expect([vicuna.data.questions.length, vicuna.data.answers.length]).toEqual([80, 80]);
    const wiki = await loadWikitext2(source, ctx);
    expect(wiki.data.rows).toHaveLength(4358);
    const c4 = await loadC4(source, ctx);
    expect(c4.data).toHaveLength(1122);

    const recorded = [freebase, mmlu, trivia, cnn, vicuna, wiki, c4].flatMap((l) => l.files ?? []);
    expect(recorded.map((f) => f.path).sort()).toEqual(Object.values(FIXTURE_FILES).sort());
    for (const f of recorded) expect(f.sha256, f.path).toBe(sha256(contentBytes(storedOf(f.path))));
  });

  it('reads the manifest once per source', async () => {
    const requests: string[] = [];
    const ctx = { fetch: publicDatasetsFetch({ requests }) };
    const source = builtin();
    await loadTriviaQA(source, ctx);
    await loadVicunaBench(source, ctx);
    expect(requests.filter((u) => u.endsWith('manifest.json'))).toHaveLength(1);
    expect(requests).toContain(`${BUILTIN_BASE_URL}${storedOf(FIXTURE_FILES.vicunaAnswers)}`);
  });

  it('reads files that the server already gunzipped', async () => {
    const loaded = await loadWikitext2(builtin(), { fetch: publicDatasetsFetch({ decompressed: true }) });
    expect(loaded.data.rows).toHaveLength(4358);
    expect(loaded.files?.[0].sha256).toBe(manifest.files.find((f) => f.path === FIXTURE_FILES.wikitext2)!.sha256);
  });

  it('refuses a file whose content does not match the manifest, naming the data set and how to restore it', async () => {
    const stored = storedOf(FIXTURE_FILES.triviaqa);
    const ctx = { fetch: publicDatasetsFetch({ replace: { [stored]: new TextEncoder().encode('{"id":"x"}\n') } }) };
    const err = await loadTriviaQA(builtin(), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetLoadError);
    expect((err as Error).message).toMatch(/^data set "triviaqa": the built-in triviaqa\/rc_wikipedia_validation_closedbook\.jsonl does not match its SHA-256/);
    expect((err as Error).message).toMatch(/copy-datasets\.ts/);
  });

  it('says so when the copy is missing or the server answers with a page instead of the manifest', async () => {
    const missing = await loadMmlu({ kind: 'builtin', baseUrl: 'http://app.test/nowhere/' }, { fetch: publicDatasetsFetch() }).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/^data set "mmlu": the built-in copy could not be read/);
    const page = await loadMmlu(builtin(), { fetch: publicDatasetsFetch({ replace: { 'manifest.json': new TextEncoder().encode('<!doctype html>') } }) }).catch((e: unknown) => e);
    expect((page as Error).message).toMatch(/is not the built-in data sets' manifest; restore public\/datasets/);
  });
});

const sharedDatasets = ((root) => (root && existsSync(join(root, 'datasets', 'SHA256SUMS')) ? join(root, 'datasets') : null))(sharedRoot());

describe('the built-in copy against ../shared/datasets', () => {
  it.skipIf(!sharedDatasets)(`is byte for byte the shared fixture files${sharedDatasets ? '' : ' [SHARED_MISSING: ../shared/datasets is absent]'}`, () => {
    const sums = new Map(
      readFileSync(join(sharedDatasets!, 'SHA256SUMS'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          const [hash, path] = l.split(/\s+/);
          return [path.replace(/^\.\//, ''), hash] as const;
        }),
    );
    for (const f of manifest.files) {
      expect(f.sha256, f.path).toBe(sums.get(f.path));
      expect(sha256(new Uint8Array(readFileSync(join(sharedDatasets!, f.path)))), f.path).toBe(f.sha256);
    }
  });
});
