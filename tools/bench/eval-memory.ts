// npm run bench:eval -- --memory: the memory a lab run holds, per stage. One run in a dedicated
// worker of headless Chromium (as the app runs it; tools/lab/lab-bench.worker.ts) evaluates the
// dense model and two compressed points (magnitude 50%, wanda 50%, so that calibration runs) on
// perplexity, while Node samples the heaps of the page and the worker through the Chrome DevTools
// Protocol (Runtime.getHeapUsage: usedSize is the JS heap, backingStorageSize the ArrayBuffers and
// wasm memories behind it) and the worker reports the GPU buffers the lab's kernels hold
// (src/gpu/memory.ts). Each sample is charged to the stage the run last reported.
// --memory-model kick-tiny | smollm2-360m-shapes (a random Llama of SmolLM2-360M's shapes,
// generated into a temporary folder and removed afterwards); --dense-storage auto | memory (auto:
// the origin-private file system where the worker has it).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright';
import { buildTinyModel } from '../../test/models/tiny-models.ts';
import { writeRepo } from '../../test/models/write-repo.ts';
import { LabHarness } from '../lab/harness.ts';
import type { KickRunner, LabRunOptions } from '../lab/runner-protocol.ts';
import type { GpuMemoryStats } from '../../src/gpu/memory.ts';
import type { LabEvent, LabRunInput, LabRunSummary } from '../../src/worker/lab-protocol.ts';

export type MemoryModel = 'kick-tiny' | 'smollm2-360m-shapes';

export interface StagePeak {
  /** 'load', 'dense session', 'evaluate dense', then per point 'calibrate', 'compress', 'compressed session', 'evaluate'. */
  stage: string;
  point: string;
  samples: number;
  /** Largest JS heap (usedSize), backing storage and their sum seen in the stage, in bytes. */
  heapUsed: number;
  backingStorage: number;
  total: number;
  /** total over the page's own before the run started, divided by the fp32 weight bytes. */
  ratio: number;
  /** Largest resident memory of the renderer processes in the stage (page, worker, ORT's wasm memory: all of it). */
  rendererRss: number;
  /** Largest heap + backing storage left after a full garbage collection when the stage ended (what it kept alive). */
  liveAfterGc: number;
  /** Peak bytes of the kernels' GPU buffers in the stage (src/gpu/memory.ts's accounting). */
  gpuPeak: number;
}

export interface MemoryReport {
  model: MemoryModel;
  /** Bytes of the model's fp32 external data. */
  weightBytes: number;
  denseStorage: { asked: string; used: LabRunSummary['denseWeights'] };
  /** What the page held before the run (the runner, ORT, transformers.js). */
  baseline: { heapUsed: number; backingStorage: number; total: number };
  peak: { total: number; ratio: number; stage: string; gpuPeak: number | null };
  /** Resident memory of the renderer processes: before the run, at its peak, and the rise over the fp32 weight bytes. */
  rendererRss: { before: number; peak: number; ratio: number; stage: string } | null;
  /** The largest heap left after a collection at a stage's end, and its ratio as for `peak`. */
  peakLive: { total: number; ratio: number; stage: string };
  stages: StagePeak[];
  errors: string[];
  sampler: string;
  ms: number;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
  backingStorageSize?: number;
}

const KICK_TINY = 'public/models/kick-tiny';

/** SmolLM2-360M: hidden 960, MLP 2560, 32 layers, 15 heads of 64, 5 KV heads, vocab 49152, tied embeddings. */
function writeSmolLm2Shapes(dir: string): void {
  writeRepo(
    dir,
    buildTinyModel('llama', {
      seed: 360,
      dims: { vocab: 49152, hidden: 960, heads: 15, headDim: 64, intermediate: 2560, layers: 32, maxPositions: 512 },
      spec: { tiedEmbeddings: true, kvHeads: () => 5 },
    }),
  );
}

function dataBytes(dir: string): number {
  const onnx = join(dir, 'onnx');
  return readdirSync(onnx)
    .filter((f) => f.includes('.onnx_data'))
    .reduce((s, f) => s + statSync(join(onnx, f)).size, 0);
}

