import { expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { activations, randn } from '../../../test/random.ts';
import { magnitudePrune } from '../reference/magnitude.ts';
import { layerStats } from '../reference/stats.ts';
import { wandaPrune } from '../reference/wanda.ts';
import { magnitudePruneGpu } from './magnitude.ts';
import { wandaPruneGpu } from './wanda.ts';

// One 4096x4096 layer (a 7B model's attention projection) at 50 %: wall time of the WebGPU path
// (upload, kernels, readback) and of the twin, printed for the record and not asserted.
it('times magnitude and wanda on 4096x4096 (printed)', async () => {
  const gpu = await acquireGpu();
  const rows = 4096;
  const cols = 4096;
  const w = { data: randn(rows * cols, 7, 0.02), rows, cols };
  const scaler = layerStats(activations(64, cols, 8), cols, 1, ['scalerRow']).scalerRow!;
  const adapter = [gpu.info.vendor, gpu.info.architecture, gpu.info.description].filter(Boolean).join(' ');
  const time = async <T>(run: () => Promise<T> | T): Promise<[T, number]> => {
    const t0 = performance.now();
    const result = await run();
    return [result, performance.now() - t0];
  };
  const cases = [
    ['magnitude', () => magnitudePruneGpu(gpu, w, 0.5), () => magnitudePrune(w, 0.5)],
    ['wanda', () => wandaPruneGpu(gpu, w, scaler, 0.5), () => wandaPrune(w, scaler, 0.5)],
  ] as const;
  for (const [name, onGpu, onCpu] of cases) {
    const [got, gpuMs] = await time(onGpu);
    const [want, twinMs] = await time(onCpu);
    console.log(`${name} 4096x4096 s=0.5: webgpu ${gpuMs.toFixed(0)} ms (${adapter}), twin ${twinMs.toFixed(0)} ms`);
    let differing = 0;
    for (let i = 0; i < want.mask.length; i++) if (got.mask[i] !== want.mask[i]) differing++;
    expect(differing).toBe(0);
  }
});
