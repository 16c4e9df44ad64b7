import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRecordSchema } from '../tasks/record.ts';
import { browserLabEnvironment } from './lab-env.ts';
import { labRunConfigSchema } from './lab-protocol.ts';
import { runLab } from './lab-run.ts';

/**
 * LLM-KICK's own tasks on the built-in kick-tiny with the hub unreachable: every data set and the
 * C4 calibration sample come from the app's copy (public/datasets), and the records say so.
 */

const SIX_TASKS = ['factoid', 'mcr', 'icr_closed', 'summarization', 'instruction', 'perplexity'] as const;
const realFetch = globalThis.fetch;
let hubRequests: string[] = [];

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

beforeEach(() => {
  hubRequests = [];
  // As a firewall that blocks the dataset hub would: every request to it fails on the network.
  globalThis.fetch = (input, init) => {
    const url = urlOf(input);
    if (/huggingface\.co/.test(url)) {
      hubRequests.push(url);
      return Promise.reject(new TypeError('Failed to fetch'));
    }
    return realFetch(input, init);
  };
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

function kickConfig(data: 'builtin' | 'hub', tasks: readonly (typeof SIX_TASKS)[number][] = SIX_TASKS, points: { spec: string; params: { sparsity: number } }[] = []) {
  return labRunConfigSchema.parse({
    model: { kind: 'builtin', id: 'kick-tiny' },
    device: 'wasm',
    kernels: 'webgpu',
    dense: points.length === 0,
    points,
    calibration: { source: 'c4', nsamples: 2, seqlen: 32 },
    tasks: { ids: [...tasks], suite: 'kick', data, limit: 1 },
  });
}

async function builtinHashes(): Promise<Map<string, string>> {
  const manifest = (await (await realFetch('/datasets/manifest.json')).json()) as { files: { path: string; sha256: string }[] };
  return new Map(manifest.files.map((f) => [f.path, f.sha256]));
}

// MMLU alone is 57 questions (one per subject) with 5-shot prompts: about a minute on 2 cores.
describe('lab run on the built-in LLM-KICK data sets, hub blocked', { timeout: 420_000 }, () => {
  it('evaluates the six tasks on kick-tiny without asking the hub, recording each file and its hash', async () => {
    const summary = await runLab(kickConfig('builtin'), await browserLabEnvironment(), () => {}, new AbortController().signal);
    expect(summary.errors).toEqual([]);
    expect(hubRequests).toEqual([]);
    expect(summary.points.map((p) => p.label)).toEqual(['dense']);
    const hashOf = await builtinHashes();
    const record = runRecordSchema.parse(summary.points[0].record);
    expect(record.suite.map((s) => s.task)).toEqual([...SIX_TASKS]);
    expect(record.scores.map((s) => s.task)).toEqual([...SIX_TASKS]);
    for (const entry of record.suite) {
      expect(entry.source).toBe('builtin:public/datasets');
      expect(entry.files!.length).toBeGreaterThan(0);
      for (const f of entry.files!) expect(f.sha256, f.path).toBe(hashOf.get(f.path));
    }
    expect(record.scores.find((s) => s.task === 'mcr')!.strict.count).toBe(57);
    expect(record.perplexity).toBeGreaterThan(1);
  });

  it('calibrates wanda on the built-in C4 sample', async () => {
    const summary = await runLab(kickConfig('builtin', ['perplexity'], [{ spec: 'wanda', params: { sparsity: 0.5 } }]), await browserLabEnvironment(), () => {}, new AbortController().signal);
    expect(summary.errors).toEqual([]);
    expect(hubRequests).toEqual([]);
    expect(summary.points.map((p) => p.label)).toEqual(['wanda 50%']);
    expect(summary.points[0].record.calibration?.dataset).toBe('c4');
    expect(summary.points[0].layers.length).toBeGreaterThan(0);
    // At least half of each weight is zero (kick-tiny has a few zeros of its own).
    for (const l of summary.points[0].layers) expect(l.achievedSparsity, l.module).toBeGreaterThanOrEqual(0.5);
  });

  it('with the hub chosen, names each data set that could not be loaded', async () => {
    const summary = await runLab(kickConfig('hub'), await browserLabEnvironment(), () => {}, new AbortController().signal);
    expect(hubRequests.length).toBeGreaterThan(0);
    const dataErrors = summary.errors.filter((e) => e.stage === 'data');
    expect(dataErrors.map((e) => e.where).sort()).toEqual(['cnn_stories', 'freebaseqa', 'mmlu', 'triviaqa', 'vicuna_bench', 'wikitext2']);
    for (const e of dataErrors) expect(e.message).toMatch(new RegExp(`^data set "${e.where}"`));
  });
});
