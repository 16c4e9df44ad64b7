// npm run bench:eval: evaluation throughput of the model runtime in headless Chromium on ORT's
// wasm EP: examples per second of the KICK tasks (factoid, MCR, open-book ICR, perplexity) at
// batch 1 and at the chosen batch size (--batch N to set it), then forward passes and examples per
// second for greedy generation and for 4-way scoring with and without the shared-context reuse,
// against plain transformers.js calls per example. --threads N sets ORT's wasm threads (default:
// the runtime's rule, src/model/evaluate/ort-assets.ts). kick-tiny from public/models/ when it is there
// (the task rows need it), else a random tiny Llama of similar size. Tables on stdout and JSON
// under bench/results/. --memory measures memory instead (eval-memory.ts says how).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTinyModel } from '../../test/models/tiny-models.ts';
import { writeRepo } from '../../test/models/write-repo.ts';
import { LabHarness } from '../lab/harness.ts';
import { measureMemory, memoryTable } from './eval-memory.ts';
import type { Page } from 'playwright';
import type { LabRunInput } from '../../src/worker/lab-protocol.ts';
import type { EvalBenchReport, EvalBenchRequest, KickRunner } from '../lab/runner-protocol.ts';

const KICK_TINY = 'public/models/kick-tiny';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

interface CompressTime {
  spec: string;
  label: string;
  layers: number;
  ms: number;
  backend: string;
  error?: string;
}

const COMPRESS_POINTS: Array<{ spec: string; params: Record<string, unknown> }> = [
  { spec: 'magnitude', params: { sparsity: 0.5 } },
  { spec: 'wanda', params: { sparsity: 0.5 } },
  { spec: 'sparsegpt', params: { sparsity: 0.5 } },
  { spec: 'rtn', params: { bits: 4, group: 128 } },
  { spec: 'gptq', params: { bits: 4, group: 128 } },
  // llm-awq needs the group to divide every input width: kick-tiny's down_proj reads 688 = 16 x 43.
  { spec: 'awq', params: { bits: 4, group: 16 } },
  { spec: 'int8', params: {} },
  { spec: 'wanda+rtn', params: { sparsity: 0.5, bits: 4, group: 128 } },
];

