// npm run bench:compress: the kernel suite (src/compress/bench/suite.ts) on headless Chromium's
// adapter: the copy and matrix-product baselines, then every kernel's rate and its fraction of
// the baseline, and ONNX Runtime Web's WebGPU MatMul on each shape as a peer row ("ORT WebGPU
// MatMul (peer)"), all in one run; a table on stdout and JSON under bench/results/.
//   --shapes 256x512 (default, minutes on SwiftShader) | llm (4096x4096, 11008x4096, 4096x11008)
//            | hub (the curated hub models' q/k/v/o/gate/up/down shapes, 19 of them) | RxC,RxC
//   --runs 5 --warmup 1 --tokens 128 --only "mask apply,SparseGPT 50%"
// With --methods: every method end to end on a 4096x4096 layer (and 11008x4096 for magnitude,
// wanda and rtn), calibration statistics from --seqs x --seqlen tokens (the authors' 128 x 512 by
// default) then the method, WebGPU against the TypeScript twins in Node, with peak memory.
//   --shape RxC runs every method at that one shape instead (an emulated adapter cannot finish
//   the 4096-wide OBS methods with 65,536 calibration tokens in hours); --quick is 1024-wide
//   layers with 8 x 64 tokens.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { adapterLabel, formatFraction, formatMs, formatRate, type KernelBenchReport } from '../../src/compress/bench/report.ts';
import { parseShapes, QUICK_SHAPES } from '../../src/compress/bench/shapes.ts';
import type { Backend, CompressParams } from '../../src/compress/types.ts';
import { LabHarness } from '../lab/harness.ts';
import type { JobReport, KickRunner, SyntheticJobRequest } from '../lab/runner-protocol.ts';
import type * as SyntheticJob from '../lab/synthetic-job.ts';

interface BenchCase {
  spec: string;
  params: CompressParams;
  rows: number;
  cols: number;
}

const SQUARE = { rows: 4096, cols: 4096 };
const MLP = { rows: 11008, cols: 4096 };

const CASES: BenchCase[] = [
  { spec: 'magnitude', params: { sparsity: 0.5 }, ...SQUARE },
  { spec: 'magnitude', params: { sparsity: 0.5 }, ...MLP },
  { spec: 'magnitude', params: { pattern: { n: 2, m: 4 } }, ...SQUARE },
  { spec: 'wanda', params: { sparsity: 0.5 }, ...SQUARE },
  { spec: 'wanda', params: { sparsity: 0.5 }, ...MLP },
  { spec: 'sparsegpt', params: { sparsity: 0.5 }, ...SQUARE },
  { spec: 'rtn', params: { bits: 4, group: 128 }, ...SQUARE },
  { spec: 'rtn', params: { bits: 4, group: 128 }, ...MLP },
  { spec: 'gptq', params: { bits: 4, group: 128 }, ...SQUARE },
  { spec: 'awq', params: { bits: 4, group: 128 }, ...SQUARE },
  { spec: 'int8', params: { threshold: 6 }, ...SQUARE },
  { spec: 'wanda+rtn', params: { sparsity: 0.5, bits: 4, group: 128 }, ...SQUARE },
];

interface Row {
  spec: string;
  params: CompressParams;
  shape: string;
  backend: Backend;
  statsMs: number | null;
  ms: number | null;
  peakBytes: number | null;
  peakKind: 'gpu buffers' | 'process rss';
  relErr: number | null;
  sparsity: number | null;
  error?: string;
}

/** Peak resident memory of this process since the last reset (Linux). */
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not permitted: the reading then covers the whole process life
  }
}

function peakRss(): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const mib = (b: number | null) => (b === null ? '-' : `${(b / 2 ** 20).toFixed(0)} MiB`);
const ms = (v: number | null) => (v === null ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);