function stageOf(event: Extract<LabEvent, { type: 'progress' }>['progress']): { stage: string; point: string } {
  const point = event.point < 0 ? 'dense' : event.label;
  switch (event.stage) {
    case 'download':
    case 'index':
    case 'data':
      return { stage: 'load', point: '-' };
    case 'load':
      return { stage: event.detail === 'dense model' ? 'dense session' : event.detail === 'compressed model' ? 'compressed session' : 'load', point: event.detail === 'dense model' ? 'dense' : point };
    case 'evaluate':
      return { stage: event.point < 0 ? 'evaluate dense' : 'evaluate', point };
    default:
      return { stage: event.stage, point };
  }
}

function runConfig(model: MemoryModel, baseUrl: string): LabRunInput {
  const perplexity = { ids: ['perplexity' as const], sizes: { perplexity: 2 }, ...(model === 'kick-tiny' ? {} : { suite: 'kick' as const }) };
  return {
    model: model === 'kick-tiny' ? { kind: 'builtin', id: 'kick-tiny' } : { kind: 'url', baseUrl },
    device: 'wasm',
    kernels: 'auto',
    dense: true,
    batchSize: 1,
    calibration: { source: 'builtin', nsamples: 4, seqlen: 64, seed: 0, mode: 'one-shot' },
    points: [
      { spec: 'magnitude', params: { sparsity: 0.5 }, schedule: 'uniform' },
      { spec: 'wanda', params: { sparsity: 0.5 }, schedule: 'uniform' },
    ],
    tasks: perplexity,
  };
}

/**
 * The heaps of the runner page and of its dedicated workers (the lab worker), through one CDP
 * session on the page: workers are auto-attached and asked over Target.sendMessageToTarget. A
 * worker answers between its tasks, so a sample waits while the run is in a long one.
 */
class HeapSampler {
  private readonly workers = new Set<string>();
  private readonly pending = new Map<number, (reply: { result?: unknown }) => void>();
  private nextId = 1;

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const sampler = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') sampler.workers.add(e.sessionId);
    });
    cdp.on('Target.detachedFromTarget', (e) => {
      if (e.sessionId) sampler.workers.delete(e.sessionId);
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const reply = JSON.parse(e.message) as { id?: number; result?: unknown };
      if (reply.id !== undefined) sampler.pending.get(reply.id)?.(reply);
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return sampler;
  }

  /** Sum over the page and its workers; a worker that does not answer in 60 s counts as 0. */
  async usage(): Promise<HeapUsage> {
    const page = (await this.cdp.send('Runtime.getHeapUsage')) as HeapUsage;
    const workers = await Promise.all([...this.workers].map((w) => this.inWorker<HeapUsage>(w, 'Runtime.getHeapUsage')));
    return [page, ...workers].reduce<HeapUsage>(
      (sum, h) => (h ? { usedSize: sum.usedSize + h.usedSize, totalSize: sum.totalSize + h.totalSize, backingStorageSize: (sum.backingStorageSize ?? 0) + (h.backingStorageSize ?? 0) } : sum),
      { usedSize: 0, totalSize: 0, backingStorageSize: 0 },
    );
  }

  async collectGarbage(): Promise<void> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    await Promise.all([...this.workers].map((w) => this.inWorker(w, 'HeapProfiler.collectGarbage')));
  }

  private inWorker<T>(sessionId: string, method: string): Promise<T | null> {
    const id = this.nextId++;
    return new Promise<T | null>((resolve) => {
      const timer = setTimeout(() => settle(null), 60_000);
      const settle = (value: T | null) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(value);
      };
      this.pending.set(id, (reply) => settle((reply.result as T | undefined) ?? null));
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => settle(null));
    });
  }

  async detach(): Promise<void> {
    await this.cdp.detach();
  }
}

/**
 * Resident memory of the browser's renderer processes (Linux /proc), which hold the page, the lab
 * worker and ORT's threads: everything, wasm memory included (a SharedArrayBuffer when ORT runs on
 * several threads, which backingStorageSize leaves out). Null where /proc is not there.
 */
