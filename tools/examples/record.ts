// npx tsx tools/examples/record.ts [--only paper|quant] [--out DIR]
// Records the Results page's example sweeps: runs each one through the lab's own pipeline (the
// code the lab worker runs, in headless Chromium through tools/lab/harness.ts) and turns the
// worker's results into sweep points with the app's runner (src/state/sweep-runner.ts), then
// writes the validated sweep as JSON, as the Results page's export does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { sweepToJson } from '../../src/state/export.ts';
import { finalStatus, runSweepPoints, type WorkerRunner } from '../../src/state/sweep-runner.ts';
import { planPoints, pointKey, SWEEP_SCHEMA_ID, SWEEP_VERSION, type Sweep } from '../../src/state/sweep.ts';
import type { LabEvent } from '../../src/worker/lab-protocol.ts';
import { LabHarness } from '../lab/harness.ts';
import type { KickRunner } from '../lab/runner-protocol.ts';
import { exampleDefinitions, type ExampleDefinition } from './example-configs.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE = 'usage: npx tsx tools/examples/record.ts [--only paper|quant] [--out DIR]';

function parseArgs(argv: string[]): { only: string | null; out: string } {
  let only: string | null = null;
  let out = join(root, 'public');
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if ((flag === '--only' || flag === '--out') && value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === '--only') only = value;
    else if (flag === '--out') out = resolve(value);
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
    i++;
  }
  const ids = exampleDefinitions().map((d) => d.example.id);
  if (only !== null && !ids.includes(only as ExampleDefinition['example']['id'])) throw new Error(`--only takes one of ${ids.join(', ')}`);
  return { only, out };
}

/**
 * The lab worker's part played by the harness page. Events cross from the page through an exposed
 * function; a run's promise may settle before its last point's event is handled, so the runner
 * waits for as many point events as the summary reports.
 */
async function harnessRunner(page: Page): Promise<WorkerRunner> {
  let listener: ((e: LabEvent) => void) | null = null;
  let pointEvents = 0;
  await page.exposeFunction('kickLabEvent', (e: LabEvent) => {
    if (e.type === 'point') pointEvents++;
    listener?.(e);
  });
  return async (input, onEvent) => {
    listener = onEvent;
    pointEvents = 0;
    const summary = await page.evaluate((config) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runLab(config), input);
    const deadline = Date.now() + 30_000;
    while (pointEvents < summary.points.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (pointEvents < summary.points.length) throw new Error(`the run finished ${summary.points.length} points, but only ${pointEvents} arrived`);
    return summary;
  };
}

function progressLine(label: string, stage: string, detail: string, percent: number): string {
  return `  [${label}] ${stage} ${detail} ${percent.toFixed(0)}%`;
}

async function record(def: ExampleDefinition, runner: WorkerRunner): Promise<Sweep> {
  const at = new Date().toISOString();
  const sweep: Sweep = { schema: SWEEP_SCHEMA_ID, version: SWEEP_VERSION, id: def.sweepId, name: def.name, createdAt: at, updatedAt: at, status: 'running', error: null, config: def.config, points: [] };
  const plan = planPoints(def.config);
  let lastLine = '';
  const outcome = await runSweepPoints({
    sweep,
    points: plan,
    calibrationText: null,
    runner,
    sink: null,
    signal: new AbortController().signal,
    callbacks: {
      onProgress(p) {
        // Stage changes and every 25%, not every layer.
        const line = progressLine(p.label, p.stage, '', Math.floor(p.percent / 25) * 25);
        if (line !== lastLine) process.stderr.write(`${progressLine(p.label, p.stage, p.detail, p.percent)}\n`);
        lastLine = line;
      },
      onPoint(_s, point) {
        const scores = point.record.scores.map((s) => `${s.task} ${s.kick.value?.toFixed(3) ?? '-'}`).join(', ');
        process.stderr.write(`  [${point.key}] done: ${scores}\n`);
      },
      onError(e) {
        process.stderr.write(`  [${e.pointLabel}] failed in ${e.stage}${e.where ? ` at ${e.where}` : ''}: ${e.message}\n`);
      },
      onSaveError() {},
    },
  });
  const { status, error } = finalStatus(outcome, plan.length);
  if (status !== 'finished') throw new Error(`${def.example.file}: the run ended ${status}${error ? ` (${error})` : ''}; nothing written`);
  // Plan order (dense first), whatever order the points arrived in.
  const byKey = new Map(outcome.sweep.points.map((p) => [p.key, p]));
  const points = plan.map((spec) => byKey.get(pointKey(spec))!);
  return { ...outcome.sweep, points, status, error, updatedAt: points[points.length - 1].finishedAt };
}

async function main(): Promise<void> {
  const { only, out } = parseArgs(process.argv.slice(2));
  const defs = exampleDefinitions().filter((d) => only === null || d.example.id === only);
  const harness = await LabHarness.start();
  try {
    const runner = await harnessRunner(await harness.page());
    for (const def of defs) {
      const t0 = Date.now();
      process.stderr.write(`${def.example.file}: ${planPoints(def.config).length} points\n`);
      const sweep = await record(def, runner);
      const file = join(out, def.example.file);
      mkdirSync(dirname(file), { recursive: true });
      const text = `${sweepToJson(sweep)}\n`;
      writeFileSync(file, text);
      process.stderr.write(`${def.example.file}: written, ${(text.length / 1024).toFixed(0)} kB, ${((Date.now() - t0) / 1000).toFixed(0)} s, backend ${sweep.points[0].record.device.backend}\n`);
    }
  } finally {
    await harness.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
