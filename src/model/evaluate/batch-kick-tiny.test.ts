import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSuite, kickworldBatchTexts } from '../../../test/model/batch-suite.ts';
import { runFactoid } from '../../tasks/factoid.ts';
import { runIcr } from '../../tasks/icr.ts';
import { kickworldSets } from '../../tasks/kickworld-suite.ts';
import { runMcr } from '../../tasks/mcr.ts';
import type { ExampleRecord, TaskResult } from '../../tasks/result.ts';
import { makePatchable } from '../weights/patchable.ts';
import { createModelSession, type ModelSession } from './model-session.ts';
import { SessionLanguageModel } from './session-language-model.ts';

/**
 * kick-tiny on onnxruntime-node: batched against one-at-a-time evaluation, and the tasks' records
 * at batch 1 and 8 on KICK-world. Skipped where public/models/kick-tiny is absent.
 */
const publicDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../public');
const modelDir = join(publicDir, 'models/kick-tiny');
const present = existsSync(join(modelDir, 'onnx/model.onnx')) && existsSync(join(publicDir, 'kickworld/suite.json'));

function readTree(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return files;
}

/** Records equal but for the log-likelihoods, which may differ in the last float bits. */
function expectSameRecords(a: ExampleRecord[], b: ExampleRecord[]): void {
  expect(b.map((r) => [r.id, r.prompt, r.output, r.targets, r.notes])).toEqual(a.map((r) => [r.id, r.prompt, r.output, r.targets, r.notes]));
  a.forEach((r, i) => {
    const other = b[i].scores;
    expect(Object.keys(other)).toEqual(Object.keys(r.scores));
    for (const [k, v] of Object.entries(r.scores)) {
      if (k.startsWith('ll_')) expect(Math.abs((other[k] as number) - (v as number))).toBeLessThan(1e-4);
      else expect(other[k]).toBe(v);
    }
  });
}

function expectSameResult(a: TaskResult, b: TaskResult): void {
  expectSameRecords(a.examples, b.examples);
  expect([b.kick, b.strict, b.groups, b.skipped, b.truncated]).toEqual([a.kick, a.strict, a.groups, a.skipped, a.truncated]);
}

describe.skipIf(!present)('kick-tiny', () => {
  let session: ModelSession;
  const suite = present ? JSON.parse(readFileSync(join(publicDir, 'kickworld/suite.json'), 'utf8')) : null;
  beforeAll(async () => {
    const files = readTree(modelDir);
    const patchable = makePatchable(files, 'onnx/model.onnx');
    session = await createModelSession(patchable, patchable.master, { files, device: 'wasm' });
  });
  afterAll(() => session?.dispose());
  if (present) batchSuite('batched', () => session, kickworldBatchTexts(suite));

  it('chooses the most wasm takes for a model this small', () => {
    const lm = new SessionLanguageModel(session);
    expect(lm.batchSize).toBe(16);
    expect(lm.batchReason).toMatch(/the most on wasm/);
    expect(() => new SessionLanguageModel(session, { batchSize: 0 })).toThrow(/integer >= 1/);
  });

  it('gives factoid, MCR and open-book records identical at batch 1 and batch 8', async () => {
    const { sets } = kickworldSets(suite);
    const one = new SessionLanguageModel(session, { batchSize: 1 });
    const eight = new SessionLanguageModel(session, { batchSize: 8 });
    const factoid = sets.freebaseqa!.data.slice(0, 20);
    const mcr = sets.mmlu!.data.test.slice(0, 16);
    const open = sets.triviaqa!.data.filter((r) => r.wiki_context).slice(0, 12);
    const a = [await runFactoid(one, factoid, { numExamples: 19 }), await runMcr(one, mcr, [])];
    const b = [await runFactoid(eight, factoid, { numExamples: 19 }), await runMcr(eight, mcr, [])];
    // Short factoid prompts share passes; MCR reads its letter and its scores off one pass.
    expect(eight.counters.forwardPasses).toBeLessThan(one.counters.forwardPasses / 3);
    // The factoid instruction, MMLU's header and each subject's shots were computed once and reused.
    expect(eight.prefixes!.size).toBeGreaterThanOrEqual(3);
    expect(eight.counters.tokens).toBeLessThan(one.counters.tokens / 2);
    // Open-book prompts of ~300 tokens, in one pass whatever their lengths (left padding), and at
    // the default tokens per pass.
    const wide = new SessionLanguageModel(session, { batchSize: 8, maxPassTokens: Infinity });
    a.push(await runIcr(one, open, { openBook: true }));
    b.push(await runIcr(wide, open, { openBook: true }));
    a.forEach((r, i) => expectSameResult(r, b[i]));
    expectSameResult(a[2], await runIcr(eight, open, { openBook: true }));
    // kick-tiny knows KICK-world: the records are not all misses.
    expect(a[0].kick.value).toBeGreaterThan(0.5);
    expect(a[2].kick.value).toBeGreaterThan(0.5);
  });
});

if (!present) it.skip('kick-tiny: public/models/kick-tiny or public/kickworld/suite.json is absent, its checks are skipped', () => {});
