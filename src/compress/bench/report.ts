// The kernel benchmark's report: every kernel's rate on one adapter and its fraction of that
// adapter's own baseline measured in the same run (a plain copy for bandwidth-bound kernels, a
// tiled matrix product for the OBS and matrix kernels). Shared by the suite, the CLI, the share
// link schema and the #/bench view.

export const KERNEL_BENCH_SCHEMA = 'kick-lab/kernel-bench';
export const KERNEL_BENCH_VERSION = 1;

/** How a time was taken: GPU timestamps around one pass, a completion fence, or wall time around a launcher. */
export type BenchTimer = 'timestamp' | 'fence' | 'wall';

/** 'bandwidth': bytes moved per second vs the copy kernel; 'compute': FLOP/s vs the matrix product. */
export type BenchBound = 'bandwidth' | 'compute';

export interface BenchAdapter {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  features: string[];
  limits: Record<string, number>;
}

export interface BenchBaseline {
  /** What was run, e.g. "copy 64 MiB" or "matmul 512x512x512". */
  label: string;
  ms: number;
  /** Bytes (copy: read + written) or floating-point operations of one run. */
  work: number;
  /** work / second. */
  rate: number;
  timer: BenchTimer;
}

export interface BenchRow {
  kernel: string;
  /** rows x cols of the weight. */
  shape: string;
  bound: BenchBound;
  /** 'kernel': the dispatches alone, data already on the GPU; 'launcher': the method's GPU launcher with its uploads and readbacks. */
  scope: 'kernel' | 'launcher';
  /** Median milliseconds of the timed runs; null when the kernel failed. */
  ms: number | null;
  /** Minimum bytes moved (each input read once, each output written once) or FLOPs of one run. */
  work: number;
  rate: number | null;
  /** rate / the baseline's rate. */
  fraction: number | null;
  timer: BenchTimer;
  error?: string;
}

export interface KernelBenchReport {
  schema: typeof KERNEL_BENCH_SCHEMA;
  version: typeof KERNEL_BENCH_VERSION;
  createdAt: string;
  adapter: BenchAdapter;
  runs: number;
  warmup: number;
  /** Calibration tokens of the Hessian and AWQ rows. */
  tokens: number;
  baselines: { copy: BenchBaseline; matmul: BenchBaseline };
  rows: BenchRow[];
}

export function median(values: number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rate in engineering units: bytes/s as GB/s, FLOP/s as GFLOP/s. */
export function formatRate(rate: number | null, bound: BenchBound): string {
  if (rate === null) return '-';
  const giga = rate / 1e9;
  const digits = giga >= 100 ? 0 : giga >= 10 ? 1 : 2;
  return `${giga.toFixed(digits)} ${bound === 'bandwidth' ? 'GB/s' : 'GFLOP/s'}`;
}

export function formatFraction(fraction: number | null): string {
  return fraction === null ? '-' : `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** One line naming the adapter, as the table headings show it. */
export function adapterLabel(a: BenchAdapter): string {
  const parts = [a.vendor, a.architecture, a.description].filter((p) => p.length > 0);
  return `${parts.join(' / ') || 'unknown adapter'}${a.isFallbackAdapter ? ' (fallback adapter)' : ''}`;
}
