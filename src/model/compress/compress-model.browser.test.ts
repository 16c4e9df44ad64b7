import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web/webgpu';
import { buildDecoderGraph } from '../../../test/models/decoder.ts';
import { LAYOUTS, TINY_DIMS } from '../../../test/models/layouts.ts';
import type { CompressResult, LayerStats, StatName } from '../../compress/types.ts';
import { acquireGpu, gpuMemory } from '../../gpu/index.ts';
import { calibrateCaptures } from '../calibrate/capture-stats.ts';
import { buildCaptureModel } from '../calibrate/capture-graph.ts';
import { openCaptureSession, windowFeeds, type OrtRuntime } from '../calibrate/capture-session.ts';
import { compressModel } from './compress-model.ts';
import { externalize } from '../weights/externalize.ts';
import { readWeight } from '../weights/weight-store.ts';
import { makePatchable, type PatchableModel } from '../weights/patchable.ts';
import { resolveModel } from '../load/resolve.ts';
import { linearOf, zerosAfterRowPruning } from '../../../test/sparsity.ts';
import { ortWasmFiles } from '../evaluate/ort-assets.ts';

/**
 * Calibration statistics summed on WebGPU and layers compressed with the WGSL kernels, the
 * calibration graph run by onnxruntime-web's wasm EP (the ORT build transformers.js uses, its wasm
 * files served by the app). A random tiny Llama built in the page: 2 layers, hidden 32.
 */

function tinyLlama(seed: number): PatchableModel {
  const { model } = buildDecoderGraph(LAYOUTS.llama, TINY_DIMS, seed);
  const ext = externalize(model, new Map());
  return makePatchable(new Map([['onnx/model.onnx', ext.modelBytes], ['onnx/model.onnx_data', ext.data]]));
}

