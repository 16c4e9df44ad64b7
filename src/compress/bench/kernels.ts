// The kernel benchmark's rows by name and bound, kept apart from the suite so that the view can
// offer "bandwidth-bound" or "matrix and OBS" runs without loading any kernel. The suite's own
// cases carry the same names and bounds (suite.browser.test.ts holds them together).
import type { BenchBound } from './report.ts';

export interface BenchKernel {
  kernel: string;
  bound: BenchBound;
}

/** The lab's kernels in the suite's order. */
export const SUITE_KERNEL_LIST: readonly BenchKernel[] = [
  { kernel: 'mask apply', bound: 'bandwidth' },
  { kernel: 'magnitude selection', bound: 'bandwidth' },
  { kernel: 'wanda metric', bound: 'bandwidth' },
  { kernel: 'wanda selection', bound: 'bandwidth' },
  { kernel: 'pack 4-bit', bound: 'bandwidth' },
  { kernel: 'RTN quantize 4-bit g128', bound: 'bandwidth' },
  { kernel: 'dequantize 4-bit g128', bound: 'bandwidth' },
  { kernel: 'int8 absmax quantize', bound: 'bandwidth' },
  { kernel: 'OBS lazy update (matmul)', bound: 'compute' },
  { kernel: 'Hessian accumulation', bound: 'compute' },
  { kernel: 'Cholesky + inverse', bound: 'compute' },
  { kernel: 'SparseGPT 50%', bound: 'compute' },
  { kernel: 'GPTQ 4-bit g128', bound: 'compute' },
  { kernel: 'AWQ search 4-bit g128', bound: 'compute' },
];

/** ONNX Runtime Web's own WebGPU MatMul, the peer row after the lab's kernels on each shape. */
export const ORT_PEER_KERNEL: BenchKernel = { kernel: 'ORT WebGPU MatMul (peer)', bound: 'compute' };

/** Which rows a run measures: every one, one bound's, or a list of its own (a link's). */
export type KernelChoice = 'all' | BenchBound | 'custom';

const ALL = [...SUITE_KERNEL_LIST, ORT_PEER_KERNEL];

/** The kernel names of a choice; null for every kernel. */
export function kernelsOfChoice(choice: Exclude<KernelChoice, 'custom'>): string[] | null {
  return choice === 'all' ? null : ALL.filter((k) => k.bound === choice).map((k) => k.kernel);
}

/** The choice a kernel list amounts to ('custom' when it is no bound's and not every kernel). */
export function choiceOfKernels(kernels: readonly string[] | null): KernelChoice {
  if (kernels === null) return 'all';
  const set = new Set(kernels);
  const same = (names: string[]) => names.length === set.size && names.every((n) => set.has(n));
  if (same(ALL.map((k) => k.kernel))) return 'all';
  for (const bound of ['bandwidth', 'compute'] as const) if (same(kernelsOfChoice(bound)!)) return bound;
  return 'custom';
}
