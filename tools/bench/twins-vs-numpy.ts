// npm-less CLI: `npx tsx tools/bench/twins-vs-numpy.ts [--rows 2048 --cols 2048 --tokens 2048]`.
// Times the SparseGPT and GPTQ TypeScript twins (the CPU fallback) against SparseGPT in numpy on
// the machine's BLAS (tools/bench/sparsegpt_numpy.py), interleaved round by round so that load
// from other processes falls on both alike; medians, a table on stdout and JSON under bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { gptqQuantize } from '../../src/compress/reference/gptq.ts';
import { sparsegptPrune } from '../../src/compress/reference/sparsegpt.ts';
import { StatsTwin } from '../../src/compress/reference/stats.ts';
import { activations, randn } from '../../src/compress/synthetic.ts';

interface Shape {
  rows: number;
  cols: number;
  tokens: number;
  seqlen: number;
}

interface NumpyRun {
  numpy: string;
  blas: string;
  python: string;
  sparsity: number;
  seconds: { hessian: number; prepare: number; prune: number; total: number; cpu: number };
}

interface Stages {
  hessian: number;
  obs: number;
  total: number;
  /** CPU seconds (all threads): wall time is what the targets compare, this shows the load. */
  cpu: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function hessianOf(x: Float32Array, shape: Shape): Float32Array {
  const acc = new StatsTwin(shape.cols, ['hessian']);
  for (let t0 = 0; t0 < shape.tokens; t0 += shape.seqlen) {
    acc.add(x.subarray(t0 * shape.cols, Math.min(shape.tokens, t0 + shape.seqlen) * shape.cols), 1);
  }
  const h = acc.finish().hessian;
  if (!h) throw new Error('StatsTwin returned no Hessian');
  return h;
}

/** One timed twin run: the Hessian from the calibration rows, then the OBS method (seconds). */
function timeTwin(method: 'sparsegpt' | 'gptq', w: Float32Array, x: Float32Array, shape: Shape): Stages {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const h = hessianOf(x, shape);
  const t1 = performance.now();
  if (method === 'sparsegpt') {
    sparsegptPrune(w, shape.rows, shape.cols, h, { sparsity: 0.5, pattern: 'unstructured', damp: 0.01, blocksize: 128 });
  } else {
    gptqQuantize(w, shape.rows, shape.cols, h, { bits: 4, group: 128, sym: false, actOrder: false, damp: 0.01, blocksize: 128 });
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return { hessian: (t1 - t0) / 1000, obs: (t2 - t1) / 1000, total: (t2 - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function runNumpy(python: string, shape: Shape, warmup: number): NumpyRun {
  const args = ['tools/bench/sparsegpt_numpy.py', '--rows', `${shape.rows}`, '--cols', `${shape.cols}`];
  args.push('--tokens', `${shape.tokens}`, '--seqlen', `${shape.seqlen}`, '--repeats', '1', '--warmup', `${warmup}`);
  const out = execFileSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as NumpyRun;
}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '2048' },
      cols: { type: 'string', default: '2048' },
      tokens: { type: 'string', default: '2048' },
      seqlen: { type: 'string', default: '512' },
      rounds: { type: 'string', default: '3' },
      python: { type: 'string', default: '/usr/bin/python3' },
      label: { type: 'string', default: '' },
      out: { type: 'string' },
    },
  });
  const shape: Shape = {
    rows: positive('rows', values.rows),
    cols: positive('cols', values.cols),
    tokens: positive('tokens', values.tokens),
    seqlen: positive('seqlen', values.seqlen),
  };
  const rounds = positive('rounds', values.rounds);
  const w = randn(shape.rows * shape.cols, 7, 0.02);
  const x = activations(shape.tokens, shape.cols, 8);

  // JIT warm-up on a small layer, so the first timed round is not the one that compiles.
  const small: Shape = { rows: 128, cols: 256, tokens: 256, seqlen: 128 };
  timeTwin('sparsegpt', randn(128 * 256, 1, 0.02), activations(256, 256, 2), small);
  timeTwin('gptq', randn(128 * 256, 1, 0.02), activations(256, 256, 2), small);

  const numpyRuns: NumpyRun[] = [];
  const twinRuns: Record<'sparsegpt' | 'gptq', Stages[]> = { sparsegpt: [], gptq: [] };
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`round ${r + 1}/${rounds}: numpy...`);
    numpyRuns.push(runNumpy(values.python, shape, r === 0 ? 1 : 0));
    process.stderr.write(' sparsegpt twin...');
    twinRuns.sparsegpt.push(timeTwin('sparsegpt', w, x, shape));
    process.stderr.write(' gptq twin...\n');
    twinRuns.gptq.push(timeTwin('gptq', w, x, shape));
  }

  const numpy = {
    hessian: median(numpyRuns.map((n) => n.seconds.hessian)),
    obs: median(numpyRuns.map((n) => n.seconds.prepare + n.seconds.prune)),
    total: median(numpyRuns.map((n) => n.seconds.total)),
    cpu: median(numpyRuns.map((n) => n.seconds.cpu)),
  };
  const summary = (runs: Stages[]) => ({
    hessian: median(runs.map((s) => s.hessian)),
    obs: median(runs.map((s) => s.obs)),
    total: median(runs.map((s) => s.total)),
    cpu: median(runs.map((s) => s.cpu)),
  });
  const sparsegpt = summary(twinRuns.sparsegpt);
  const gptq = summary(twinRuns.gptq);
  const rows = [
    { name: 'SparseGPT, numpy', ...numpy, ratio: 1, target: null },
    { name: 'SparseGPT twin', ...sparsegpt, ratio: sparsegpt.total / numpy.total, target: 3 },
    { name: 'GPTQ twin (4-bit, g128)', ...gptq, ratio: gptq.total / numpy.total, target: 4.5 },
  ];

  const header = ['run', 'hessian', 'prepare + OBS', 'total', 'x numpy', 'target', 'cpu time'];
  const table = rows.map((r) => [
    r.name,
    `${r.hessian.toFixed(2)} s`,
    `${r.obs.toFixed(2)} s`,
    `${r.total.toFixed(2)} s`,
    `${r.ratio.toFixed(2)}x`,
    r.target === null ? '-' : `<= ${r.target}x ${r.ratio <= r.target ? 'met' : 'missed'}`,
    `${r.cpu.toFixed(2)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${shape.rows}x${shape.cols}, ${shape.tokens} calibration rows, median of ${rounds} interleaved rounds\n`);
  process.stdout.write(`${line(header)}\n|${widths.map((wd) => '-'.repeat(wd + 2)).join('|')}|\n`);
  for (const t of table) process.stdout.write(`${line(t)}\n`);

  mkdirSync('bench/results', { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = values.out ?? `bench/results/twins-vs-numpy-${values.label ? `${values.label}-` : ''}${stamp}.json`;
  const first = numpyRuns[0];
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memBytes: totalmem(), node: process.version, loadavg: loadavg() };
  const baseline = { numpy: first.numpy, blas: first.blas, python: first.python };
  writeFileSync(out, `${JSON.stringify({ bench: 'twins-vs-numpy', label: values.label, shape, rounds, machine, baseline, rows, numpyRuns, twinRuns }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

await main();