function windows(count: number, length: number, seed: number): number[][] {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  return Array.from({ length: count }, () => Array.from({ length }, () => 3 + Math.floor(next() * 240)));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function kickTinyPresent(): Promise<boolean> {
  const r = await fetch('/models/kick-tiny/onnx/model.onnx', { method: 'HEAD' }).catch(() => null);
  return Boolean(r?.ok && !(r.headers.get('content-type') ?? '').includes('text/html'));
}
const hasKickTiny = await kickTinyPresent();

const runtime: OrtRuntime = ort;
const patchable = tinyLlama(41);
const calib = windows(4, 16, 9);

async function logitsWith(bytes: Uint8Array, ids: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(patchable.modelBytes, { executionProviders: ['wasm'], externalData: patchable.externalData(bytes) });
  try {
    const out = await session.run(windowFeeds(runtime, patchable.model.graph.inputs, ids), ['logits']);
    return Float32Array.from(out.logits.data as Float32Array);
  } finally {
    await session.release();
  }
}

beforeAll(async () => {
  ort.env.wasm.wasmPaths = await ortWasmFiles();
  ort.env.wasm.numThreads = 1;
});

describe('calibration and compression on WebGPU', () => {
  it('GPU statistics of the captured inputs equal the CPU accumulator', async () => {
    const cap = buildCaptureModel(patchable.model, patchable.index.linears);
    const needs: StatName[] = ['scalerRow', 'hessian', 'meanAbs', 'maxAbs'];
    const session = await openCaptureSession(runtime, patchable.model, cap, patchable.externalData(patchable.master));
    let gpu: Map<string, LayerStats>;
    let cpu: Map<string, LayerStats>;
    try {
      gpu = await calibrateCaptures(session, cap.captures, { backend: 'webgpu', needs, windows: calib });
      cpu = await calibrateCaptures(session, cap.captures, { backend: 'cpu', needs, windows: calib });
    } finally {
      await session.release();
    }
    for (const c of cap.captures) {
      const g = gpu.get(c.output)!;
      const h = cpu.get(c.output)!;
      expect([g.nsamples, g.tokens]).toEqual([4, 64]);
      for (const key of needs) {
        const a = g[key]!;
        const b = h[key]!;
        let scale = 0;
        for (const v of b) scale = Math.max(scale, Math.abs(v));
        // float32 GPU sums of 64 tokens vs the float64 twin: relative 1e-5 of the largest entry.
        expect(maxAbsDiff(a, b) / scale, `${c.output} ${key}`).toBeLessThan(1e-5);
      }
    }
  });

  it.each([
    { spec: 'wanda', mode: 'one-shot' as const },
    { spec: 'sparsegpt', mode: 'sequential' as const },
  ])('$spec ($mode): kernels write what compress returned, GPU memory is released, the logits move', async ({ spec, mode }) => {
    const { device } = await acquireGpu();
    const before = gpuMemory(device).liveBytes;
    const store = patchable.newStore();
    const results = new Map<string, CompressResult>();
    const liveBetweenLayers: number[] = [];
    const out = await compressModel(patchable, store, {
      spec,
      params: { sparsity: 0.5 },
      backend: 'webgpu',
      calibration: { windows: calib, mode, runtime },
      onLayerResult: (l, r) => {
        results.set(l.module, r);
        liveBetweenLayers.push(gpuMemory(device).liveBytes);
      },
    });
    expect(out.reports).toHaveLength(14);
    for (const r of out.reports) {
      expect(r.backend).toBe('webgpu');
      expect(r.achievedSparsity).toBeGreaterThanOrEqual(0.5);
      expect(r.achievedSparsity).toBeLessThanOrEqual(0.5 + 1 / (r.rows * r.cols));
    }
    for (const l of patchable.index.linears) expect(readWeight(store.patched, l).data).toEqual(results.get(l.module)!.weight);
    // Each layer's buffers (statistics and kernels) are gone once it is done.
    for (const live of liveBetweenLayers) expect(live).toBe(before);
    expect(gpuMemory(device).liveBytes).toBe(before);
    const probe = calib[0].slice(0, 8);
    expect(maxAbsDiff(await logitsWith(store.patched, probe), await logitsWith(patchable.master, probe))).toBeGreaterThan(1e-3);
  });
});

describe.skipIf(!hasKickTiny)('kick-tiny on WebGPU', () => {
  it('wanda with OWL, statistics and kernels on WebGPU: the schedule averages the target, GPU memory released', async () => {
    const resolved = await resolveModel({ kind: 'url', baseUrl: '/models/kick-tiny/' }, { cache: null });
    const model = makePatchable(resolved.files, resolved.onnxFile);
    const { device } = await acquireGpu();
    const before = gpuMemory(device).liveBytes;
    const store = model.newStore();
    const out = await compressModel(model, store, {
      spec: 'wanda',
      params: { sparsity: 0.5 },
      backend: 'webgpu',
      schedule: { kind: 'owl' },
      calibration: { windows: windows(2, 32, 5).map((w) => w.map((t) => t * 8)), mode: 'one-shot', runtime },
    });
    const s = out.schedule!.sparsity;
    expect(s).toHaveLength(model.index.numLayers);
    expect(s.reduce((a, b) => a + b, 0) / s.length).toBeCloseTo(0.5, 12);
    for (const r of out.reports) {
      const most = zerosAfterRowPruning(readWeight(model.master, linearOf(model, r.module)), r.requestedSparsity!) / (r.rows * r.cols);
      expect(r.achievedSparsity, r.module).toBeGreaterThanOrEqual(r.requestedSparsity! - 1 / r.cols);
      expect(r.achievedSparsity, r.module).toBeLessThanOrEqual(most + 1 / r.cols);
    }
    expect(gpuMemory(device).liveBytes).toBe(before);
  });
});

if (!hasKickTiny) {
  it.skip('kick-tiny: public/models/kick-tiny/onnx/model.onnx is absent, its WebGPU compression check is skipped', () => {});
}
