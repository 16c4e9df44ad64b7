import { describe, expect, it } from 'vitest';
import { compress } from '../../compress/registry.ts';
import type { CompressResult, LayerStats } from '../../compress/types.ts';
import { LAYOUT_NAMES } from '../../../test/models/tiny-models.ts';
import { calibrateCaptures } from '../calibrate/capture-stats.ts';
import { buildCaptureModel } from '../calibrate/capture-graph.ts';
import { openCaptureSession } from '../calibrate/capture-session.ts';
import { maxAbsDiff, logitsWith, randomWindows, tinyFixture, wasmRuntime } from '../../../test/model/capture-fixtures.ts';
import { compressModel, CompressModelError, type CompressModelConfig, type CompressProgress } from './compress-model.ts';
import { readWeight, WeightStore } from '../weights/weight-store.ts';
import { outsideMemorySource } from '../../../test/model/outside-memory-source.ts';
import type { LinearWeight } from '../weights/index-weights.ts';

/**
 * The compression loop on a random tiny Llama (2 layers, hidden 32, 7 linears a layer) with the
 * methods' CPU twins, calibration through onnxruntime-web's wasm EP.
 */

const fixture = tinyFixture('llama', { seed: 31 });
const { patchable } = fixture;
const windows = randomWindows(4, 16, 5);
const probe = randomWindows(1, 10, 77)[0];
const calibration = (mode: 'one-shot' | 'sequential' = 'one-shot'): CompressModelConfig['calibration'] => ({ windows, mode, runtime: wasmRuntime() });

let denseLogits: Float32Array | null = null;
async function dense(): Promise<Float32Array> {
  denseLogits ??= await logitsWith(patchable, patchable.master, probe);
  return denseLogits;
}

async function run(config: Omit<CompressModelConfig, 'backend'>) {
  const store = patchable.newStore();
  const results = new Map<string, CompressResult>();
  const out = await compressModel(patchable, store, { backend: 'cpu', ...config, onLayerResult: (l, r) => results.set(l.module, r) });
  return { store, results, ...out };
}

