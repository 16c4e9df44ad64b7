import { describe, expect, it } from 'vitest';
import { labRunConfigSchema, type PointResult } from '../worker/lab-protocol.ts';
import { paperFindingConfig, paperFindingSweep, quantSweepConfig, unfinishedSweep } from '../../test/state/sweep-fixtures.ts';
import { compressionPointOf, labRunInputOf, layerFromRun, specAt, specOfResult, sweepPointFromRun, withRecordedTaskData } from './from-run.ts';
import { DENSE_SPEC, pendingPoints, planPoints, pointKey } from './sweep.ts';

describe('the task data of a sweep made before the choice was kept', () => {
  it('is read from where its finished points read theirs, so a re-run reads the same', () => {
    const sweep = paperFindingSweep();
    const withSource = (source: string) => ({ ...sweep, points: sweep.points.map((p) => ({ ...p, record: { ...p.record, suite: p.record.suite.map((e) => ({ ...e, source })) } })) });
    expect(sweep.config.taskData).toBeUndefined();
    expect(withRecordedTaskData(withSource('hub:datasets-server/cais/mmlu/all/test')).taskData).toBe('hub');
    expect(labRunInputOf(withRecordedTaskData(withSource('hub:datasets-server/cais/mmlu/all/test')), []).tasks).toMatchObject({ suite: 'kick', data: 'hub' });
    expect(withRecordedTaskData(withSource('builtin:public/datasets')).taskData).toBe('builtin');
    expect(withRecordedTaskData(withSource('kickworld:1.0.0')).taskData).toBe('kickworld');
    // A folder or URL the user gave is not a choice the setup offers: the config stays as it is.
    expect(withRecordedTaskData(withSource('folder:mine')).taskData).toBeUndefined();
    expect(withRecordedTaskData({ ...withSource('hub:x'), config: { ...sweep.config, taskData: 'builtin' } }).taskData).toBe('builtin');
    expect(withRecordedTaskData({ ...sweep, points: [] })).toBe(sweep.config);
  });
});

describe('sweep to worker run config', () => {
  it('sends every planned point with the methods\' fixed parameters, valid for the worker', () => {
    const cfg = quantSweepConfig();
    const input = labRunInputOf(cfg, planPoints(cfg));
    const parsed = labRunConfigSchema.parse(input);
    expect(parsed.dense).toBe(true);
    expect(parsed.model).toEqual({ kind: 'builtin', id: 'kick-tiny' });
    expect(parsed.points.map((p) => p.spec)).toEqual(['rtn', 'rtn', 'rtn', 'gptq', 'gptq', 'gptq', 'wanda']);
    expect(parsed.points[1].params).toEqual({ group: 128, sym: false, bits: 4 });
    expect(parsed.points[4].params).toEqual({ group: 128, sym: false, damp: 0.01, bits: 4 });
    expect(parsed.points[6].params).toEqual({ pattern: { n: 2, m: 4 } });
    expect(parsed.calibration).toMatchObject({ nsamples: 16, seqlen: 128, mode: 'sequential' });
    expect(parsed.tasks).toEqual({ ids: ['factoid', 'icr_open', 'perplexity'], data: 'builtin', limit: null, sizes: { factoid: 20, icr_open: 20 }, seed: 1234 });
  });

  it('resumes with the pending points only, without dense once dense is done', () => {
    const s = unfinishedSweep(3);
    const pending = pendingPoints(s);
    const input = labRunConfigSchema.parse(labRunInputOf(s.config, pending));
    expect(input.dense).toBe(false);
    expect(input.points.map((p) => [p.spec, p.params.sparsity])).toEqual([['magnitude', 0.7], ['wanda', 0.3], ['wanda', 0.5], ['wanda', 0.7]]);
    const sizes = { ...paperFindingConfig(), tasks: [{ task: 'factoid' as const, size: 20 }, { task: 'icr_open' as const, size: 50 }] };
    // Each task's count as asked, not the largest for all.
    expect(labRunInputOf(sizes, pending).tasks).toMatchObject({ limit: null, sizes: { factoid: 20, icr_open: 50 } });
    expect(compressionPointOf({ method: 'wanda', sparsity: 0.5, pattern: null, bits: null }, { ...sizes, methods: [{ id: 'wanda', params: { schedule: 'owl' } }] }).schedule).toBe('owl');
  });
});

