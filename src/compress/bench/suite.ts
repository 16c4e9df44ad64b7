// The kernel benchmark suite (npm run bench:compress, #/bench): the copy and matrix-product
// baselines, then every method's kernels on each weight shape, on the current adapter in one run.
import { type Dispatch, type Gpu, releaseBuffer, storageBuffer, uploadBuffer, withBufferScope } from '../../gpu/index.ts';
import { awqSearchGpu, awqSearchPath } from '../gpu/awq.ts';
import { upperCholeskyOfInverseInPlace } from '../gpu/cholesky.ts';
import { gptqGpu } from '../gpu/gptq.ts';
import { int8Gpu } from '../gpu/int8.ts';
import { magnitudeMaskDispatch } from '../gpu/magnitude.ts';
import { applyMaskDispatch, maskWords } from '../gpu/mask.ts';
import { defaultMatmulVariant, matmulDispatch } from '../gpu/matmul.ts';
import { dequantPackedGpu, packDispatch } from '../gpu/pack.ts';
import { rtnGpu } from '../gpu/rtn.ts';
import { planKthSmallestAbs, releaseSelectPlan } from '../gpu/select.ts';
import { sparsegptGpu } from '../gpu/sparsegpt.ts';
import { pruneLowestPerRowDispatch, wandaMetricDispatch } from '../gpu/wanda.ts';
import { wordsPerRow } from '../reference/pack.ts';
import { createStatsAccumulator } from '../stats.ts';
import { activations, randn, rng } from '../synthetic.ts';
import { benchMatmulDispatch, copyDispatch } from './baselines.ts';
import {
  KERNEL_BENCH_SCHEMA,
  KERNEL_BENCH_VERSION,
  type BenchBaseline,
  type BenchBound,
  type BenchRow,
  type KernelBenchReport,
} from './report.ts';
import { checkShapes, type BenchShape } from './shapes.ts';
import { timePass, timeWall, type RunCounts, type Timing } from './timing.ts';

export interface SuiteOptions extends RunCounts {
  shapes: BenchShape[];
  /** Calibration tokens for the Hessian and AWQ rows. */
  tokens: number;
  /** Kernel names to run (all when absent). */
  only?: string[];
  /** Rows from outside the lab's kernels (a runtime's own operator), run after the suite's on each shape. */
  peers?: BenchCase[];
  onProgress?: (label: string) => void;
}

/** One row of the suite, per shape. */
export interface BenchCase {
  kernel: string;
  bound: BenchBound;
  scope: 'kernel' | 'launcher';
  /** Bytes or FLOPs of one run (on this adapter, where the kernel picks its path by the adapter's limits). */
  work: (s: BenchShape, tokens: number, gpu: Gpu) => number;
  /** Times the case; buffers it creates are released by the caller's buffer scope. */
  time: (gpu: Gpu, s: BenchShape, data: ShapeData, counts: RunCounts) => Promise<Timing>;
}

/** Host data of one shape, made once and shared by its cases. */
interface ShapeData {
  weight: Float32Array;
  x: Float32Array;
  tokens: number;
  hessian: Float32Array | null;
}

const BLOCK = 128;
const f32Bytes = (n: number) => 4 * n;
const maskBytes = (s: BenchShape) => 4 * s.rows * maskWords(s.cols);
/** Prepare (Cholesky + triangular inverse, 2n^3/3) plus the OBS sweep (2 rows cols^2 / 2 over lazy and in-block updates). */
const obsFlops = (s: BenchShape) => (2 / 3) * s.cols ** 3 + s.rows * s.cols * s.cols;

function randomBits(count: number, seed: number): Uint32Array {
  const next = rng(seed);
  return Uint32Array.from({ length: count }, () => Math.floor(next() * 2 ** 32));
}