function rendererRss(profileDir: string): number | null {
  if (!existsSync('/proc/self/status')) return null;
  const procs = new Map<number, { ppid: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      procs.set(pid, { ppid, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  const browser = [...procs].find(([, p]) => p.cmd.includes(`--user-data-dir=${profileDir}`) && !p.cmd.includes('--type='))?.[0];
  if (browser === undefined) return null;
  const descends = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid; p !== undefined && p > 1; p = procs.get(p)?.ppid) if (p === browser) return true;
    return false;
  };
  let bytes = 0;
  for (const [pid, p] of procs) {
    if (!p.cmd.includes('--type=renderer') || !descends(pid)) continue;
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      bytes += Number(kb ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return bytes;
}

/** Samples until `done` settles. */
async function sampleUntil(sampler: HeapSampler, done: Promise<unknown>, onSample: (heap: HeapUsage) => void): Promise<void> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  while (!finished) {
    onSample(await sampler.usage());
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function measureMemory(model: MemoryModel, denseStorage: NonNullable<LabRunOptions['denseStorage']>): Promise<MemoryReport> {
  let temp: string | null = null;
  let dir = KICK_TINY;
  if (model === 'smollm2-360m-shapes') {
    temp = mkdtempSync(join(tmpdir(), 'kick-bench-memory-'));
    process.stderr.write(`generating a random model of SmolLM2-360M's shapes in ${temp}...\n`);
    writeSmolLm2Shapes(temp);
    dir = temp;
  }
  const weightBytes = dataBytes(dir);
  const harness = await LabHarness.start({ diskProfile: true });
  try {
    const page = await harness.page();
    const baseUrl = harness.folder(dir);
    let current = { stage: 'load', point: '-' };
    const stages = new Map<string, StagePeak>();
    const rowOf = (): StagePeak => {
      const key = `${current.point}\u0000${current.stage}`;
      let row = stages.get(key);
      if (!row) stages.set(key, (row = { stage: current.stage, point: current.point, samples: 0, heapUsed: 0, backingStorage: 0, total: 0, ratio: 0, rendererRss: 0, liveAfterGc: 0, gpuPeak: 0 }));
      return row;
    };
    let gpuPeak: number | null = null;
    await page.exposeFunction('kickLabEvent', (e: LabEvent, gpu: GpuMemoryStats | null) => {
      // The GPU peak since the previous event belongs to the stage that was running.
      if (gpu) {
        const row = rowOf();
        row.gpuPeak = Math.max(row.gpuPeak, gpu.peakBytes);
        gpuPeak = Math.max(gpuPeak ?? 0, gpu.peakBytes);
      }
      if (e.type !== 'progress') return;
      const next = stageOf(e.progress);
      if (next.stage !== current.stage || next.point !== current.point) {
        // What the ending stage keeps alive: a full collection, then the heap (charged when it answers).
        const ended = rowOf();
        void liveAfterGc().then((live) => (ended.liveAfterGc = Math.max(ended.liveAfterGc, live)));
      }
      current = next;
    });
    const sampler = await HeapSampler.attach(page);
    const liveAfterGc = async (): Promise<number> => {
      await sampler.collectGarbage();
      const heap = await sampler.usage();
      return heap.usedSize + (heap.backingStorageSize ?? 0);
    };
    await sampler.collectGarbage();
    const before = await sampler.usage();
    if (before.backingStorageSize === undefined) process.stderr.write('this Chromium reports no backingStorageSize: ArrayBuffers and wasm memory are not counted\n');
    const baseline = { heapUsed: before.usedSize, backingStorage: before.backingStorageSize ?? 0, total: before.usedSize + (before.backingStorageSize ?? 0) };
    const t0 = performance.now();
    process.stderr.write(`running ${model} (${(weightBytes / 2 ** 20).toFixed(1)} MiB of fp32 weights), dense weights ${denseStorage}...\n`);
    const run = page.evaluate(([config, options]) => (window as unknown as { kickRunner: KickRunner }).kickRunner.runLab(config, options), [runConfig(model, baseUrl), { denseStorage, gpuPeaks: true, inWorker: true }] as const);
    const profile = harness.profileDir;
    const rssBefore = profile ? rendererRss(profile) : null;
    await sampleUntil(sampler, run, (heap) => {
      const backing = heap.backingStorageSize ?? 0;
      const total = heap.usedSize + backing;
      const row = rowOf();
      row.samples++;
      row.rendererRss = Math.max(row.rendererRss, (profile ? rendererRss(profile) : null) ?? 0);
      row.heapUsed = Math.max(row.heapUsed, heap.usedSize);
      row.backingStorage = Math.max(row.backingStorage, backing);
      row.total = Math.max(row.total, total);
      row.ratio = (row.total - baseline.total) / weightBytes;
    });
    const summary = await run;
    await liveAfterGc().then((live) => (rowOf().liveAfterGc = Math.max(rowOf().liveAfterGc, live)));
    await sampler.detach();
    const rows = [...stages.values()];
    const top = rows.reduce((a, b) => (b.total > a.total ? b : a), rows[0]);
    const topLive = rows.reduce((a, b) => (b.liveAfterGc > a.liveAfterGc ? b : a), rows[0]);
    const topRss = rows.reduce((a, b) => (b.rendererRss > a.rendererRss ? b : a), rows[0]);
    return {
      model,
      weightBytes,
      denseStorage: { asked: denseStorage, used: summary.denseWeights ?? null },
      baseline,
      peak: { total: top.total, ratio: top.ratio, stage: `${top.point} ${top.stage}`, gpuPeak },
      rendererRss: rssBefore === null ? null : { before: rssBefore, peak: topRss.rendererRss, ratio: (topRss.rendererRss - rssBefore) / weightBytes, stage: `${topRss.point} ${topRss.stage}` },
      peakLive: { total: topLive.liveAfterGc, ratio: (topLive.liveAfterGc - baseline.total) / weightBytes, stage: `${topLive.point} ${topLive.stage}` },
      stages: rows,
      errors: summary.errors.map((e) => `${e.stage}${e.where ? ` (${e.where})` : ''}: ${e.message}`),
      sampler: 'CDP Runtime.getHeapUsage of the runner page plus its dedicated lab worker (auto-attached) every 50 ms between their tasks (usedSize + backingStorageSize); at each stage end also after HeapProfiler.collectGarbage',
      ms: performance.now() - t0,
    };
  } finally {
    await harness.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)}`;

export function memoryTable(r: MemoryReport): string {
  const lines = [
    `${r.model}: ${mib(r.weightBytes)} MiB of fp32 weights; dense weights asked ${r.denseStorage.asked}, kept ${r.denseStorage.used ? `${r.denseStorage.used.storage} (${r.denseStorage.used.reason})` : 'nowhere (the run failed before)'}`,
    `page before the run: JS heap ${mib(r.baseline.heapUsed)} MiB + backing storage ${mib(r.baseline.backingStorage)} MiB`,
    '| point | stage | samples | peak JS heap MiB | peak backing MiB | peak total MiB | (total - before) / weights | live after GC MiB | renderer RSS MiB | GPU buffers MiB |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.stages.map((s) => `| ${s.point} | ${s.stage} | ${s.samples} | ${mib(s.heapUsed)} | ${mib(s.backingStorage)} | ${mib(s.total)} | ${s.ratio.toFixed(2)}x | ${mib(s.liveAfterGc)} | ${mib(s.rendererRss)} | ${mib(s.gpuPeak)} |`),
    `peak: ${mib(r.peak.total)} MiB in ${r.peak.stage}, ${r.peak.ratio.toFixed(2)}x the fp32 weight bytes over the page's own (target <= 2.2x); GPU buffers peak ${r.peak.gpuPeak === null ? '-' : `${mib(r.peak.gpuPeak)} MiB`}`,
    r.rendererRss
      ? `renderer processes (resident, wasm memory included): ${mib(r.rendererRss.before)} MiB before, peak ${mib(r.rendererRss.peak)} MiB in ${r.rendererRss.stage}, a rise of ${r.rendererRss.ratio.toFixed(2)}x the fp32 weight bytes`
      : 'renderer processes: not measured here (no /proc)',
    `live after GC at a stage's end: at most ${mib(r.peakLive.total)} MiB (${r.peakLive.stage}), ${r.peakLive.ratio.toFixed(2)}x`,
    ...r.errors.map((e) => `error: ${e}`),
  ];
  return `${lines.join('\n')}\n`;
}