describe('compressModel (CPU backend, tiny llama)', () => {
  it('writes exactly what compress produced into the patched copy, read back through the index', async () => {
    const { store, results, reports } = await run({ spec: 'wanda', params: { sparsity: 0.5 }, calibration: calibration() });
    const targets = patchable.index.linears;
    expect(reports.map((r) => r.module)).toEqual(targets.map((l) => l.module));
    for (const l of targets) expect(readWeight(store.patched, l).data).toEqual(results.get(l.module)!.weight);
    // lm_head (not compressed by default) and every byte outside the linears stay dense.
    expect(readWeight(store.patched, patchable.index.lmHead!).data).toEqual(readWeight(patchable.master, patchable.index.lmHead!).data);
    const inside = new Uint8Array(patchable.master.length);
    for (const l of targets) inside.fill(1, l.data!.offset, l.data!.offset + l.data!.length);
    for (let i = 0; i < inside.length; i++) if (!inside[i] && store.patched[i] !== patchable.master[i]) throw new Error(`byte ${i} outside the linears changed`);
    for (const r of reports) {
      expect(r.achievedSparsity).toBe(0.5); // wanda prunes floor(in * 0.5) of every row; in is even
      expect(r.requestedSparsity).toBe(0.5);
      expect(r.bits).toBe(32);
      expect(r.relErr).toBeGreaterThan(0);
      expect([r.rows, r.cols]).toEqual([targets.find((l) => l.module === r.module)!.outFeatures, targets.find((l) => l.module === r.module)!.inFeatures]);
    }
  });

  it('a true no-op (dense weights written back) gives the dense logits bit for bit', async () => {
    const store = patchable.newStore();
    for (const l of patchable.index.linears) store.write(l, await store.readDense(l));
    expect(await logitsWith(patchable, store.patched, probe)).toEqual(await dense());
  });

  it('wanda at sparsity 0 prunes nothing and leaves the logits dense', async () => {
    const { store, reports } = await run({ spec: 'wanda', params: { sparsity: 0 }, calibration: calibration() });
    for (const r of reports) expect(r.achievedSparsity).toBe(0);
    for (const l of patchable.index.linears) expect(store.readPatched(l).data).toEqual((await store.readDense(l)).data);
    expect(await logitsWith(patchable, store.patched, probe)).toEqual(await dense());
  });

  it('sparsegpt and magnitude at sparsity 0 are not no-ops: the reference mask (score <= sort(score)[0]) prunes one weight per block', async () => {
    const { reports } = await run({ spec: 'sparsegpt', params: { sparsity: 0 }, calibration: calibration() });
    // Every tiny layer has at most 64 inputs: one block of 128 columns.
    for (const r of reports) expect(r.achievedSparsity * r.rows * r.cols, r.module).toBe(1);
    // magnitude's rule is the same with one threshold per layer.
    const magnitude = await run({ spec: 'magnitude', params: { sparsity: 0 } });
    for (const r of magnitude.reports) expect(r.achievedSparsity * r.rows * r.cols, r.module).toBe(1);
  });

  const cases: Array<{ spec: string; params: CompressModelConfig['params']; sparsity: number | null; bits: number }> = [
    { spec: 'magnitude', params: { sparsity: 0.5 }, sparsity: 0.5, bits: 32 },
    { spec: 'wanda', params: { sparsity: 0.5 }, sparsity: 0.5, bits: 32 },
    { spec: 'sparsegpt', params: { sparsity: 0.5 }, sparsity: 0.5, bits: 32 },
    { spec: 'wanda', params: { pattern: { n: 2, m: 4 } }, sparsity: 0.5, bits: 32 },
    { spec: 'rtn', params: { bits: 4, group: 16 }, sparsity: null, bits: 4 },
    { spec: 'gptq', params: { bits: 4, group: 16 }, sparsity: null, bits: 4 },
    { spec: 'awq', params: { bits: 4, group: 16 }, sparsity: null, bits: 4 },
    { spec: 'int8', params: {}, sparsity: null, bits: 8 },
    { spec: 'wanda+rtn', params: { sparsity: 0.5, bits: 4, group: 16 }, sparsity: 0.5, bits: 4 },
  ];
  it.each(cases)('$spec changes the logits; achieved sparsity and bits are what was asked', async ({ spec, params, sparsity, bits }) => {
    const { store, reports } = await run({ spec, params, calibration: calibration() });
    expect(reports).toHaveLength(patchable.index.linears.length);
    for (const r of reports) {
      // magnitude and sparsegpt prune score <= sort(score)[floor(n * s)] (one threshold per layer,
      // per 128-column block for sparsegpt): one weight more than n * s, plus ties.
      const extra = spec === 'magnitude' || spec === 'sparsegpt' ? 1 / (r.rows * r.cols) : 0;
      if (sparsity !== null) expect(r.achievedSparsity - sparsity, r.module).toBeGreaterThanOrEqual(0);
      if (sparsity !== null) expect(r.achievedSparsity - sparsity, r.module).toBeLessThanOrEqual(extra);
      // LLM.int8 counts the input columns it keeps in fp32 into its bits per weight.
      if (spec === 'int8') expect(r.bits, r.module).toBeGreaterThanOrEqual(bits);
      else expect(r.bits, r.module).toBe(bits);
      expect(r.relErr).toBeGreaterThan(0);
    }
    const logits = await logitsWith(patchable, store.patched, probe);
    expect(maxAbsDiff(logits, await dense())).toBeGreaterThan(1e-3);
  });

  it('awq calibrates on more tokens than the activation sample keeps (2,112 tokens, a sample of every second)', async () => {
    const many = randomWindows(132, 16, 9);
    const { reports } = await run({ spec: 'awq', params: { bits: 4, group: 16 }, calibration: { windows: many, mode: 'one-shot', runtime: wasmRuntime() } });
    expect(reports).toHaveLength(patchable.index.linears.length);
    for (const r of reports) expect(r.bits, r.module).toBe(4);
  });

  it('one-shot and sequential both run; for sparsegpt they agree on layer 0 and differ after it', async () => {
    const oneShot = await run({ spec: 'sparsegpt', params: { sparsity: 0.5 }, calibration: calibration('one-shot') });
    const sequential = await run({ spec: 'sparsegpt', params: { sparsity: 0.5 }, calibration: calibration('sequential') });
    expect(oneShot.mode).toBe('one-shot');
    expect(sequential.mode).toBe('sequential');
    expect(oneShot.calibrationPasses).toBe(1);
    expect(sequential.calibrationPasses).toBe(2);
    const byLayer = (layer: number): LinearWeight[] => patchable.index.linears.filter((l) => l.layer === layer);
    // Layer 0 sees the dense embeddings either way.
    for (const l of byLayer(0)) expect(sequential.store.readPatched(l).data, l.module).toEqual(oneShot.store.readPatched(l).data);
    // Layer 1's inputs come from a pruned layer 0 in sequential mode only.
    for (const l of byLayer(1)) expect(maxAbsDiff(sequential.store.readPatched(l).data, oneShot.store.readPatched(l).data), l.module).toBeGreaterThan(0);
  });

  it('sequential: layer 1 is compressed from the statistics of the model whose layer 0 is compressed', async () => {
    const sequential = await run({ spec: 'sparsegpt', params: { sparsity: 0.5 }, calibration: calibration('sequential') });
    // Rebuild by hand: layer 0 from the sequential run, the rest dense, then calibrate and compress layer 1.
    const store = patchable.newStore();
    const layer = (b: number) => patchable.index.linears.filter((l) => l.layer === b);
    for (const l of layer(0)) store.write(l, sequential.store.readPatched(l));
    const cap = buildCaptureModel(patchable.model, layer(1));
    const session = await openCaptureSession(wasmRuntime(), patchable.model, cap, patchable.externalData(store.patched));
    let stats: Map<string, LayerStats>;
    try {
      stats = await calibrateCaptures(session, cap.captures, { backend: 'cpu', needs: ['hessian'], windows });
    } finally {
      await session.release();
    }
    for (const l of layer(1)) {
      const r = await compress('sparsegpt', await store.readDense(l), stats.get(cap.byModule.get(l.module)!.output)!, { sparsity: 0.5 }, { backend: 'cpu' });
      expect(sequential.store.readPatched(l).data, l.module).toEqual(r.weight);
    }
  });

  it('OWL sets per-layer sparsities whose mean is the target and reports what each layer got', async () => {
    const stages: string[] = [];
    const { reports, schedule, calibrationPasses } = await run({
      spec: 'wanda',
      params: { sparsity: 0.5 },
      schedule: { kind: 'owl', m: 3, lambda: 0.08 },
      calibration: calibration(),
      onProgress: (p) => stages.push(p.stage),
    });
    // A pass over the dense model for the ranking, then wanda's one-shot pass.
    expect(calibrationPasses).toBe(2);
    expect([...new Set(stages)]).toEqual(['schedule', 'calibrate', 'compress', 'done']);
    expect(stages.filter((s) => s === 'schedule')).toHaveLength(windows.length + 1);
    expect(schedule!.outlierRatio).toHaveLength(2);
    const [s0, s1] = schedule!.sparsity;
    expect((s0 + s1) / 2).toBeCloseTo(0.5, 12);
    expect(s0).not.toBe(s1); // two random layers have different outlier ratios
    expect(Math.abs(s0 - s1)).toBeCloseTo(0.16, 12); // max - min of the normalised ratios is 2 lambda
    for (const r of reports) {
      expect(r.requestedSparsity).toBe(schedule!.sparsity[r.layer!]);
      // wanda prunes floor(in * s) per row: achieved within one weight a row of the request.
      expect(Math.abs(r.achievedSparsity - r.requestedSparsity!)).toBeLessThanOrEqual(1 / r.cols);
    }
    // The layer with more outliers is pruned less.
    const [d0, d1] = schedule!.outlierRatio!;
    expect(Math.sign(s1 - s0)).toBe(-Math.sign(d1 - d0));
  });

  it('compresses lm_head only when asked for, after the decoder layers', async () => {
    const { reports, store, calibrationPasses } = await run({ spec: 'wanda', params: { sparsity: 0.3 }, includeLmHead: true, calibration: calibration('sequential') });
    expect(reports.at(-1)).toMatchObject({ module: 'lm_head', layer: null, requestedSparsity: 0.3 });
    expect(calibrationPasses).toBe(3); // two decoder layers, then lm_head's input from the compressed stack
    expect(readWeight(store.patched, patchable.index.lmHead!).data).not.toEqual(readWeight(patchable.master, patchable.index.lmHead!).data);
    const tied = tinyFixture('qwen2');
    await expect(compressModel(tied.patchable, tied.patchable.newStore(), { spec: 'magnitude', params: { sparsity: 0.3 }, backend: 'cpu', includeLmHead: true })).resolves.toBeDefined();
  });

  it('reports progress by stage up to 100 percent', async () => {
    const seen: CompressProgress[] = [];
    await run({ spec: 'wanda', params: { sparsity: 0.5 }, calibration: calibration('sequential'), onProgress: (p) => seen.push(p) });
    const stages = [...new Set(seen.map((p) => p.stage))];
    expect(stages).toEqual(['calibrate', 'compress', 'done']);
    for (let i = 1; i < seen.length; i++) expect(seen[i].percent).toBeGreaterThanOrEqual(seen[i - 1].percent);
    expect(seen.at(-1)).toMatchObject({ stage: 'done', percent: 100, layer: 14, total: 14 });
    // Sequential: the calibration of layer 1 comes after the compression of layer 0.
    const firstCal1 = seen.findIndex((p) => p.stage === 'calibrate' && p.decoderLayer === 1);
    const lastComp0 = seen.findLastIndex((p) => p.stage === 'compress' && p.decoderLayer === 0);
    expect(firstCal1).toBeGreaterThan(lastComp0);
  });

  it('stops between layers on abort, keeping the finished layers and their reports', async () => {
    const controller = new AbortController();
    const store = patchable.newStore();
    let finished = 0;
    const err = await compressModel(patchable, store, {
      spec: 'magnitude',
      params: { sparsity: 0.5 },
      backend: 'cpu',
      signal: controller.signal,
      onLayerResult: () => {
        if (++finished === 3) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CompressModelError);
    const e = err as CompressModelError;
    expect(e.aborted).toBe(true);
    expect(e.stage).toBe('compress');
    expect(e.module).toBe(patchable.index.linears[3].module);
    expect(e.reports.map((r) => r.module)).toEqual(patchable.index.linears.slice(0, 3).map((l) => l.module));
    expect(store.modified).toEqual(patchable.index.linears.slice(0, 3).map((l) => l.module));
  });

  it('stops during calibration on abort, naming the stage', async () => {
    const controller = new AbortController();
    let windowsSeen = 0;
    const err = await compressModel(patchable, patchable.newStore(), {
      spec: 'wanda',
      params: { sparsity: 0.5 },
      backend: 'cpu',
      calibration: calibration('sequential'),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'calibrate' && ++windowsSeen === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect((err as CompressModelError).aborted).toBe(true);
    expect((err as CompressModelError).stage).toBe('calibrate');
    expect((err as CompressModelError).decoderLayer).toBe(0);
    expect((err as CompressModelError).reports).toEqual([]);
  });

  it('reports N:M requests as n/m and refuses OWL with a fixed pattern', async () => {
    const { reports } = await run({ spec: 'magnitude', params: { pattern: { n: 2, m: 4 } } });
    for (const r of reports) expect([r.requestedSparsity, r.achievedSparsity]).toEqual([0.5, 0.5]);
    const err = await compressModel(patchable, patchable.newStore(), { spec: 'wanda', params: { pattern: { n: 2, m: 4 } }, backend: 'cpu', schedule: { kind: 'owl' }, calibration: calibration() }).catch((e: unknown) => e);
    expect((err as CompressModelError).stage).toBe('plan');
    expect((err as Error).message).toMatch(/2:4 pattern/);
  });

  it('names the stage and the layer of a failure', async () => {
    // 2:32 fits the 32-wide inputs but not down_proj's 48: the seventh weight fails.
    const odd = tinyFixture('llama', { seed: 4, dims: { intermediate: 48 } }).patchable;
    const store = odd.newStore();
    const bad = await compressModel(odd, store, { spec: 'magnitude', params: { pattern: { n: 2, m: 32 } }, backend: 'cpu' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CompressModelError);
    const e = bad as CompressModelError;
    expect(e.stage).toBe('compress');
    expect(e.module).toBe('model.layers.0.mlp.down_proj');
    expect(e.decoderLayer).toBe(0);
    expect(e.message).toMatch(/^compress failed at model\.layers\.0\.mlp\.down_proj: /);
    expect(e.reports.map((r) => r.role)).toEqual(['q', 'k', 'v', 'o', 'gate', 'up']);
    expect(store.modified).toHaveLength(6);
    const target = await compressModel(patchable, patchable.newStore(), { spec: 'wanda', params: { sparsity: 1.5 }, backend: 'cpu', calibration: calibration() }).catch((e: unknown) => e);
    expect((target as CompressModelError).stage).toBe('plan');
    expect((target as Error).message).toMatch(/target sparsity must be in \[0, 1\)/);
    const noCalib = await compressModel(patchable, patchable.newStore(), { spec: 'sparsegpt', params: { sparsity: 0.5 }, backend: 'cpu' }).catch((e: unknown) => e);
    expect((noCalib as CompressModelError).stage).toBe('plan');
    expect((noCalib as Error).message).toMatch(/needs calibration windows/);
    const owlQuant = await compressModel(patchable, patchable.newStore(), { spec: 'rtn', params: { bits: 4 }, backend: 'cpu', schedule: { kind: 'owl' }, calibration: calibration() }).catch((e: unknown) => e);
    expect((owlQuant as Error).message).toMatch(/does not prune/);
  });

  it('one-shot calibration splits into passes under a statistics budget', async () => {
    const config = { spec: 'sparsegpt', params: { sparsity: 0.5 } };
    const whole = await run({ ...config, calibration: calibration('one-shot') });
    const split = await run({ ...config, calibration: { ...calibration('one-shot')!, statsBudgetBytes: 1 } });
    expect(split.calibrationPasses).toBe(2);
    // Same dense statistics, so the same weights.
    for (const l of patchable.index.linears) expect(split.store.readPatched(l).data).toEqual(whole.store.readPatched(l).data);
  });

  it('one-shot passes on a store without the dense bytes in memory calibrate on the dense model: the same weights as one pass and as the two-copy store', async () => {
    const config = { spec: 'sparsegpt', params: { sparsity: 0.5 } };
    const whole = await run({ ...config, calibration: calibration('one-shot') });
    const twoCopies = await run({ ...config, calibration: { ...calibration('one-shot')!, statsBudgetBytes: 1 } });
    const source = outsideMemorySource(patchable.master);
    const store = await WeightStore.open(source);
    const out = await compressModel(patchable, store, { backend: 'cpu', ...config, calibration: { ...calibration('one-shot')!, statsBudgetBytes: 1 } });
    expect(out.calibrationPasses).toBe(2);
    // The first pass's weights waited in a spill until the second pass had calibrated.
    expect(source.stats.spills).toHaveLength(1);
    expect(source.stats.spills[0].modules).toEqual([]);
    for (const l of patchable.index.linears) {
      expect(store.readPatched(l).data, l.module).toEqual(whole.store.readPatched(l).data);
      expect(store.readPatched(l).data, l.module).toEqual(twoCopies.store.readPatched(l).data);
    }
    expect(store.patched).toEqual(twoCopies.store.patched);
    // Sequential calibration needs no spill: its passes see the compressed layers before them.
    const sequentialSource = outsideMemorySource(patchable.master);
    const sequential = await WeightStore.open(sequentialSource);
    await compressModel(patchable, sequential, { backend: 'cpu', ...config, calibration: calibration('sequential') });
    expect(sequentialSource.stats.spills).toHaveLength(0);
    const reference = await run({ ...config, calibration: calibration('sequential') });
    expect(sequential.patched).toEqual(reference.store.patched);
  });

  it('OWL on a store without the dense bytes in memory gives the same schedule and weights as the two-copy store', async () => {
    const config = { spec: 'wanda', params: { sparsity: 0.5 }, schedule: { kind: 'owl' as const, lambda: 0.08 } };
    const twoCopies = await run({ ...config, calibration: calibration('one-shot') });
    const store = await WeightStore.open(outsideMemorySource(patchable.master));
    const out = await compressModel(patchable, store, { backend: 'cpu', ...config, calibration: calibration('one-shot') });
    expect(out.schedule).toEqual(twoCopies.schedule);
    expect(store.patched).toEqual(twoCopies.store.patched);
  });

  it('refuses a store whose patched copy is not dense', async () => {
    const store = patchable.newStore();
    const first = patchable.index.linears[0];
    store.write(first, await store.readDense(first));
    const err = await compressModel(patchable, store, { spec: 'magnitude', params: { sparsity: 0.5 }, backend: 'cpu' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/not dense \(1 weights written\): restore it first/);
    await store.restoreAll();
    await expect(compressModel(patchable, store, { spec: 'magnitude', params: { sparsity: 0.5 }, backend: 'cpu' })).resolves.toBeDefined();
  });
});

describe.each([...LAYOUT_NAMES.map((layout) => ({ id: layout, layout, spec: {} })), { id: 'llama-gemm-t', layout: 'llama' as const, spec: { linear: 'gemm_t' as const } }])(
  'compressModel on the $id layout',
  ({ layout, spec }) => {
    it('calibrates every linear input, writes every result and moves the logits (sparsegpt, sequential)', async () => {
      const { patchable: p } = tinyFixture(layout, { seed: 12, spec });
      const store = p.newStore();
      const results = new Map<string, CompressResult>();
      const out = await compressModel(p, store, {
        spec: 'sparsegpt',
        params: { sparsity: 0.5 },
        backend: 'cpu',
        calibration: { windows: randomWindows(2, 12, 3), mode: 'sequential', runtime: wasmRuntime() },
        onLayerResult: (l, r) => results.set(l.module, r),
      });
      expect(out.reports.map((r) => r.module)).toEqual(p.index.linears.map((l) => l.module));
      for (const l of p.index.linears) expect(readWeight(store.patched, l).data, l.module).toEqual(results.get(l.module)!.weight);
      const ids = randomWindows(1, 8, 4)[0];
      expect(maxAbsDiff(await logitsWith(p, store.patched, ids), await logitsWith(p, p.master, ids))).toBeGreaterThan(1e-3);
    });
  },
);
