import type { KernelBenchReport } from '../compress/bench/report.ts';
import type { BenchShape } from '../compress/bench/shapes.ts';
import type { Backend, CompressParams, CompressReport } from '../compress/types.ts';
import type { GpuInfo } from '../gpu/device.ts';

/** What the kernel playground asks of its worker. */
export interface PlaygroundJob {
  method: string;
  rows: number;
  cols: number;
  /** Calibration tokens drawn for methods that need statistics. */
  tokens: number;
  seed: number;
  backend: Backend;
  params: CompressParams;
}

export interface PlaygroundResult {
  job: PlaygroundJob;
  report: CompressReport;
  /** Relative output error ||X W'^T - X W^T|| / ||X W^T|| on the calibration tokens. */
  outputErr: number;
  /** A small corner of the weight before and after, for the heat maps. */
  corner: { rows: number; cols: number; before: number[]; after: number[] };
}

export type AdapterReport = { ok: true; info: GpuInfo } | { ok: false; error: string };

/** A kernel benchmark run (#/bench): the suite of src/compress/bench/suite.ts on this adapter. */
export interface KernelBenchJob {
  shapes: BenchShape[];
  tokens: number;
  runs: number;
  warmup: number;
  /** Kernel names to run (every kernel and peer when absent). */
  only?: string[];
}

export interface PlaygroundApi {
  adapter(): Promise<AdapterReport>;
  methods(): Promise<MethodInfo[]>;
  run(job: PlaygroundJob): Promise<PlaygroundResult>;
  /** `onProgress` (a Comlink proxy) hears the name of each step as it starts. */
  benchKernels(job: KernelBenchJob, onProgress: (label: string) => void): Promise<KernelBenchReport>;
}

/** What the method picker shows: the registry's metadata without its kernels. */
export interface MethodInfo {
  id: string;
  kind: 'prune' | 'quantize';
  label: string;
  summary: string;
  needs: string[];
  params: Array<keyof CompressParams>;
  defaults: CompressParams;
}
