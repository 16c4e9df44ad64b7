import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { SweepConfig } from '../state/sweep.ts';
import { tinyLlamaFiles } from '../../test/model/tiny-model-files.ts';
import { preloadedModel } from '../../test/lab/preloaded-model.ts';
import { newSweep, runMissingPoints } from '../../test/lab/sweep-in-page.ts';
import { browserLabEnvironment } from './lab-env.ts';
import { labRunConfigSchema, type LabRunInput } from './lab-protocol.ts';
import type { LabEnvironment } from './lab-run-context.ts';
import { runLab } from './lab-run.ts';

/**
 * Connections cut part-way through a real lab run: the model's files and the data sets come from a
 * local hub server (test/servers/hub-server.ts) that drops its answers after some bytes. A single
 * cut is resumed with a Range request; cuts on every attempt fail the run at the stage and file or
 * data set they hit, keep what finished, and a retry of the sweep runs only the missing points.
 */

const MODEL_REPO = 'test/tiny-llama';
const DATA_REPO = 'kick/datasets';
const DATA_FILE = 'onnx/model.onnx_data';
const modelFiles = tinyLlamaFiles(5);

const words = ['the', 'river', 'runs', 'north', 'past', 'a', 'quiet', 'town', 'where', 'bakers', 'sell', 'bread', 'at', 'dawn', 'and', 'dusk'];
const sentence = (i: number) => Array.from({ length: 12 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
/** wiki.test.raw style: headings and paragraphs, enough for the perplexity windows. */
const wikitext = Array.from({ length: 40 }, (_, i) => (i % 8 === 0 ? ` = Section ${i} = \n` : ` ${sentence(i)} . \n`)).join(' \n');
const c4 = Array.from({ length: 30 }, (_, i) => JSON.stringify({ text: `${sentence(i)}. ${sentence(i + 1)}.` })).join('\n') + '\n';

let base: LabEnvironment;
let hubUrl: string;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

beforeAll(async () => {
  base = await browserLabEnvironment();
});

afterEach(async () => {
  await commands.stopHub();
});

/** A fresh hub server (a new origin, so nothing of an earlier test is in the caches). */
async function startHub(): Promise<void> {
  const text = (t: string) => base64(new TextEncoder().encode(t));
  hubUrl = await commands.startHub([
    { id: MODEL_REPO, files: Object.fromEntries([...modelFiles].map(([path, bytes]) => [path, base64(bytes)])) },
    { id: DATA_REPO, files: { 'wikitext2/test.txt': text(wikitext), 'c4/sample.jsonl': text(c4) } },
  ]);
}

const modelBase = () => `${hubUrl}/${MODEL_REPO}/resolve/main/`;
const fileRequests = async (file: string) => (await commands.hubFileRequests()).filter((r) => r.split(' ')[1].endsWith(`/${file}`));

const sweepConfig = (over: Partial<SweepConfig>): SweepConfig => ({
  model: { id: MODEL_REPO, revision: 'main', dtype: 'fp32' },
  methods: [{ id: 'magnitude', params: {} }],
  sparsities: [0.5],
  patterns: [],
  bits: [],
  tasks: [{ task: 'perplexity', size: 2 }],
  calibration: null,
  device: 'auto',
  seed: 0,
  judge: null,
  ...over,
});

describe('network cut during a model download', () => {
  it('resumes a file cut once with a Range request, and evaluates the same model as the bytes sent', async () => {
    await startHub();
    await commands.dropHubConnection({ file: DATA_FILE, afterBytes: 20_000, times: 1 });
    const run = (env: LabEnvironment) =>
      runLab(
        labRunConfigSchema.parse({ model: { kind: 'url', baseUrl: modelBase() }, device: 'wasm', kernels: 'webgpu', points: [], tasks: { ids: ['perplexity'], suite: 'kickworld', limit: 2 } }),
        env,
        () => {},
        new AbortController().signal,
      );
    const downloaded = await run(base);
    expect(downloaded.errors).toEqual([]);
    expect(await fileRequests(DATA_FILE)).toEqual([`GET /${MODEL_REPO}/resolve/main/${DATA_FILE}`, `GET /${MODEL_REPO}/resolve/main/${DATA_FILE} bytes=20000-`]);
    // The stitched file is the one served: the same perplexity as the model handed over in memory.
    const inMemory = await run({ ...base, preloaded: preloadedModel(`${modelBase()}`, modelFiles) });
    expect(downloaded.points[0].record.perplexity).toBe(inMemory.points[0].record.perplexity);
  });

  it('fails the run in download naming the file when every attempt is cut, and a retry downloads only that file', async () => {
    await startHub();
    // More cuts than the download makes attempts (1 + 4 retries), each after a few KB of 147 KB.
    await commands.dropHubConnection({ file: DATA_FILE, afterBytes: 4096, times: 5 });
    const toHub = (input: LabRunInput): LabRunInput => ({ ...input, model: { kind: 'url', baseUrl: modelBase() }, device: 'wasm', kernels: 'webgpu', tasks: { ...input.tasks, suite: 'kickworld' } });
    const config = sweepConfig({});
    const first = await runMissingPoints(newSweep(config), base, toHub);
    expect(first.evaluated).toEqual([]);
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatchObject({ stage: 'download', where: DATA_FILE, cancelled: false });
    expect(first.errors[0].message).toMatch(new RegExp(`download of ${DATA_FILE} failed after 5 attempts \\(connection lost after \\d+ bytes`));
    // Each attempt resumed from the bytes received so far: none, or whole 4 KB answers (a browser
    // may drop the chunks of a cut answer its reader has not taken yet).
    const requests = await fileRequests(DATA_FILE);
    expect(requests).toHaveLength(5);
    expect(requests[0]).toBe(`GET /${MODEL_REPO}/resolve/main/${DATA_FILE}`);
    const offsets = requests.map((r) => Number(/ bytes=(\d+)-$/.exec(r)?.[1] ?? 0));
    for (let i = 1; i < offsets.length; i++) {
      expect(offsets[i] % 4096).toBe(0);
      expect(offsets[i]).toBeGreaterThanOrEqual(offsets[i - 1]);
    }
    expect(offsets.at(-1)).toBeGreaterThan(0);
    expect(Number(/connection lost after (\d+) bytes/.exec(first.errors[0].message)?.[1])).toBeGreaterThanOrEqual(offsets.at(-1)!);

    const before = (await commands.hubFileRequests()).length;
    const retry = await runMissingPoints(first.sweep, base, toHub);
    expect(retry.errors).toEqual([]);
    expect(retry.evaluated).toEqual(['dense', 'magnitude 50%']);
    // The files that had arrived were kept: the retry asked only for the one that was cut (and
    // again for the optional file the repo does not have).
    expect((await commands.hubFileRequests()).slice(before)).toEqual([`GET /${MODEL_REPO}/resolve/main/special_tokens_map.json`, `GET /${MODEL_REPO}/resolve/main/${DATA_FILE}`]);
  });
});

/** Both data sources at the local hub's data repo, so a cut falls on whichever the run reads. */
function urlDatasets(): LabEnvironment['datasets'] {
  const source = { kind: 'url', baseUrl: `${hubUrl}/${DATA_REPO}/resolve/main` } as const;
  return { builtin: source, hub: source };
}

describe('network cut during a data-set download', () => {
  it('resumes a task data set cut once; a calibration set cut every time fails the point after dense, and a retry runs only the missing point', async () => {
    await startHub();
    await commands.dropHubConnection({ file: 'wikitext2/test.txt', afterBytes: 200, times: 1 });
    // The data-set download makes 4 attempts (1 + 3 retries).
    await commands.dropHubConnection({ file: 'c4/sample.jsonl', afterBytes: 100, times: 4 });
    const env: LabEnvironment = { ...base, preloaded: preloadedModel(MODEL_REPO, modelFiles), datasets: urlDatasets() };
    const fromHub = (input: LabRunInput): LabRunInput => ({ ...input, device: 'wasm', kernels: 'webgpu', tasks: { ...input.tasks, suite: 'kick' } });
    const config = sweepConfig({ methods: [{ id: 'wanda', params: {} }], calibration: { dataset: 'c4', samples: 2, seqLen: 32, seed: 0, mode: 'one-shot' } });

    const first = await runMissingPoints(newSweep(config), env, fromHub);
    expect(await fileRequests('wikitext2/test.txt')).toEqual([`GET /${DATA_REPO}/resolve/main/wikitext2/test.txt`, `GET /${DATA_REPO}/resolve/main/wikitext2/test.txt bytes=200-`]);
    expect(first.evaluated).toEqual(['dense']);
    expect(first.sweep.points.map((p) => p.key)).toEqual(['dense']);
    expect(first.sweep.points[0].record.perplexity).toBeGreaterThan(1);
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatchObject({ pointLabel: 'wanda 50%', stage: 'calibrate', where: 'c4', cancelled: false });
    expect(first.errors[0].message).toMatch(/calibration text could not be loaded: .*failed after 4 attempts \(connection lost after \d+ bytes/);

    const before = (await commands.hubFileRequests()).length;
    const retry = await runMissingPoints(first.sweep, env, fromHub);
    expect(retry.errors).toEqual([]);
    expect(retry.input.dense).toBe(false);
    expect(retry.evaluated).toEqual(['wanda 50%']);
    expect(retry.sweep.points.map((p) => p.key).sort()).toEqual(['dense', 'wanda|s=0.5']);
    // wikitext2 came from the cache; only the calibration set was asked for again.
    expect((await commands.hubFileRequests()).slice(before)).toEqual([`GET /${DATA_REPO}/resolve/main/c4/sample.jsonl`]);
  });

  it('stops before any point when a task data set is cut on every attempt, and a retry runs the whole sweep', async () => {
    await startHub();
    await commands.dropHubConnection({ file: 'wikitext2/test.txt', afterBytes: 200, times: 4 });
    const env: LabEnvironment = { ...base, preloaded: preloadedModel(MODEL_REPO, modelFiles), datasets: urlDatasets() };
    const fromHub = (input: LabRunInput): LabRunInput => ({ ...input, device: 'wasm', kernels: 'webgpu', tasks: { ...input.tasks, suite: 'kick' } });

    const first = await runMissingPoints(newSweep(sweepConfig({})), env, fromHub);
    // No point is evaluated without its task (it would count as finished, and a retry would skip it).
    expect(first.evaluated).toEqual([]);
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatchObject({ stage: 'data', where: 'wikitext2', cancelled: false });
    expect(first.errors[0].message).toMatch(/^data set "wikitext2": download of .*wikitext2\/test\.txt failed after 4 attempts \(connection lost after \d+ bytes.*; the run stopped before evaluating any point: retry the sweep/);

    const retry = await runMissingPoints(first.sweep, env, fromHub);
    expect(retry.errors).toEqual([]);
    expect(retry.evaluated).toEqual(['dense', 'magnitude 50%']);
    for (const point of retry.sweep.points) expect(point.record.perplexity).toBeGreaterThan(1);
  });
});
