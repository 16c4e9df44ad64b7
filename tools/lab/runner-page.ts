// The page behind tools/lab/harness.ts: runs layer jobs on WebGPU (or the twins) in Chromium.
import { runLayerJob } from '../../src/compress/layer-job.ts';
import { acquireGpu, gpuMemory, resetPeak } from '../../src/gpu/index.ts';
import type { GpuMemoryStats } from '../../src/gpu/memory.ts';
import type { LabBenchMessage } from './lab-bench.worker.ts';
import type { EvalBenchReport, EvalBenchRequest, FileJobRequest, GenerateCheckReport, JobReport, KernelBenchRequest, KickRunner, LabRunOptions, SyntheticJobRequest } from './runner-protocol.ts';
import { runKernelSuite } from '../../src/compress/bench/suite.ts';
import { runSyntheticJob } from './synthetic-job.ts';
import { browserLabEnvironment } from '../../src/worker/lab-env.ts';
import { labRunConfigSchema, type LabEvent, type LabRunInput, type LabRunSummary } from '../../src/worker/lab-protocol.ts';
import { runLab } from '../../src/worker/lab-run.ts';

async function fetchF32(url: string): Promise<Float32Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not read ${url}: HTTP ${response.status}`);
  return new Float32Array(await response.arrayBuffer());
}

async function startPeak(): Promise<() => number> {
  const gpu = await acquireGpu();
  resetPeak(gpu.device);
  const base = gpuMemory(gpu.device).liveBytes;
  return () => gpuMemory(gpu.device).peakBytes - base;
}

/** A lab run in a dedicated worker, as the app runs it (lab-bench.worker.ts); the worker ends with the run. */
function runLabInWorker(input: LabRunInput, options: LabRunOptions, onEvent: (e: LabEvent, gpu: GpuMemoryStats | null) => void): Promise<LabRunSummary> {
  const worker = new Worker(new URL('./lab-bench.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<LabRunSummary>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<LabBenchMessage>) => {
      const m = e.data;
      if (m.type === 'event') onEvent(m.event, m.gpu);
      else if (m.type === 'done') resolve(m.summary);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => reject(new Error(`the lab worker failed: ${e.message}`));
    worker.postMessage({ input, options });
  }).finally(() => worker.terminate());
}

const runner: KickRunner = {
  async runFileJob(req: FileJobRequest): Promise<JobReport> {
    const peak = req.backend === 'webgpu' ? await startPeak() : null;
    const weight = { data: await fetchF32(req.weightUrl), rows: req.rows, cols: req.cols };
    const calib = req.calib ? { x: await fetchF32(req.calib.url), tokens: req.calib.tokens, seqlen: req.calib.seqlen } : null;
    const { result, outputErr, statsMs } = await runLayerJob({ ...req, weight, calib });
    if (req.outUrl) {
      const posted = await fetch(req.outUrl, { method: 'POST', body: new Blob([result.weight as Float32Array<ArrayBuffer>]) });
      if (!posted.ok) throw new Error(`could not write the output: HTTP ${posted.status}`);
    }
    return { report: result.report, outputErr, statsMs, peakGpuBytes: peak ? peak() : null };
  },

  async runSyntheticJob(req: SyntheticJobRequest): Promise<JobReport> {
    const peak = req.backend === 'webgpu' ? await startPeak() : null;
    return runSyntheticJob(req, () => (peak ? peak() : null));
  },

  async runKernelBench(req: KernelBenchRequest) {
    const progress = (window as unknown as { kickBenchProgress?: (label: string) => void }).kickBenchProgress;
    const { ortPeerCases } = await import('../../src/model/bench/ort-matmul.ts');
    return runKernelSuite(await acquireGpu(), { ...req, peers: await ortPeerCases(), onProgress: (label) => progress?.(label) });
  },

  async runEvalBench(req: EvalBenchRequest): Promise<EvalBenchReport> {
    // Loaded on demand: the compression jobs do not need transformers.js in the page.
    const { runEvalBench } = await import('../bench/eval-runtime.ts');
    return runEvalBench(req);
  },

  async runLab(input: LabRunInput, options: LabRunOptions = {}): Promise<LabRunSummary> {
    const sink = (window as unknown as { kickLabEvent?: (e: LabEvent, gpu: GpuMemoryStats | null) => void }).kickLabEvent;
    if (options.inWorker) return runLabInWorker(input, options, (e, gpu) => sink?.(e, gpu));
    const config = labRunConfigSchema.parse(input);
    const env = { ...(await browserLabEnvironment()), ...(options.denseStorage ? { denseStorage: options.denseStorage } : {}) };
    return runLab(config, env, (e) => sink?.(e, null), new AbortController().signal);
  },

  async runGenerateCheck(input: Omit<LabRunInput, 'tasks'>, prompt: string, maxNewTokens: number): Promise<GenerateCheckReport> {
    const { runGenerateCheck } = await import('./generate-check.ts');
    return runGenerateCheck(labRunConfigSchema.omit({ tasks: true }).parse(input), await browserLabEnvironment(), prompt, maxNewTokens);
  },
};

(window as unknown as { kickRunner: KickRunner }).kickRunner = runner;