function positiveInt(name: string, text: string | undefined, min = 1): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${text}`);
  return n;
}

function printTable(header: string[], table: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const t of table) process.stdout.write(`${line(t)}\n`);
}

async function kernelSuite(values: { shapes?: string; runs?: string; warmup?: string; tokens?: string; only?: string; out?: string }): Promise<void> {
  const shapes = values.shapes ? parseShapes(values.shapes) : QUICK_SHAPES;
  const req = {
    shapes,
    runs: positiveInt('runs', values.runs ?? '5'),
    warmup: positiveInt('warmup', values.warmup ?? '1', 0),
    tokens: positiveInt('tokens', values.tokens ?? '128'),
    ...(values.only ? { only: values.only.split(',').map((k) => k.trim()) } : {}),
  };
  const harness = await LabHarness.start();
  let report: KernelBenchReport;
  try {
    const page = await harness.page();
    await page.exposeFunction('kickBenchProgress', (label: string) => process.stderr.write(`running ${label}...\n`));
    report = await page.evaluate((r) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runKernelBench(r), req);
  } finally {
    await harness.close();
  }
  const { copy, matmul } = report.baselines;
  process.stdout.write(`adapter: ${adapterLabel(report.adapter)}; timer: ${copy.timer}; median of ${report.runs} runs after ${report.warmup} warm-up\n`);
  process.stdout.write(`baselines: ${copy.label} ${formatRate(copy.rate, 'bandwidth')} (${formatMs(copy.ms)}), ${matmul.label} ${formatRate(matmul.rate, 'compute')} (${formatMs(matmul.ms)})\n\n`);
  printTable(
    ['kernel', 'shape', 'scope', 'time', 'rate', 'of baseline', 'timer'],
    report.rows.map((r) => [
      r.kernel,
      r.shape,
      r.scope,
      r.error ? `failed: ${r.error.slice(0, 50)}` : formatMs(r.ms),
      formatRate(r.rate, r.bound),
      `${formatFraction(r.fraction)} of ${r.bound === 'bandwidth' ? 'copy' : 'matmul'}`,
      r.timer,
    ]),
  );
  mkdirSync('bench/results', { recursive: true });
  const out = values.out ?? `bench/results/kernels-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memBytes: totalmem(), node: process.version };
  writeFileSync(out, `${JSON.stringify({ bench: 'kernels', machine, ...report }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      methods: { type: 'boolean' },
      shapes: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      tokens: { type: 'string' },
      only: { type: 'string' },
      backend: { type: 'string' },
      seqs: { type: 'string', default: '128' },
      seqlen: { type: 'string', default: '512' },
      quick: { type: 'boolean' },
      shape: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.methods) return kernelSuite(values);
  const quick = values.quick ?? false;
  const seqs = quick ? 8 : positiveInt('seqs', values.seqs);
  const seqlen = quick ? 64 : positiveInt('seqlen', values.seqlen);
  const backends = (values.backend ? [values.backend] : ['webgpu', 'cpu']) as Backend[];
  const filter = values.only?.split(',');
  const only = values.shape ? parseShapes(values.shape) : null;
  if (only && only.length !== 1) throw new Error(`--shape takes one RxC shape, got "${values.shape}"`);
  const cases = CASES.filter((c) => !filter || filter.includes(c.spec))
    .filter((c, i, all) => !only || all.findIndex((d) => d.spec === c.spec && JSON.stringify(d.params) === JSON.stringify(c.params)) === i)
    .map((c) => (only ? { ...c, ...only[0] } : quick ? { ...c, rows: Math.min(c.rows, 1024), cols: Math.min(c.cols, 1024) } : c));

  const harness = await LabHarness.start();
  const rows: Row[] = [];
  try {
    const twin = backends.includes('cpu') ? await harness.ssr<typeof SyntheticJob>('/tools/lab/synthetic-job.ts') : null;
    const page = backends.includes('webgpu') ? await harness.page() : null;
    for (const c of cases) {
      for (const backend of backends) {
        const req: SyntheticJobRequest = { ...c, backend, tokens: seqs * seqlen, seqlen, seed: 7 };
        const label = `${c.spec} ${c.rows}x${c.cols} ${backend}`;
        process.stderr.write(`running ${label}...\n`);
        let report: JobReport | null = null;
        let error: string | undefined;
        try {
          if (backend === 'webgpu' && page) {
            report = await page.evaluate((r) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runSyntheticJob(r), req);
          } else if (twin) {
            resetPeakRss();
            report = await twin.runSyntheticJob(req, () => null);
            report.peakGpuBytes = null;
          }
        } catch (e) {
          error = (e as Error).message.split('\n')[0];
          process.stderr.write(`  failed: ${error}\n`);
        }
        rows.push({
          spec: c.spec,
          params: c.params,
          shape: `${c.rows}x${c.cols}`,
          backend,
          statsMs: report?.statsMs ?? null,
          ms: report?.report.ms ?? null,
          peakBytes: backend === 'webgpu' ? (report?.peakGpuBytes ?? null) : report ? peakRss() : null,
          peakKind: backend === 'webgpu' ? 'gpu buffers' : 'process rss',
          relErr: report?.report.relErr ?? null,
          sparsity: report?.report.sparsity ?? null,
          ...(error ? { error } : {}),
        });
      }
    }
  } finally {
    await harness.close();
  }

  // stats + compress: what a layer costs from its calibration activations to its compressed weight.
  const header = ['method', 'shape', 'backend', 'stats', 'compress', 'layer total', 'peak memory', 'rel. err', 'sparsity'];
  printTable(
    header,
    rows.map((r) => [
      r.spec,
      r.shape,
      r.backend,
      ms(r.statsMs),
      r.error ? `failed: ${r.error.slice(0, 40)}` : ms(r.ms),
      r.ms === null ? '-' : ms((r.statsMs ?? 0) + r.ms),
      `${mib(r.peakBytes)} (${r.peakKind})`,
      r.relErr === null ? '-' : r.relErr.toFixed(4),
      r.sparsity === null ? '-' : r.sparsity.toFixed(4),
    ]),
  );

  mkdirSync('bench/results', { recursive: true });
  const out = values.out ?? `bench/results/compress-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memBytes: totalmem(), node: process.version };
  writeFileSync(out, `${JSON.stringify({ bench: 'compress', calibration: { seqs, seqlen }, quick, machine, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

await main();
