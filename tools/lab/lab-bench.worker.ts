// A lab run in a dedicated worker, as the app runs it (src/worker/lab.worker.ts), for the memory
// benchmark: the runner page starts it, and it posts each event with the kernels' GPU memory since
// the previous one, then the summary.
import { acquireGpu, gpuMemory, resetPeak } from '../../src/gpu/index.ts';
import type { GpuMemoryStats } from '../../src/gpu/memory.ts';
import { browserLabEnvironment } from '../../src/worker/lab-env.ts';
import { labRunConfigSchema, type LabEvent, type LabRunInput, type LabRunSummary } from '../../src/worker/lab-protocol.ts';
import { runLab } from '../../src/worker/lab-run.ts';
import type { LabRunOptions } from './runner-protocol.ts';

export type LabBenchMessage = { type: 'event'; event: LabEvent; gpu: GpuMemoryStats | null } | { type: 'done'; summary: LabRunSummary } | { type: 'error'; message: string };

async function run(input: LabRunInput, options: LabRunOptions): Promise<LabRunSummary> {
  const config = labRunConfigSchema.parse(input);
  const env = { ...(await browserLabEnvironment()), ...(options.denseStorage ? { denseStorage: options.denseStorage } : {}) };
  const device = options.gpuPeaks && env.webgpuKernels ? (await acquireGpu()).device : null;
  const gpuSinceLast = (): GpuMemoryStats | null => {
    if (!device) return null;
    const stats = gpuMemory(device);
    resetPeak(device);
    return stats;
  };
  gpuSinceLast();
  const post = (m: LabBenchMessage) => self.postMessage(m);
  return runLab(config, env, (event) => post({ type: 'event', event, gpu: gpuSinceLast() }), new AbortController().signal);
}

self.onmessage = (e: MessageEvent<{ input: LabRunInput; options: LabRunOptions }>) => {
  run(e.data.input, e.data.options).then(
    (summary) => self.postMessage({ type: 'done', summary } satisfies LabBenchMessage),
    (error: unknown) => self.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies LabBenchMessage),
  );
};
