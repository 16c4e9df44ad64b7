import { beforeAll, describe, expect, it } from 'vitest';
import { acquireGpu } from '../gpu/index.ts';
import { pendingPoints, planPoints, type SweepConfig } from '../state/sweep.ts';
import { tinyLlamaFiles } from '../../test/model/tiny-model-files.ts';
import { newSweep, runMissingPoints } from '../../test/lab/sweep-in-page.ts';
import { preloadedModel } from '../../test/lab/preloaded-model.ts';
import { browserLabEnvironment } from './lab-env.ts';
import type { LabEvent, LabRunInput } from './lab-protocol.ts';
import type { LabEnvironment } from './lab-run-context.ts';

/**
 * The GPU device lost while a point is being compressed, inside a real lab run (WGSL kernels on
 * SwiftShader, evaluation on wasm): the point fails in 'compress' at the layer it was on, every
 * finished point is kept, and the next points run on a new device, and a retry of the sweep runs only the missing point.
 */

let env: LabEnvironment;

beforeAll(async () => {
  env = { ...(await browserLabEnvironment()), preloaded: preloadedModel('tiny-llama', tinyLlamaFiles(5)) };
});

const sweepConfig: SweepConfig = {
  model: { id: 'test/tiny-llama', revision: 'main', dtype: 'fp32' },
  methods: [{ id: 'magnitude', params: {} }],
  sparsities: [0.3, 0.5, 0.7],
  patterns: [],
  bits: [],
  tasks: [{ task: 'perplexity', size: 2 }],
  calibration: null,
  device: 'auto',
  seed: 0,
  judge: null,
};

/** The page's run: the model preloaded, kernels on WebGPU, evaluation on wasm, KICK-world's texts. */
const inPage = (input: LabRunInput): LabRunInput => ({ ...input, device: 'wasm', kernels: 'webgpu', tasks: { ...input.tasks, suite: 'kickworld' } });

describe('GPU device lost during a lab run', () => {
  it('fails the point being compressed, keeps the finished ones, the next run on a new device, and a retry runs only the missing point', async () => {
    const lostGpu = await acquireGpu();
    let lostAt: string | null = null;
    const loseDuringCompression = (event: LabEvent) => {
      // The second compressed point (magnitude 50%), while its first layer is being compressed.
      if (lostAt === null && event.type === 'progress' && event.progress.point === 1 && event.progress.stage === 'compress') {
        lostAt = event.progress.detail;
        lostGpu.device.destroy();
      }
    };
    const first = await runMissingPoints(newSweep(sweepConfig), env, inPage, loseDuringCompression);

    expect(lostAt).toMatch(/^model\.layers\.0\./);
    // The points before and after the lost one finish: the next one runs on a new device.
    expect(first.evaluated).toEqual(['dense', 'magnitude 30%', 'magnitude 70%']);
    expect(first.sweep.points.map((p) => p.key)).toEqual(['dense', 'magnitude|s=0.3', 'magnitude|s=0.7']);
    expect(first.errors).toHaveLength(1);
    const [error] = first.errors;
    expect(error).toMatchObject({ pointLabel: 'magnitude 50%', stage: 'compress', where: lostAt, cancelled: false });
    expect(error.message).toMatch(/^compress failed at model\.layers\.0\.[a-z_.]+: the GPU device was lost \(destroyed while work was still using it\); the next work acquires a new device; retry the sweep to run this point again$/);
    expect(pendingPoints(first.sweep).map((p) => p.sparsity)).toEqual([0.5]);

    const retry = await runMissingPoints(first.sweep, env, inPage);
    expect(retry.errors).toEqual([]);
    expect(retry.input.dense).toBe(false);
    expect(retry.evaluated).toEqual(['magnitude 50%']);
    expect(retry.sweep.points.map((p) => p.key).sort()).toEqual(planPoints(sweepConfig).map((p) => (p.sparsity === null ? 'dense' : `magnitude|s=${p.sparsity}`)).sort());
    for (const point of retry.sweep.points.filter((p) => p.spec.method !== 'dense')) {
      expect(point.layers.length).toBeGreaterThan(0);
      for (const layer of point.layers) expect(layer.sparsity).toBeGreaterThanOrEqual(point.spec.sparsity!);
    }
    const fresh = await acquireGpu();
    expect(fresh.device).not.toBe(lostGpu.device);
    expect(fresh.lost).toBeNull();
  });

  it('fails a point whose calibration statistics were being gathered on the lost device, naming the decoder layer', async () => {
    const lostGpu = await acquireGpu();
    let lost = false;
    const loseDuringCalibration = (event: LabEvent) => {
      // After the first calibration window of wanda's statistics (not the text's tokenizing).
      if (!lost && event.type === 'progress' && event.progress.stage === 'calibrate' && event.progress.detail === 'calibrate') {
        lost = true;
        lostGpu.device.destroy();
      }
    };
    const config: SweepConfig = { ...sweepConfig, methods: [{ id: 'wanda', params: {} }], sparsities: [0.5], calibration: { dataset: 'kickworld-bio', samples: 2, seqLen: 32, seed: 0, mode: 'one-shot' } };
    const first = await runMissingPoints(newSweep(config), env, inPage, loseDuringCalibration);
    expect(lost).toBe(true);
    expect(first.evaluated).toEqual(['dense']);
    expect(first.errors).toHaveLength(1);
    expect(first.errors[0]).toMatchObject({ pointLabel: 'wanda 50%', stage: 'calibrate', where: 'decoder layer 0', cancelled: false });
    expect(first.errors[0].message).toMatch(/^calibrate failed at decoder layer 0: the GPU device was lost \(destroyed/);

    const retry = await runMissingPoints(first.sweep, env, inPage);
    expect(retry.errors).toEqual([]);
    expect(retry.evaluated).toEqual(['wanda 50%']);
  });
});
