// The model card's "finding" table: kick-tiny's score on every KICK-world task at the card's
// compression points, measured with the lab's own runner (the lab worker's code in headless
// Chromium: WGSL kernels, wasm evaluation).
//
//   npx tsx tools/train-kick-tiny/finding.ts [--limit N] [--out FILE.json]
//
// Prints a Markdown table (strict scores; kick scores in brackets where they differ) and writes
// the whole summary as JSON.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { labRunConfigSchema, type LabEvent, type LabRunSummary } from '../../src/worker/lab-protocol.ts';
import { LabHarness } from '../lab/harness.ts';
import type { KickRunner } from '../lab/runner-protocol.ts';

const TASKS = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'summarization', 'instruction', 'perplexity'] as const;

const POINTS = [
  { spec: 'magnitude', params: { sparsity: 0.3 } },
  { spec: 'magnitude', params: { sparsity: 0.5 } },
  { spec: 'magnitude', params: { sparsity: 0.7 } },
  { spec: 'wanda', params: { sparsity: 0.5 } },
  { spec: 'magnitude', params: { pattern: { n: 2, m: 4 } } },
  { spec: 'rtn', params: { bits: 8 } },
  { spec: 'rtn', params: { bits: 4 } },
  { spec: 'rtn', params: { bits: 3 } },
  { spec: 'rtn', params: { bits: 2 } },
];

function cell(score: { kick: { value: number | null }; strict: { value: number | null } } | undefined, task: string): string {
  if (!score || score.strict.value === null) return '-';
  if (task === 'perplexity') return score.strict.value.toFixed(1);
  const strict = `${(100 * score.strict.value).toFixed(0)}%`;
  const kick = score.kick.value === null ? null : `${(100 * score.kick.value).toFixed(0)}%`;
  return kick && kick !== strict ? `${strict} (${kick})` : strict;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { limit: { type: 'string', default: '50' }, out: { type: 'string', default: 'tools/train-kick-tiny/finding.json' } } });
  const config = labRunConfigSchema.parse({
    model: { kind: 'builtin', id: 'kick-tiny' },
    device: 'wasm',
    kernels: 'webgpu',
    points: POINTS,
    calibration: { source: 'builtin', nsamples: 32, seqlen: 256 },
    tasks: { ids: [...TASKS], suite: 'kickworld', limit: Number(values.limit) },
  });
  const harness = await LabHarness.start();
  let summary: LabRunSummary;
  try {
    const page = await harness.page();
    await page.exposeFunction('kickLabEvent', (e: LabEvent) => {
      if (e.type === 'point') process.stderr.write(`${e.result.label} done\n`);
      if (e.type === 'error') process.stderr.write(`${e.error.stage} ${e.error.where ?? ''}: ${e.error.message}\n`);
    });
    summary = await page.evaluate((c) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runLab(c), config);
  } finally {
    await harness.close();
  }
  writeFileSync(values.out, `${JSON.stringify({ limit: Number(values.limit), points: summary.points.map((p) => ({ label: p.label, record: p.record })), errors: summary.errors }, null, 1)}\n`);
  const labels = summary.points.map((p) => p.label);
  const lines = [`| task | ${labels.join(' | ')} |`, `|---|${labels.map(() => '---').join('|')}|`];
  for (const task of TASKS) {
    lines.push(`| ${task} | ${summary.points.map((p) => cell(p.record.scores.find((s) => s.task === task), task)).join(' | ')} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (summary.errors.length) process.stderr.write(`${summary.errors.length} errors: see ${values.out}\n`);
}

await main();
