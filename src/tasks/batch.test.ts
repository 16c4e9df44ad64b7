import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { forEachChunk } from './batch.ts';
import { kickworldSets } from './kickworld-suite.ts';
import type { GenerateOptions, LanguageModel } from './language-model.ts';
import type { TaskId, TaskResult } from './result.ts';
import { runSuite, type SuiteConfig } from './suite.ts';

const suitePath = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../public'), 'kickworld/suite.json');
const { sets } = kickworldSets(JSON.parse(readFileSync(suitePath, 'utf8')));
const TASKS: TaskId[] = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'];

/** A deterministic answer per prompt, varied enough that hits and misses both occur. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
const words = ['Paris', 'A', ' B', ' C', '1877', 'blue', 'the drum', 'Tredour Trading', '- one\n- two', 'YES'];
const reply = (prompt: string, opts: GenerateOptions) => `${words[hash(prompt) % words.length]} ${opts.maxNewTokens}`;
const score = (context: string, continuation: string) => -(hash(context + continuation) % 1000) / 100;

function scripted(batchSize?: number) {
  // A short context: some prompts are cut or skipped, and those paths must batch alike too.
  return new ScriptedModel({ contextLength: 300, reply, score, windows: (text, window) => [{ nll: text.length / window, tokens: window - 1 }], batchSize });
}

const withoutTiming = (results: TaskResult[]) => results.map(({ timingMs: _, ...rest }) => rest);

async function runAll(model: LanguageModel, progress?: string[], signal?: AbortSignal) {
  const cfg: SuiteConfig = {
    tasks: TASKS,
    sizes: { factoid: 20, mcrPerSubject: 3, icr: 14, summarizationPerBucket: 5, instructionPerCategory: 3, perplexityChars: 'full', perplexityWindows: 4 },
    signal,
    onProgress: progress && ((task, done, total) => progress.push(`${task} ${done}/${total}`)),
  };
  return runSuite(model, sets, cfg);
}

describe('tasks in batches', () => {
  it('give the same results, records in the same order, at every batch size', async () => {
    const one = await runAll(scripted());
    expect(one.failures).toEqual([]);
    expect(one.results.map((r) => r.task)).toEqual(TASKS);
    expect(one.results.find((r) => r.task === 'icr_open')!.truncated + one.results.find((r) => r.task === 'factoid')!.skipped.oversized).toBeGreaterThan(0);
    for (const size of [1, 3, 8]) {
      const model = scripted(size);
      const run = await runAll(model);
      expect(withoutTiming(run.results)).toEqual(withoutTiming(one.results));
      expect(run.suite).toEqual(one.suite);
      if (size === 1) expect(model.batchCalls).toEqual([]);
      else {
        expect(model.batchCalls.length).toBeGreaterThan(0);
        expect(Math.max(...model.batchCalls.map((c) => c.size))).toBe(size);
      }
    }
  });

  it('asks the same generations and scores of the model, in the same order', async () => {
    const a = scripted(1);
    const b = scripted(8);
    await runAll(a);
    await runAll(b);
    // The early-end checks are closures made per call: compared by what they answer, not by identity.
    const plain = (calls: typeof a.generateCalls) => calls.map(({ prompt, opts: { settled, ...opts } }) => ({ prompt, opts, settledOnEmpty: settled?.('') }));
    expect(plain(b.generateCalls)).toEqual(plain(a.generateCalls));
    expect(b.scoreCalls).toEqual(a.scoreCalls);
  });

  it('reports progress and can be cancelled between chunks', async () => {
    const single: string[] = [];
    await runAll(scripted(1), single);
    const chunked: string[] = [];
    await runAll(scripted(8), chunked);
    // Every chunk's start at batch 8 is a step of the one-at-a-time progress.
    expect(chunked.every((p) => single.includes(p))).toBe(true);
    expect(chunked.filter((p) => p.startsWith('factoid'))).toEqual(['factoid 0/21', 'factoid 8/21', 'factoid 16/21', 'factoid 21/21']);

    const controller = new AbortController();
    const model = scripted(8);
    const seen: string[] = [];
    const run = runAll(model, seen, controller.signal);
    // Abort once the first chunk has been asked for: the second chunk is never sent.
    const origin = model.generateBatch.bind(model);
    model.generateBatch = async (requests) => {
      controller.abort();
      return origin(requests);
    };
    await expect(run).rejects.toThrow(/abort/i);
    expect(model.batchCalls).toEqual([{ kind: 'generate', size: 8 }]);
  });

  it('falls back to one call per example when the model has no batched methods', async () => {
    const inner = scripted();
    const plain: LanguageModel = {
      contextLength: inner.contextLength,
      batchSize: 8,
      countTokens: (t) => inner.countTokens(t),
      generate: (p, o) => inner.generate(p, o),
      score: (c, k) => inner.score(c, k),
      perplexityWindows: inner.perplexityWindows,
    };
    const run = await runAll(plain);
    expect(withoutTiming(run.results)).toEqual(withoutTiming((await runAll(scripted())).results));
  });

  it('walks chunks of the batch size with a checkpoint before each and at the end', async () => {
    const seen: Array<[number, number]> = [];
    const chunks: Array<[number, string[]]> = [];
    await forEachChunk({ batchSize: 2 } as LanguageModel, ['a', 'b', 'c', 'd', 'e'], { onProgress: (d, t) => seen.push([d, t]) }, async (chunk, start) => {
      chunks.push([start, chunk]);
    });
    expect(chunks).toEqual([
      [0, ['a', 'b']],
      [2, ['c', 'd']],
      [4, ['e']],
    ]);
    expect(seen).toEqual([
      [0, 5],
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });
});