/** Time to calibrate (16 windows of 128 tokens) and compress kick-tiny with each method, via the lab run. */
async function compressTimes(page: Page): Promise<CompressTime[]> {
  const rows: CompressTime[] = [];
  for (const point of COMPRESS_POINTS) {
    process.stderr.write(`compressing kick-tiny with ${point.spec}...\n`);
    const summary = await page.evaluate(
      (config) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runLab(config),
      { model: { kind: 'builtin', id: 'kick-tiny' }, device: 'wasm', kernels: 'webgpu', dense: false, points: [{ ...point, schedule: 'uniform' }], tasks: { ids: ['perplexity'], limit: 1 } } as LabRunInput,
    );
    const done = summary.points[0];
    rows.push({
      spec: point.spec,
      label: done?.label ?? point.spec,
      layers: done?.layers.length ?? 0,
      ms: done?.record.timings.compressMs ?? 0,
      backend: done?.layers[0]?.backend ?? '-',
      ...(done ? {} : { error: summary.errors[0]?.message ?? 'no result' }),
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      examples: { type: 'string', default: '16' },
      'new-tokens': { type: 'string', default: '16' },
      'context-words': { type: 'string', default: '150' },
      'task-examples': { type: 'string', default: '32' },
      batch: { type: 'string', default: 'auto' },
      threads: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      'no-compress': { type: 'boolean' },
      memory: { type: 'boolean' },
      'memory-model': { type: 'string', default: 'kick-tiny' },
      'dense-storage': { type: 'string', default: 'auto' },
    },
  });
  if (values.memory) {
    await memoryBench(values['memory-model'], values['dense-storage'], values.out);
    return;
  }
  const useKickTiny = values.model !== 'tiny' && existsSync(join(KICK_TINY, 'onnx/model.onnx'));
  let dir = KICK_TINY;
  let temp: string | null = null;
  if (!useKickTiny) {
    if (values.model !== 'tiny') process.stderr.write(`${KICK_TINY}/onnx/model.onnx is absent: benchmarking a random tiny Llama instead\n`);
    temp = mkdtempSync(join(tmpdir(), 'kick-bench-eval-'));
    // About kick-tiny's size (4 layers, hidden 256): the figures then compare.
    writeRepo(temp, buildTinyModel('llama', { seed: 3, dims: { vocab: 2048, hidden: 256, heads: 4, headDim: 64, intermediate: 688, layers: 4, maxPositions: 512 } }));
    dir = temp;
  }
  // Other work on the machine slows both columns; the load beside the figures says how much there was.
  const loadBefore = loadavg();
  const harness = await LabHarness.start();
  let report: EvalBenchReport;
  let compressRows: CompressTime[] = [];
  try {
    const files: Record<string, string> = {};
    for (const path of listFiles(dir)) files[relative(dir, path)] = harness.input(path);
    const req: EvalBenchRequest = {
      model: useKickTiny ? 'kick-tiny' : 'random tiny llama (4 x 256)',
      files,
      onnxFile: 'onnx/model.onnx',
      device: 'wasm',
      examples: Number(values.examples),
      newTokens: Number(values['new-tokens']),
      contextWords: Number(values['context-words']),
      // KICK-world questions are about kick-tiny's world: the task rows need kick-tiny.
      suiteUrl: useKickTiny ? '/kickworld/suite.json' : null,
      taskExamples: Number(values['task-examples']),
      batchSize: values.batch === 'auto' ? null : Number(values.batch),
      threads: values.threads === 'auto' ? null : Number(values.threads),
    };
    if (req.threads !== null && !(Number.isInteger(req.threads) && req.threads >= 1)) throw new Error(`--threads must be "auto" or an integer >= 1, got "${values.threads}"`);
    if (req.batchSize !== null && !(Number.isInteger(req.batchSize) && req.batchSize >= 1)) throw new Error(`--batch must be "auto" or an integer >= 1, got "${values.batch}"`);
    const page = await harness.page();
    process.stderr.write(`running on ${req.model}, ${req.examples} examples per method...\n`);
    report = await page.evaluate((r) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runEvalBench(r), req);
    const threads = await page.evaluate(() => ({ crossOriginIsolated: globalThis.crossOriginIsolated, cores: navigator.hardwareConcurrency }));
    Object.assign(report, { page: threads, request: { ...req, files: Object.keys(req.files) } });
    if (useKickTiny && !values['no-compress']) compressRows = await compressTimes(page);
  } finally {
    await harness.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }

  const loadAfter = loadavg();
  process.stdout.write(`${cpus().length} cores, load average (1 min) ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after\n`);
  process.stdout.write(`ORT wasm EP: ${report.wasmThreads?.reason ?? 'threads unknown'}\n\n`);
  const tasks = report.tasks;
  if (tasks) {
    process.stdout.write(`${report.model} on ${report.device}: the KICK tasks on KICK-world at batch 1 and ${tasks.batchSize} (${tasks.batchReason}), ${tasks.rounds} rounds alternated\n`);
    // The fastest the linear layers alone ran: no row can process tokens faster.
    const ceiling = report.ceiling?.length ? Math.max(...report.ceiling.map((c) => c.tokensPerSec)) : null;
    const head = ['task', 'batch', 'token cap', 'shared starts', 'examples', 'passes', 'tokens', 'time', 'examples/s', 'speed-up', 'tokens/s', 'of ceiling'];
    const body = tasks.rows.map((r) => {
      const one = tasks.rows.find((o) => o.task === r.task && o.batchSize === 1)!;
      const tokensPerSec = r.tokens / (r.ms / 1000);
      return [
        r.task,
        String(r.batchSize),
        r.tokenCap,
        r.batchSize === 1 ? '-' : r.prefixSharing ? 'yes' : 'no',
        String(r.examples),
        String(r.forwardPasses),
        String(r.tokens),
        `${(r.ms / 1000).toFixed(2)} s`,
        r.examplesPerSec.toFixed(2),
        `${(r.examplesPerSec / one.examplesPerSec).toFixed(2)}x`,
        tokensPerSec.toFixed(0),
        ceiling === null ? '-' : `${((100 * tokensPerSec) / ceiling).toFixed(0)}%`,
      ];
    });
    const w = head.map((h, i) => Math.max(h.length, ...body.map((t) => t[i].length)));
    const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
    process.stdout.write(`${fmt(head)}\n|${w.map((n) => '-'.repeat(n + 2)).join('|')}|\n`);
    for (const t of body) process.stdout.write(`${fmt(t)}\n`);
    for (const a of tasks.agreement) {
      process.stdout.write(`${a.task}: ${a.differingOutputs} outputs differ from batch 1's, largest score difference ${a.maxScoreDiff.toExponential(2)}\n`);
    }
    process.stdout.write('\n');
  }
  if (report.ceiling?.length) {
    process.stdout.write(`ceiling: the decoder's linear layers alone, one MatMul per shape on the same EP and threads (${(report.ceiling[0].flopsPerToken / 1e6).toFixed(2)} MFLOP per token)\n`);
    process.stdout.write(`| rows per MatMul | GFLOP/s | tokens/s |\n|---|---|---|\n`);
    for (const c of report.ceiling) process.stdout.write(`| ${c.rows} | ${c.gflops.toFixed(1)} | ${c.tokensPerSec.toFixed(0)} |\n`);
    process.stdout.write('\n');
  }

  const header = ['task', 'method', 'examples', 'passes', 'tokens', 'time', 'in passes', 'passes/s', 'examples/s'];
  const table = report.rows.map((r) => [
    r.task,
    r.method,
    String(r.examples),
    String(r.forwardPasses),
    String(r.tokens),
    `${(r.ms / 1000).toFixed(2)} s`,
    r.forwardMs === null ? '-' : `${(r.forwardMs / 1000).toFixed(2)} s`,
    r.passesPerSec.toFixed(1),
    r.examplesPerSec.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${report.model} on ${report.device}, scoring contexts of ${report.contextTokens} tokens\n`);
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const t of table) process.stdout.write(`${line(t)}\n`);
  const score = report.rows.filter((r) => r.task === 'score4');
  const reuse = score.find((r) => r.method.includes('shared'));
  const noReuse = score.find((r) => r.method.includes('no reuse'));
  const plain = score.find((r) => r.method.includes('transformers.js'));
  if (reuse && noReuse && plain) {
    process.stdout.write(
      `\nscoring: shared context once is ${(reuse.examplesPerSec / noReuse.examplesPerSec).toFixed(2)}x the batched pass without reuse, ` +
        `${(reuse.examplesPerSec / plain.examplesPerSec).toFixed(2)}x one transformers.js call per continuation; ` +
        `largest log-likelihood difference between the methods ${report.maxScoreDiff.toExponential(2)}\n`,
    );
  }
  process.stdout.write(`generation: ${report.generateMismatches} of ${report.rows[0].examples} greedy texts differ from model.generate\n`);

  if (compressRows.length > 0) {
    process.stdout.write(`\ncalibrate + compress kick-tiny (every decoder linear), kernels on WebGPU (${compressRows[0].backend}):\n`);
    process.stdout.write(`| method | point | layers | calibrate + compress |\n|---|---|---|---|\n`);
    for (const r of compressRows) process.stdout.write(`| ${r.spec} | ${r.label} | ${r.layers} | ${r.error ?? `${(r.ms / 1000).toFixed(2)} s`} |\n`);
  }

  mkdirSync('bench/results', { recursive: true });
  const out = values.out ?? `bench/results/eval-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memBytes: totalmem(), node: process.version, loadAverage: { before: loadBefore, after: loadAfter } };
  writeFileSync(out, `${JSON.stringify({ bench: 'eval', machine, ...report, compress: compressRows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

/** --memory: peak JS heap and GPU memory per stage of one lab run (eval-memory.ts). */
async function memoryBench(model: string, storage: string, out: string | undefined): Promise<void> {
  if (model !== 'kick-tiny' && model !== 'smollm2-360m-shapes') throw new Error(`--memory-model must be kick-tiny or smollm2-360m-shapes, got "${model}"`);
  if (storage !== 'auto' && storage !== 'memory') throw new Error(`--dense-storage must be auto or memory, got "${storage}"`);
  const report = await measureMemory(model, storage);
  process.stdout.write(memoryTable(report));
  mkdirSync('bench/results', { recursive: true });
  const path = out ?? `bench/results/eval-memory-${model}-${storage}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memBytes: totalmem(), node: process.version };
  writeFileSync(path, `${JSON.stringify({ bench: 'eval-memory', machine, ...report }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path}\n`);
}

await main();