async function hessianOf(data: ShapeData, cols: number): Promise<Float32Array> {
  if (data.hessian) return data.hessian;
  const acc = await createStatsAccumulator('webgpu', cols, ['hessian']);
  acc.add(data.x, 1);
  const h = (await acc.finish()).hessian;
  if (!h) throw new Error('the statistics accumulator returned no Hessian');
  data.hessian = h;
  return h;
}

const CASES: BenchCase[] = [
  {
    kernel: 'mask apply',
    bound: 'bandwidth',
    scope: 'kernel',
    work: (s) => 2 * f32Bytes(s.rows * s.cols) + maskBytes(s),
    time: (gpu, s, d, counts) => {
      const w = uploadBuffer(gpu, d.weight);
      const mask = uploadBuffer(gpu, randomBits(s.rows * maskWords(s.cols), 3));
      return timePass(gpu, [applyMaskDispatch(gpu, w, mask, s.rows, s.cols)], counts);
    },
  },
  {
    kernel: 'magnitude selection',
    bound: 'bandwidth',
    scope: 'kernel',
    work: (s) => f32Bytes(s.rows * s.cols) + maskBytes(s),
    time: async (gpu, s, d, counts) => {
      const w = uploadBuffer(gpu, d.weight);
      const mask = storageBuffer(gpu, maskBytes(s));
      const k = Math.floor(s.rows * s.cols * 0.5);
      const plan = planKthSmallestAbs(gpu, [{ buffer: w, count: s.rows * s.cols }], k);
      // The passes narrow the state (prefix, rank left) in place: every run starts from [0, k].
      const initial = uploadBuffer(gpu, new Uint32Array([0, k]));
      try {
        const dispatches: Dispatch[] = [...plan.dispatches, magnitudeMaskDispatch(gpu, w, plan.state, mask, s.rows, s.cols)];
        return await timePass(gpu, dispatches, counts, (encoder) => encoder.copyBufferToBuffer(initial, 0, plan.state, 0, 8));
      } finally {
        releaseSelectPlan(gpu, plan);
      }
    },
  },
  {
    kernel: 'wanda metric',
    bound: 'bandwidth',
    scope: 'kernel',
    work: (s) => 2 * f32Bytes(s.rows * s.cols) + f32Bytes(s.cols),
    time: (gpu, s, d, counts) => {
      const w = uploadBuffer(gpu, d.weight);
      const root = uploadBuffer(gpu, randn(s.cols, 5));
      const metric = storageBuffer(gpu, f32Bytes(s.rows * s.cols));
      return timePass(gpu, [wandaMetricDispatch(gpu, w, root, metric, s.rows, s.cols)], counts);
    },
  },
  {
    kernel: 'wanda selection',
    bound: 'bandwidth',
    scope: 'kernel',
    work: (s) => f32Bytes(s.rows * s.cols) + maskBytes(s),
    time: (gpu, s, d, counts) => {
      const score = uploadBuffer(gpu, d.weight);
      const mask = storageBuffer(gpu, maskBytes(s));
      return timePass(gpu, [pruneLowestPerRowDispatch(gpu, score, mask, s.rows, s.cols, s.cols >> 1)], counts);
    },
  },
  {
    kernel: 'pack 4-bit',
    bound: 'bandwidth',
    scope: 'kernel',
    work: (s) => f32Bytes(s.rows * s.cols) + 4 * s.rows * wordsPerRow(s.cols, 4),
    time: (gpu, s, _d, counts) => {
      const codes = uploadBuffer(gpu, randomBits(s.rows * s.cols, 7).map((v) => v & 15));
      const words = storageBuffer(gpu, 4 * s.rows * wordsPerRow(s.cols, 4));
      return timePass(gpu, [packDispatch(gpu, codes, words, s.rows, s.cols, 4)], counts);
    },
  },
  {
    kernel: 'RTN quantize 4-bit g128',
    bound: 'bandwidth',
    scope: 'launcher',
    // Read W; write the dequantised W and the packed codes.
    work: (s) => 2 * f32Bytes(s.rows * s.cols) + 4 * s.rows * wordsPerRow(s.cols, 4),
    time: (gpu, s, d, counts) => timeWall(() => rtnGpu(gpu, { data: d.weight, ...s }, { bits: 4, group: BLOCK, sym: false }), counts),
  },
  {
    kernel: 'dequantize 4-bit g128',
    bound: 'bandwidth',
    scope: 'launcher',
    work: (s) => 4 * s.rows * wordsPerRow(s.cols, 4) + f32Bytes(s.rows * s.cols),
    time: (gpu, s, _d, counts) => {
      const groups = Math.ceil(s.cols / BLOCK);
      const packed = {
        bits: 4,
        ...s,
        group: BLOCK,
        words: randomBits(s.rows * wordsPerRow(s.cols, 4), 9),
        scale: randn(s.rows * groups, 10, 0.01).map(Math.abs),
        zero: new Float32Array(s.rows * groups).fill(8),
      };
      return timeWall(() => dequantPackedGpu(gpu, packed), counts);
    },
  },
  {
    kernel: 'int8 absmax quantize',
    bound: 'bandwidth',
    scope: 'launcher',
    // Read W; write the dequantised W and one byte per code.
    work: (s) => 2 * f32Bytes(s.rows * s.cols) + s.rows * s.cols,
    time: (gpu, s, d, counts) => {
      const maxAbs = new Float32Array(s.cols).fill(1);
      return timeWall(() => int8Gpu(gpu, { data: d.weight, ...s }, maxAbs, 6), counts);
    },
  },
  {
    kernel: 'OBS lazy update (matmul)',
    bound: 'compute',
    scope: 'kernel',
    // W[:, 128:] -= Err1 @ Hinv[0:128, 128:], the update after one 128-column block.
    work: (s) => 2 * s.rows * Math.max(0, s.cols - BLOCK) * BLOCK,
    time: (gpu, s, d, counts) => {
      if (s.cols <= BLOCK) throw new Error(`needs more than ${BLOCK} columns`);
      const w = uploadBuffer(gpu, d.weight);
      const err = uploadBuffer(gpu, randn(s.rows * BLOCK, 11));
      const hinv = uploadBuffer(gpu, randn(BLOCK * s.cols, 12, 0.1));
      const update = matmulDispatch(
        gpu,
        { buffer: err, offset: 0, ld: BLOCK },
        { buffer: hinv, offset: BLOCK, ld: s.cols },
        { buffer: w, offset: BLOCK, ld: s.cols },
        { m: s.rows, n: s.cols - BLOCK, k: BLOCK, alpha: -1, beta: 1 },
      );
      return timePass(gpu, [update], counts);
    },
  },
  {
    kernel: 'Hessian accumulation',
    bound: 'compute',
    scope: 'launcher',
    work: (s, tokens) => 2 * tokens * s.cols * s.cols,
    time: (_gpu, s, d, counts) =>
      timeWall(async () => {
        d.hessian = null;
        await hessianOf(d, s.cols);
      }, counts),
  },
  {
    kernel: 'Cholesky + inverse',
    bound: 'compute',
    scope: 'launcher',
    work: (s) => (2 / 3) * s.cols ** 3,
    time: async (gpu, s, d, counts) => {
      const h = Float32Array.from(await hessianOf(d, s.cols));
      for (let i = 0; i < s.cols; i++) h[i * s.cols + i] += 0.01 * s.cols;
      const pristine = uploadBuffer(gpu, h);
      const work = storageBuffer(gpu, f32Bytes(h.length));
      const refresh = async () => {
        const encoder = gpu.device.createCommandEncoder();
        encoder.copyBufferToBuffer(pristine, 0, work, 0, f32Bytes(h.length));
        gpu.device.queue.submit([encoder.finish()]);
        await gpu.device.queue.onSubmittedWorkDone();
      };
      return timeWall(() => upperCholeskyOfInverseInPlace(gpu, work, s.cols), counts, refresh);
    },
  },
  {
    kernel: 'SparseGPT 50%',
    bound: 'compute',
    scope: 'launcher',
    work: obsFlops,
    time: async (gpu, s, d, counts) => {
      const h = await hessianOf(d, s.cols);
      const opts = { sparsity: 0.5, pattern: 'unstructured', damp: 0.01, blocksize: BLOCK } as const;
      return timeWall(() => sparsegptGpu(gpu, d.weight, s.rows, s.cols, h, opts), counts);
    },
  },
  {
    kernel: 'GPTQ 4-bit g128',
    bound: 'compute',
    scope: 'launcher',
    work: obsFlops,
    time: async (gpu, s, d, counts) => {
      const h = await hessianOf(d, s.cols);
      const opts = { bits: 4, group: BLOCK, sym: false, actOrder: false, damp: 0.01, blocksize: BLOCK };
      return timeWall(() => gptqGpu(gpu, d.weight, s.rows, s.cols, h, opts), counts);
    },
  },
  {
    kernel: 'AWQ search 4-bit g128',
    bound: 'compute',
    scope: 'launcher',
    // 20 candidate scales, each an output [tokens, rows] = X W_q^T over the tokens, or, where the
    // tokens outnumber the inputs, the Gram matrix X^T X once and a [rows, cols] x [cols, cols]
    // product per candidate.
    work: (s, tokens, gpu) =>
      awqSearchPath(gpu, tokens, s.cols) === 'gram' ? 2 * tokens * s.cols ** 2 + 20 * 2 * s.rows * s.cols ** 2 : 20 * 2 * tokens * s.rows * s.cols,
    time: (gpu, s, d, counts) => {
      const meanAbs = new Float32Array(s.cols);
      for (let t = 0; t < d.tokens; t++) for (let c = 0; c < s.cols; c++) meanAbs[c] += Math.abs(d.x[t * s.cols + c]) / d.tokens;
      const opts = { bits: 4, group: BLOCK, clip: false, searchTokenCap: d.tokens };
      return timeWall(() => awqSearchGpu(gpu, { data: d.weight, ...s }, meanAbs, d.x, d.tokens, opts), counts);
    },
  },
];

