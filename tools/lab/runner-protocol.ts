import type { Backend, CompressParams, CompressReport } from '../../src/compress/types.ts';
import type { KernelBenchReport } from '../../src/compress/bench/report.ts';
import type { BenchShape } from '../../src/compress/bench/shapes.ts';
import type { LabRunInput, LabRunSummary } from '../../src/worker/lab-protocol.ts';
import type { EvalBenchReport, EvalBenchRequest } from '../bench/eval-runtime.ts';

export type { EvalBenchReport, EvalBenchRequest };

/** A layer compression driven from Node: inputs fetched from the harness, output posted back. */
export interface FileJobRequest {
  spec: string;
  params: CompressParams;
  backend: Backend;
  rows: number;
  cols: number;
  weightUrl: string;
  calib: { url: string; tokens: number; seqlen: number } | null;
  evalTokens: number;
  outUrl: string | null;
}

export interface JobReport {
  report: CompressReport;
  outputErr: number | null;
  statsMs: number;
  /** Peak bytes of GPU buffers alive during the job (WebGPU backend). */
  peakGpuBytes: number | null;
}

/** A benchmark job on a synthetic layer generated where it runs (no 100 MB transfers). */
export interface SyntheticJobRequest {
  spec: string;
  params: CompressParams;
  backend: Backend;
  rows: number;
  cols: number;
  tokens: number;
  seqlen: number;
  seed: number;
}

/** The kernel benchmark suite on the page's adapter (src/compress/bench/suite.ts). */
export interface KernelBenchRequest {
  shapes: BenchShape[];
  tokens: number;
  runs: number;
  warmup: number;
  only?: string[];
}

/** One greedy continuation: the model it came from ('dense' or the point's label), its tokens and text. */
export interface GeneratedText {
  label: string;
  ids: number[];
  text: string;
}

export interface GenerateCheckReport {
  model: string;
  device: string;
  prompt: string;
  /** The prompt as the model's tokenizer encodes it (BOS included where it adds one). */
  promptIds: number[];
  /** Dense first, then the compressed model when a method was given. */
  texts: GeneratedText[];
}

/** How the benchmarks vary a lab run's environment. */
export interface LabRunOptions {
  /** Where the dense weights wait (LabEnvironment.denseStorage). */
  denseStorage?: 'auto' | 'memory';
  /** Give each event the GPU memory of the kernels since the previous one. */
  gpuPeaks?: boolean;
  /** Run in a dedicated worker, as the app does (OPFS then through sync access handles). */
  inWorker?: boolean;
}

export interface KickRunner {
  runKernelBench(req: KernelBenchRequest): Promise<KernelBenchReport>;
  runFileJob(req: FileJobRequest): Promise<JobReport>;
  runSyntheticJob(req: SyntheticJobRequest): Promise<JobReport>;
  /** Evaluation throughput of the model runtime (ORT in the page). */
  runEvalBench(req: EvalBenchRequest): Promise<EvalBenchReport>;
  /**
   * A whole lab run (npm run kick); events go to window.kickLabEvent when Node exposes it, with
   * the kernels' GPU buffers (live, and peak since the previous event) when options.gpuPeaks and
   * options.inWorker.
   */
  runLab(config: LabRunInput, options?: LabRunOptions): Promise<LabRunSummary>;
  /** npm run kick -- --generate: greedy continuations, dense and compressed by the first point. */
  runGenerateCheck(config: Omit<LabRunInput, 'tasks'>, prompt: string, maxNewTokens: number): Promise<GenerateCheckReport>;
}