describe('where the compression kernels run', () => {
  it('follows the device unless chosen: the CPU twins on a wasm-only run, else auto; a choice is kept', () => {
    const cfg = paperFindingConfig();
    const kernels = (c: typeof cfg) => labRunConfigSchema.parse(labRunInputOf(c, planPoints(c))).kernels;
    expect(cfg.kernels).toBeUndefined();
    expect(kernels(cfg)).toBe('auto');
    expect(kernels({ ...cfg, device: 'wasm' })).toBe('cpu');
    expect(kernels({ ...cfg, device: 'wasm', kernels: 'webgpu' })).toBe('webgpu');
    expect(kernels({ ...cfg, device: 'webgpu', kernels: 'cpu' })).toBe('cpu');
  });
});

describe('worker results to sweep points', () => {
  const fixture = paperFindingSweep().points.find((p) => p.key === 'wanda|s=0.5')!;

  function result(point: number): PointResult {
    return {
      point,
      label: 'wanda 50%',
      spec: 'wanda',
      layers: [
        { module: 'model.layers.0.self_attn.q_proj', role: 'q', layer: 0, rows: 256, cols: 256, requestedSparsity: 0.5, achievedSparsity: 0.5, bits: 32, relErr: 0.41, ms: 3, backend: 'webgpu' },
        { module: 'lm_head', role: 'lm_head', layer: null, rows: 2048, cols: 256, requestedSparsity: 0.5, achievedSparsity: 0.5, bits: 32, relErr: Number.POSITIVE_INFINITY, ms: 9, backend: 'cpu' },
      ],
      record: fixture.record,
      results: fixture.examples.map((t) => ({
        task: t.task,
        dataset: 'kickworld',
        kick: fixture.record.scores.find((s) => s.task === t.task)!.kick,
        strict: fixture.record.scores.find((s) => s.task === t.task)!.strict,
        metrics: {},
        groups: [],
        examples: t.examples.map((e) => ({ ...e, notes: undefined })),
        skipped: { empty: 0, oversized: 0, noContext: 0 },
        truncated: 0,
        timingMs: 1,
      })),
      failures: [],
    };
  }

  it('maps the worker\'s point index back to the spec sent', () => {
    const resumed = pendingPoints(unfinishedSweep(4));
    expect(pointKey(specOfResult(result(0), resumed))).toBe('wanda|s=0.3');
    expect(() => specOfResult(result(9), resumed)).toThrow(/only 3 were sent/);
    // Dense was finished before the resume, so a dense result cannot be one of these points.
    expect(() => specOfResult({ ...result(0), point: -1 }, resumed)).toThrow(/dense point, which was not sent/);
    const fresh = planPoints(paperFindingConfig());
    expect(specOfResult({ ...result(0), point: -1 }, fresh)).toEqual(DENSE_SPEC);
    expect(pointKey(specOfResult(result(0), fresh))).toBe(pointKey(fresh[1]));
  });

  it('names the point of progress and errors, or none while the model loads for a resumed run', () => {
    const fresh = planPoints(paperFindingConfig());
    const resumed = pendingPoints(unfinishedSweep(4));
    expect(specAt(-1, fresh)).toEqual(DENSE_SPEC);
    expect(specAt(-1, resumed)).toBeNull();
    expect(specAt(2, resumed)).toEqual(resumed[2]);
    expect(specAt(3, resumed)).toBeNull();
  });

  it('keeps the record, layers (shape, achieved sparsity) and examples, validated', () => {
    const spec = { method: 'wanda', sparsity: 0.5, pattern: null, bits: null };
    const p = sweepPointFromRun(spec, result(4), new Date('2026-11-29T02:00:00.000Z'));
    expect(p.key).toBe('wanda|s=0.5');
    expect(p.record).toEqual(fixture.record);
    expect(p.layers[0]).toEqual({ module: 'model.layers.0.self_attn.q_proj', role: 'q', layer: 0, shape: [256, 256], sparsity: 0.5, bits: 32, relErr: 0.41, ms: 3 });
    expect(p.layers[1].layer).toBeNull();
    expect(p.layers[1].relErr).toBeNull();
    expect(p.examples).toEqual(fixture.examples);
    expect(layerFromRun(result(0).layers[0]).shape).toEqual([256, 256]);
  });
});