/** Kernel names in the suite's order (the --only and UI choices). */
export const SUITE_KERNELS = CASES.map((c) => c.kernel);

async function copyBaseline(gpu: Gpu, bytes: number, counts: RunCounts): Promise<BenchBaseline> {
  const vec4s = Math.ceil(bytes / 16);
  const src = storageBuffer(gpu, vec4s * 16, 'bench copy src');
  const dst = storageBuffer(gpu, vec4s * 16, 'bench copy dst');
  try {
    const t = await timePass(gpu, [copyDispatch(gpu, src, dst, vec4s)], counts);
    const work = 2 * vec4s * 16;
    return { label: `copy ${((vec4s * 16) / 2 ** 20).toFixed(2)} MiB`, ms: t.ms, work, rate: work / (t.ms / 1000), timer: t.timer };
  } finally {
    releaseBuffer(gpu.device, src);
    releaseBuffer(gpu.device, dst);
  }
}

/**
 * The faster of the dedicated tiled kernel (shaders/bench-matmul.wgsl) and the lab's own matmul
 * in the variant it picks for this adapter: on CPU-emulated adapters the barrier-free variant is
 * several times faster than any tiled kernel, and a baseline below the kernels' own product would
 * report fractions above 100%. The label names both rates.
 */
async function matmulBaseline(gpu: Gpu, n: number, counts: RunCounts): Promise<BenchBaseline> {
  const a = uploadBuffer(gpu, randn(n * n, 21));
  const b = uploadBuffer(gpu, randn(n * n, 22));
  const c = storageBuffer(gpu, f32Bytes(n * n));
  try {
    const work = 2 * n ** 3;
    const tiled = await timePass(gpu, [benchMatmulDispatch(gpu, a, b, c, n, n, n)], counts);
    const variant = defaultMatmulVariant(gpu);
    const view = (buffer: GPUBuffer) => ({ buffer, offset: 0, ld: n });
    const lab = await timePass(gpu, [matmulDispatch(gpu, view(a), view(b), view(c), { m: n, n, k: n }, variant)], counts);
    const best = lab.ms < tiled.ms ? lab : tiled;
    const gflops = (t: Timing) => (work / (t.ms / 1000) / 1e9).toFixed(2);
    const label = `matmul ${n}x${n}x${n}, best of tiled (${gflops(tiled)} GFLOP/s) and the lab's ${variant} variant (${gflops(lab)} GFLOP/s)`;
    return { label, ms: best.ms, work, rate: work / (best.ms / 1000), timer: best.timer };
  } finally {
    for (const buffer of [a, b, c]) releaseBuffer(gpu.device, buffer);
  }
}

