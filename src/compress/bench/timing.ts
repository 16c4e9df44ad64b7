// Timing for the kernel benchmark: one compute pass timed with GPU timestamp queries where the
// device has 'timestamp-query', else with a completion fence (onSubmittedWorkDone) around the
// submit; launchers (uploads, several submits, readbacks) with wall time. Warm-up runs first
// (pipeline compilation, first-touch allocation), then the median of the timed runs.
import { type Dispatch, type Gpu, encodeDispatches, readBuffer } from '../../gpu/index.ts';
import { median, type BenchTimer } from './report.ts';

export interface Timing {
  ms: number;
  timer: BenchTimer;
}

export interface RunCounts {
  runs: number;
  warmup: number;
}

export function hasTimestamps(gpu: Gpu): boolean {
  return gpu.device.features.has('timestamp-query');
}

/**
 * Median time of one compute pass holding `dispatches`. `reset`, encoded before the pass of every
 * run, puts back state the pass consumes (outside the timestamps; a few bytes inside a fence).
 */
export async function timePass(gpu: Gpu, dispatches: Dispatch[], counts: RunCounts, reset?: (encoder: GPUCommandEncoder) => void): Promise<Timing> {
  const { device } = gpu;
  if (!hasTimestamps(gpu)) {
    const samples: number[] = [];
    for (let r = 0; r < counts.warmup + counts.runs; r++) {
      const encoder = device.createCommandEncoder();
      reset?.(encoder);
      encodeDispatches(gpu, encoder, dispatches);
      const start = performance.now();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      if (r >= counts.warmup) samples.push(performance.now() - start);
    }
    return { ms: median(samples), timer: 'fence' };
  }
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  try {
    const samples: number[] = [];
    for (let r = 0; r < counts.warmup + counts.runs; r++) {
      const encoder = device.createCommandEncoder();
      reset?.(encoder);
      encodeDispatches(gpu, encoder, dispatches, {
        timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
      });
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      device.queue.submit([encoder.finish()]);
      const [begin, end] = new BigUint64Array(await readBuffer(gpu, resolve, 16));
      if (r >= counts.warmup) samples.push(Number(end - begin) / 1e6);
    }
    return { ms: median(samples), timer: 'timestamp' };
  } finally {
    querySet.destroy();
    resolve.destroy();
  }
}

/** Median wall time of `run` (awaited); `prepare`, untimed, runs before each call. */
export async function timeWall(run: () => Promise<unknown>, counts: RunCounts, prepare?: () => Promise<void>): Promise<Timing> {
  const samples: number[] = [];
  for (let r = 0; r < counts.warmup + counts.runs; r++) {
    await prepare?.();
    const start = performance.now();
    await run();
    if (r >= counts.warmup) samples.push(performance.now() - start);
  }
  return { ms: median(samples), timer: 'wall' };
}
