// The bridge between a sweep and the lab worker (src/worker/lab-protocol.ts): the run config for
// a sweep's points (all of them, or the pending ones when resuming), and each finished point
// result turned into a sweep point for the history.
import type { CompressionPoint, LabRunInput, PointResult } from '../worker/lab-protocol.ts';
import { BUILTIN_SOURCE_LABEL } from '../tasks/datasets/sources.ts';
import { DENSE_METHOD, effectiveTaskData, pointKey, sweepPointSchema, type LayerReport, type PointSpec, type Sweep, type SweepConfig, type SweepPoint, type TaskData, type TaskExamples } from './sweep.ts';

type CompressionPointInput = Omit<CompressionPoint, 'schedule'> & { schedule?: CompressionPoint['schedule'] };

/** Parameters of the compression methods the worker accepts (others in a method's params are ignored). */
const COMPRESS_KEYS = ['group', 'sym', 'actOrder', 'damp', 'blocksize', 'clip', 'threshold'] as const;

/** What the worker runs for one compressed point; the method's fixed parameters included. */
export function compressionPointOf(spec: PointSpec, config: SweepConfig): CompressionPointInput {
  if (spec.method === DENSE_METHOD) throw new Error('the dense point is not a compression point');
  const fixed = config.methods.find((m) => m.id === spec.method)?.params ?? {};
  const params: CompressionPoint['params'] = {};
  for (const key of COMPRESS_KEYS) {
    const v = fixed[key];
    if (v === undefined || v === null) continue;
    (params as Record<string, unknown>)[key] = v;
  }
  if (spec.sparsity !== null) params.sparsity = spec.sparsity;
  if (spec.pattern !== null) {
    const [n, m] = spec.pattern.split(':').map(Number);
    params.pattern = { n, m };
  }
  if (spec.bits !== null) params.bits = spec.bits;
  return { spec: spec.method, params, schedule: fixed.schedule === 'owl' ? 'owl' : 'uniform' };
}

/**
 * A sweep's config with the task data its finished points were read from, where the config does not
 * say (sweeps made before the choice was kept: their hub models read the hub), so that resuming or
 * re-running one reads the same data.
 */
export function withRecordedTaskData(sweep: Pick<Sweep, 'config' | 'points'>): SweepConfig {
  if (sweep.config.taskData) return sweep.config;
  const source = sweep.points.flatMap((p) => p.record.suite)[0]?.source ?? '';
  const prefixes: [string, TaskData][] = [['hub:', 'hub'], ['kickworld:', 'kickworld'], [BUILTIN_SOURCE_LABEL, 'builtin']];
  const taskData = prefixes.find(([prefix]) => source.startsWith(prefix))?.[1];
  return taskData ? { ...sweep.config, taskData } : sweep.config;
}

/** The worker's suite and data source for the sweep's choice of task data (none: the worker's defaults). */
function taskDataInput(config: SweepConfig): Pick<LabRunInput['tasks'], 'suite' | 'data'> {
  if (!config.taskData) return {};
  const data = effectiveTaskData(config.model.id, config.taskData);
  return data === 'kickworld' ? { suite: 'kickworld' } : { suite: 'kick', data };
}

/**
 * The worker's run config for `points` of a sweep (dense included when among them). Each task
 * gets the example count asked for it; a task asking for 'full' keeps the suite's default.
 */
export function labRunInputOf(config: SweepConfig, points: PointSpec[]): LabRunInput {
  const m = config.model;
  const sizes = Object.fromEntries(config.tasks.flatMap((t) => (typeof t.size === 'number' ? [[t.task, t.size]] : [])));
  const cal = config.calibration;
  return {
    model: m.id === 'kick-tiny' ? { kind: 'builtin', id: 'kick-tiny' } : { kind: 'hub', id: m.id, revision: m.revision },
    device: config.device,
    // Unless chosen, the kernels follow the device: on a wasm-only run the CPU twins.
    kernels: config.kernels ?? (config.device === 'wasm' ? 'cpu' : 'auto'),
    dense: points.some((p) => p.method === DENSE_METHOD),
    points: points.filter((p) => p.method !== DENSE_METHOD).map((p) => compressionPointOf(p, config)),
    ...(cal ? { calibration: { source: cal.dataset === 'c4' ? ('c4' as const) : ('builtin' as const), nsamples: cal.samples, seqlen: cal.seqLen, seed: cal.seed, mode: cal.mode } } : {}),
    tasks: { ids: config.tasks.map((t) => t.task), limit: null, sizes, seed: config.seed, ...taskDataInput(config) },
    judge: config.judge ? { url: config.judge.url, model: config.judge.model } : null,
  };
}

/**
 * The spec sent for a point index of the worker's events: -1 is dense, others index the compressed
 * points sent (the order of labRunInputOf). Null when no such point was sent: the worker speaks of
 * point -1 while it loads the model, dense or not.
 */
export function specAt(point: number, sent: PointSpec[]): PointSpec | null {
  if (point < 0) return sent.find((p) => p.method === DENSE_METHOD) ?? null;
  return sent.filter((p) => p.method !== DENSE_METHOD)[point] ?? null;
}

/** The spec of a finished point; a result for a point that was not sent is the worker's mistake. */
export function specOfResult(result: PointResult, sent: PointSpec[]): PointSpec {
  const spec = specAt(result.point, sent);
  if (spec) return spec;
  if (result.point < 0) throw new Error('the worker reported the dense point, which was not sent');
  const compressed = sent.filter((p) => p.method !== DENSE_METHOD).length;
  throw new Error(`the worker reported point ${result.point}, but only ${compressed} were sent`);
}

export function layerFromRun(l: PointResult['layers'][number]): LayerReport {
  return {
    module: l.module,
    role: l.role,
    layer: l.layer,
    shape: [l.rows, l.cols],
    sparsity: l.achievedSparsity,
    bits: l.bits,
    relErr: Number.isFinite(l.relErr) ? l.relErr : null,
    ms: l.ms,
  };
}

/** A worker result as a validated sweep point (per-example records kept per task). */
export function sweepPointFromRun(spec: PointSpec, result: PointResult, finishedAt = new Date()): SweepPoint {
  const examples: TaskExamples[] = result.results.map((r) => ({ task: r.task, examples: r.examples.map(dropUndefined) }));
  return sweepPointSchema.parse({
    key: pointKey(spec),
    spec,
    record: result.record,
    layers: result.layers.map(layerFromRun),
    examples,
    finishedAt: finishedAt.toISOString(),
  });
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
