import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatasetsServer, type DatasetsServer } from '../../test/servers/datasets-server.ts';
import { DatasetLoadError } from './datasets/errors.ts';
import { kickworldSets, loadKickworld } from './kickworld-suite.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { runSuite } from './suite.ts';

const publicDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../public');
const suitePath = join(publicDir, 'kickworld/suite.json');
const hasSuite = existsSync(suitePath);

interface SuiteFile {
  version: string;
  tasks: {
    factoid: { prompt: string; answers: string[] }[];
    mcr: { prompt: string; answer: string }[];
    icrClosed: { prompt: string; answers: string[] }[];
    icrOpen: { prompt: string; answers: string[] }[];
    summarization: { prompt: string; reference: string }[];
    instruction: { prompt: string; reference: string }[];
  };
}

describe('built-in KICK-world suite', () => {
  let server: DatasetsServer | null = null;
  beforeAll(async () => {
    if (hasSuite) server = await startDatasetsServer({ staticDir: publicDir });
  });
  afterAll(() => server?.close());

  it.skipIf(!hasSuite)('runs every task on prompts identical to the suite file; a model that knows the answers scores 1', async () => {
    const raw = JSON.parse(readFileSync(suitePath, 'utf8')) as SuiteFile;
    const { version, sets } = await loadKickworld(`${server!.url}/static/kickworld/suite.json`);
    expect(version).toBe(raw.version);
    const fileHash = createHash('sha256').update(readFileSync(suitePath)).digest('hex');
    for (const set of Object.values(sets)) expect(set!.files).toEqual([{ path: 'kickworld/suite.json', sha256: fileHash }]);
    // An oracle: the suite's own answer for each prompt it knows.
    const answers = new Map<string, string>();
    for (const q of raw.tasks.factoid) answers.set(q.prompt, q.answers[0]);
    for (const q of raw.tasks.mcr) answers.set(q.prompt, ` ${q.answer}`);
    for (const q of [...raw.tasks.icrClosed, ...raw.tasks.icrOpen]) answers.set(q.prompt, ` ${q.answers[0]}\n`);
    for (const q of [...raw.tasks.summarization, ...raw.tasks.instruction]) answers.set(q.prompt, q.reference);
    const model = new ScriptedModel({
      contextLength: 4096,
      reply: (p) => answers.get(p) ?? 'UNKNOWN PROMPT',
      score: (ctx, cont) => (answers.get(ctx) === cont ? 0 : -3),
      perplexity: () => 3,
    });
    const run = await runSuite(model, sets, { tasks: ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'], sizes: 'full' });
    expect(run.failures).toEqual([]);
    const unknown = model.generateCalls.filter((c) => !answers.has(c.prompt));
    expect(unknown.map((c) => c.prompt.slice(0, 80))).toEqual([]);
    const score = Object.fromEntries(run.results.map((r) => [r.task, [r.kick.value, r.strict.value]]));
    expect(score.factoid[1]).toBe(1);
    expect(score.mcr).toEqual([1, 1]);
    expect(score.icr_closed).toEqual([1, 1]);
    expect(score.icr_open).toEqual([1, 1]);
    // Summaries and instructions are scored by their checks, as fractions, with no judge needed.
    for (const task of ['summarization', 'instruction'] as const) {
      const r = run.results.find((x) => x.task === task)!;
      expect(r.metrics.rougeL).toBe(1);
      expect([r.kick.value, r.strict.value]).toEqual([1, 1]);
      expect([r.kick.scale, r.strict.scale]).toEqual(['fraction', 'fraction']);
      expect(r.kick.count).toBe(task === 'summarization' ? raw.tasks.summarization.length : raw.tasks.instruction.length);
    }
    expect(run.results.find((r) => r.task === 'perplexity')!.kick.value).toBeCloseTo(3, 12);
    expect(run.suite.map((s) => s.dataset)).toEqual([
      'kickworld/factoid',
      'kickworld/mcr',
      'kickworld/icr',
      'kickworld/icr',
      'kickworld/summarization',
      'kickworld/instruction',
      'kickworld/perplexity',
    ]);
    expect(run.suite[0].count).toBe(raw.tasks.factoid.length);
    expect(run.suite[0].source).toBe(`kickworld:${raw.version}`);
  });

  it('names the suite when its shape changed', () => {
    expect(() => kickworldSets({ name: 'kickworld', version: 'x', tasks: {} })).toThrow(DatasetLoadError);
    expect(() => kickworldSets({ name: 'kickworld', version: 'x', tasks: {} })).toThrow(/data set "kickworld": changed shape at suite.json: tasks.factoid/);
  });
});