/**
 * Runs the baselines, then each kernel on each shape. A kernel that fails (a limit, a lost
 * device) gets its error in its row and the suite goes on.
 */
export async function runKernelSuite(gpu: Gpu, opts: SuiteOptions): Promise<KernelBenchReport> {
  checkShapes(opts.shapes);
  const counts: RunCounts = { runs: Math.max(1, opts.runs), warmup: Math.max(0, opts.warmup) };
  const largest = Math.max(...opts.shapes.map((s) => s.rows * s.cols));
  opts.onProgress?.('copy baseline');
  // As many bytes as the largest weight: the kernels then meet the same caches (a CPU-emulated
  // adapter copies a small buffer in cache several times faster) and the same launch overhead.
  const copy = await copyBaseline(gpu, f32Bytes(largest), counts);
  const cases = [...CASES, ...(opts.peers ?? [])].filter((c) => !opts.only || opts.only.includes(c.kernel));
  // The product's size follows the shapes only where a compute-bound row will be read against it:
  // at 4096 an emulated adapter takes most of an hour over one baseline.
  const computeRows = cases.some((c) => c.bound === 'compute');
  const matmulN = computeRows ? Math.min(4096, Math.max(256, ...opts.shapes.map((s) => Math.min(s.rows, s.cols)))) : 256;
  opts.onProgress?.('matmul baseline');
  const matmul = await matmulBaseline(gpu, matmulN, counts);
  const rows: BenchRow[] = [];
  for (const shape of opts.shapes) {
    const data: ShapeData = { weight: randn(shape.rows * shape.cols, 1, 0.02), x: activations(opts.tokens, shape.cols, 2), tokens: opts.tokens, hessian: null };
    for (const c of cases) {
      const label = `${c.kernel} ${shape.rows}x${shape.cols}`;
      opts.onProgress?.(label);
      const work = c.work(shape, opts.tokens, gpu);
      const base = c.bound === 'bandwidth' ? copy : matmul;
      const row: BenchRow = { kernel: c.kernel, shape: `${shape.rows}x${shape.cols}`, bound: c.bound, scope: c.scope, ms: null, work, rate: null, fraction: null, timer: 'wall' };
      try {
        const t = await withBufferScope(gpu.device, () => c.time(gpu, shape, data, counts));
        row.ms = t.ms;
        row.timer = t.timer;
        row.rate = work / (t.ms / 1000);
        row.fraction = row.rate / base.rate;
      } catch (error) {
        row.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
      rows.push(row);
    }
  }
  const { vendor, architecture, description, isFallbackAdapter, features, limits } = gpu.info;
  return {
    schema: KERNEL_BENCH_SCHEMA,
    version: KERNEL_BENCH_VERSION,
    createdAt: new Date().toISOString(),
    adapter: { vendor, architecture, description, isFallbackAdapter, features: [...features], limits: { ...limits } },
    runs: counts.runs,
    warmup: counts.warmup,
    tokens: opts.tokens,
    baselines: { copy, matmul },
    rows,
  };
}
