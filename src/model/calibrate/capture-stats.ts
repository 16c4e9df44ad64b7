// Calibration statistics of captured layer inputs: every window is run through the calibration
// session once, and each captured tensor [tokens, cols] is folded into that capture's accumulator
// (GPU sums on WebGPU, float64 sums on the CPU). nsamples counts windows, as in the reference.
import { ACTIVATION_SAMPLE_TOKENS } from '../../compress/collect-stats.ts';
import { createStatsAccumulator, type StatsAccumulator } from '../../compress/stats.ts';
import type { Backend, LayerStats, StatName } from '../../compress/types.ts';
import type { Capture } from './capture-graph.ts';
import type { CaptureSession } from './capture-session.ts';

export interface CalibrateOptions {
  backend: Backend;
  needs: readonly StatName[];
  windows: readonly (readonly number[])[];
  signal?: AbortSignal;
  /** Called after each window. */
  onWindow?: (done: number, total: number) => void;
  /** Raw activations kept per capture where 'activations' is needed (a strided token sample). */
  maxSampleTokens?: number;
}

/** Bytes one capture's statistics take while they are accumulated and after (the plan's budget unit). */
export function statsBytes(cols: number, needs: readonly StatName[], tokens: number, maxSampleTokens = ACTIVATION_SAMPLE_TOKENS): number {
  let floats = 0;
  if (needs.includes('hessian')) floats += cols * cols;
  for (const v of ['scalerRow', 'meanAbs', 'maxAbs'] as const) if (needs.includes(v)) floats += cols;
  if (needs.includes('activations')) floats += Math.min(tokens, maxSampleTokens) * cols;
  return floats * 4;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('calibration aborted', 'AbortError');
}

/**
 * Statistics of `captures` over all windows, by capture output name. On WebGPU every accumulator
 * lives inside one buffer scope, so their sums are freed on return, whether it succeeds or not.
 */
export async function calibrateCaptures(session: CaptureSession, captures: readonly Capture[], options: CalibrateOptions): Promise<Map<string, LayerStats>> {
  const { backend, windows } = options;
  const accumulated = options.needs.filter((n) => n !== 'activations');
  const keepSample = options.needs.includes('activations');
  const totalTokens = windows.reduce((s, w) => s + w.length, 0);
  const stride = Math.max(1, Math.ceil(totalTokens / (options.maxSampleTokens ?? ACTIVATION_SAMPLE_TOKENS)));
  const samples = new Map<string, Float32Array[]>(captures.map((c) => [c.output, []]));

  const body = async (): Promise<Map<string, LayerStats>> => {
    const accs = new Map<string, StatsAccumulator>();
    try {
      for (const c of captures) accs.set(c.output, await createStatsAccumulator(backend, c.cols, accumulated));
      let token = 0;
      for (let w = 0; w < windows.length; w++) {
        throwIfAborted(options.signal);
        const rows = await session.run(windows[w], captures);
        for (const c of captures) {
          const x = rows.get(c.output)!;
          accs.get(c.output)!.add(x, 1);
          if (keepSample) {
            const kept = samples.get(c.output)!;
            const n = x.length / c.cols;
            for (let t = 0; t < n; t++) if ((token + t) % stride === 0) kept.push(x.slice(t * c.cols, (t + 1) * c.cols));
          }
        }
        token += windows[w].length;
        options.onWindow?.(w + 1, windows.length);
      }
      const stats = new Map<string, LayerStats>();
      for (const c of captures) {
        const s = await accs.get(c.output)!.finish();
        accs.delete(c.output);
        if (keepSample) {
          const kept = samples.get(c.output)!;
          const data = new Float32Array(kept.length * c.cols);
          kept.forEach((row, i) => data.set(row, i * c.cols));
          s.activations = data;
        }
        stats.set(c.output, s);
      }
      return stats;
    } finally {
      for (const acc of accs.values()) acc.dispose();
    }
  };
  if (backend === 'cpu') return body();
  const { acquireGpu, withBufferScope } = await import('../../gpu/index.ts');
  const gpu = await acquireGpu();
  return withBufferScope(gpu.device, body);
}
