// One lab run: resolve the model, evaluate the dense baseline, then compress and evaluate each
// point of the sweep. Runs inside the lab worker (or a test page); reports progress, each finished
// point, and errors that name the stage and the layer or task. A failure or a cancel keeps every
// point already finished.
import type * as Ort from 'onnxruntime-web';
import { APP_VERSION } from '../app-version.ts';
import { formatPattern } from '../compress/params.ts';
import { recipeNeeds, recipeParams, resolveRecipe } from '../compress/registry.ts';
import type { Backend, CompressParams } from '../compress/types.ts';
import { calibrationSet, type CalibrationSet } from '../model/calibrate/calibration-text.ts';
import { CompressModelError, compressModel, type LayerReport } from '../model/compress/compress-model.ts';
import type { OrtRuntime } from '../model/calibrate/capture-session.ts';
import type { DownloadProgress } from '../net/download.ts';
import { SessionLanguageModel } from '../model/evaluate/session-language-model.ts';
import { WeightStore } from '../model/weights/weight-store.ts';
import { explainAllocationFailure, fitProblem } from '../model/load/fits.ts';
import { makePatchable, type PatchableModel } from '../model/weights/patchable.ts';
import { chooseDevice, defaultAdapterSource } from '../model/evaluate/execution-device.ts';
import { resolveModel, type ModelSource, type ResolvedModel } from '../model/load/resolve.ts';
import { createModelSession, type ModelSession } from '../model/evaluate/model-session.ts';
import { loadC4, loadMany } from '../tasks/datasets/loaders.ts';
import type { DataSource } from '../tasks/datasets/sources.ts';
import { OpenAiJudgeClient } from '../tasks/judge/openai-client.ts';
import { loadKickworld } from '../tasks/kickworld-suite.ts';
import type { RunRecord } from '../tasks/record.ts';
import type { TaskId, TaskResult } from '../tasks/result.ts';
import { buildRunRecord, runSuite, TASK_DATASET, type LoadedSets, type SuiteConfig, type SuiteSizes } from '../tasks/suite.ts';
import { kickworldCalibrationText } from './builtin-calibration.ts';
import type { CompressionPoint, LabError, LabEvent, LabRunConfig, LabRunSummary, LabStage, PointResult } from './lab-protocol.ts';
import { ProgressClock } from './progress-clock.ts';

export interface LabEnvironment {
  /** Folder URL of the built-in models (the app serves public/models/ at /models/). */
  modelsBaseUrl: string;
  /** The built-in KICK-world suite. */
  kickworldUrl: string;
  /** Where LLM-KICK's data sets come from for hub models. */
  datasets: DataSource;
  /** onnxruntime-web, for the calibration graphs. */
  ort: OrtRuntime;
  /** Whether WebGPU kernels can run here (an adapter exists). */
  webgpuKernels: boolean;
  /** Files for a model already in memory (tests); skips resolving. */
  preloaded?: ResolvedModel;
}

class StageError extends Error {
  constructor(
    readonly stage: LabStage,
    readonly where: string | null,
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error instanceof CompressModelError && error.aborted));
}

function sourceOf(config: LabRunConfig, env: LabEnvironment): ModelSource {
  const m = config.model;
  if (m.kind === 'builtin') return { kind: 'url', baseUrl: `${env.modelsBaseUrl}${m.id}/`, name: m.id };
  if (m.kind === 'hub') return { kind: 'hub', id: m.id, revision: m.revision };
  return { kind: 'url', baseUrl: m.baseUrl };
}

/** Summaries by story key and answers by question id, as the free-form tasks compare them. */
function denseOutputsOf(results: TaskResult[]): NonNullable<SuiteConfig['dense']> {
  const of = (task: TaskId) => results.find((r) => r.task === task)?.examples ?? [];
  return {
    summarization: new Map(of('summarization').map((e) => [e.id, e.output])),
    instruction: new Map(of('instruction').map((e) => [Number(e.id), e.output])),
  };
}

/** Why the model cannot be evaluated on the device this run will use, or null. */
async function fitsHere(config: LabRunConfig, patchable: PatchableModel, model: string): Promise<string | null> {
  const { device } = await chooseDevice(config.device);
  const adapter = device === 'webgpu' ? await defaultAdapterSource()?.requestAdapter({ powerPreference: 'high-performance' }) : null;
  return fitProblem({
    model,
    weightBytes: patchable.master.byteLength,
    index: patchable.index,
    elementBytes: patchable.index.linears[0]?.dtype === 'fp16' ? 2 : 4,
    device,
    gpuMaxBufferSize: adapter?.limits.maxBufferSize,
  });
}

/** Record-friendly parameters: N:M patterns as "2:4". */
function flatParams(params: CompressParams): Record<string, number | string | boolean | null> {
  const out: Record<string, number | string | boolean | null> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out[key] = key === 'pattern' ? formatPattern(value as CompressParams['pattern']) : (value as number | string | boolean);
  }
  return out;
}

export function pointLabel(point: CompressionPoint | null): string {
  if (!point) return 'dense';
  const p = point.params;
  const bits = p.bits !== undefined && point.spec.match(/rtn|gptq|awq/) ? ` ${p.bits}-bit` : '';
  const sparsity = p.pattern && p.pattern !== 'unstructured' ? ` ${formatPattern(p.pattern)}` : p.sparsity !== undefined && point.spec.match(/magnitude|wanda|sparsegpt/) ? ` ${Math.round(p.sparsity * 100)}%` : '';
  return `${point.spec}${sparsity}${bits}${point.schedule === 'owl' ? ' (OWL)' : ''}`;
}

function suiteSizes(limit: number | null): Partial<SuiteSizes> | 'laptop' {
  if (limit === null) return 'laptop';
  return { factoid: limit, mcrPerSubject: limit, icr: limit, summarizationPerBucket: limit, instructionPerCategory: limit };
}

export async function runLab(config: LabRunConfig, env: LabEnvironment, emit: (event: LabEvent) => void, signal: AbortSignal): Promise<LabRunSummary> {
  const started = performance.now();
  const points: PointResult[] = [];
  const errors: LabError[] = [];
  const clock = new ProgressClock();
  let current = { point: -1, label: 'dense' };
  let device: string | null = null;

  const progress = (stage: LabStage, detail: string, percent: number) =>
    emit({ type: 'progress', progress: { ...current, stage, detail, percent, etaMs: clock.eta(percent) } });

  let modelName = config.model.kind === 'url' ? config.model.baseUrl : config.model.id;
  let weightBytes = 0;
  const fail = (raw: unknown, stage: LabStage, where: string | null): LabError => {
    const error = explainAllocationFailure(raw, modelName, weightBytes);
    const e: LabError = {
      point: current.point,
      stage: error instanceof StageError ? error.stage : stage,
      where: error instanceof StageError ? error.where : where,
      message: error instanceof Error ? error.message : String(error),
      cancelled: signal.aborted || isAbort(error),
    };
    errors.push(e);
    emit({ type: 'error', error: e });
    return e;
  };

  const summary = (): LabRunSummary => ({ points, errors, cancelled: signal.aborted, device, totalMs: performance.now() - started });

  // Model files and index.
  let resolved: ResolvedModel;
  let patchable: PatchableModel;
  try {
    clock.restart();
    resolved =
      env.preloaded ??
      (await resolveModel(sourceOf(config, env), {
        signal,
        onProgress: (p: DownloadProgress) => progress('download', p.file, p.total ? (100 * p.loaded) / p.total : 0),
      }));
    progress('index', resolved.onnxFile, 0);
    modelName = resolved.name;
    patchable = makePatchable(resolved.files, resolved.onnxFile);
    weightBytes = patchable.master.byteLength;
  } catch (error) {
    fail(error, errorsStage(error, 'download'), null);
    return summary();
  }
  try {
    const problem = await fitsHere(config, patchable, modelName);
    if (problem) throw new Error(problem);
  } catch (error) {
    fail(error, 'load', null);
    return summary();
  }
  const store = new WeightStore(patchable.master);

  // Task data.
  const suiteKind = config.tasks.suite ?? (config.model.kind === 'builtin' ? 'kickworld' : 'kick');
  let sets: LoadedSets;
  try {
    progress('data', suiteKind, 0);
    sets = await loadTaskData(suiteKind, config.tasks.ids, env, signal, (name, error) => fail(new StageError('data', name, error), 'data', name));
  } catch (error) {
    fail(error, 'data', null);
    return summary();
  }

  const judge = config.judge ? new OpenAiJudgeClient(config.judge) : undefined;
  // The dense model's free-form outputs, for the judge-free agreement measure of later points.
  let denseOutputs: SuiteConfig['dense'];
  const evaluate = async (session: ModelSession, point: CompressionPoint | null, layers: LayerReport[], calib: CalibrationSet | null, times: { compressMs?: number }) => {
    clock.restart();
    const t0 = performance.now();
    const lm = new SessionLanguageModel(session, { signal, batchSize: config.batchSize });
    device = session.device;
    const tasks = config.tasks.ids;
    const run = await runSuite(
      lm,
      sets,
      { tasks, seed: config.tasks.seed, sizes: suiteSizes(config.tasks.limit), judge, dense: point ? denseOutputs : undefined, signal, onProgress: (task, done, total) => progress('evaluate', `${task} ${done}/${total}`, (100 * (tasks.indexOf(task) + done / Math.max(total, 1))) / tasks.length) },
    );
    for (const f of run.failures) fail(new StageError('evaluate', f.task, f.error), 'evaluate', f.task);
    const record: RunRecord = await buildRunRecord(
      {
        appVersion: APP_VERSION,
        model: { id: resolved.name, revision: resolved.sha ?? resolved.revision ?? 'local', dtype: resolved.dtype },
        device: { backend: session.device },
        // The effective parameters, defaults included, so that a record alone reproduces the run.
        method: point ? { id: point.spec, params: { ...flatParams(recipeParams(resolveRecipe(point.spec), point.params)), schedule: point.schedule } } : { id: 'dense', params: {} },
        calibration: calib ? { dataset: { builtin: 'kickworld-bio', c4: 'c4', text: 'pasted text' }[config.calibration.source], samples: calib.nsamples, seqLen: calib.seqlen, seed: calib.seed, mode: config.calibration.mode } : null,
        judge: judge ? judge.toJSON() : null,
        timings: { totalMs: performance.now() - t0 + (times.compressMs ?? 0), ...times },
      },
      run,
    );
    if (!point) denseOutputs = denseOutputsOf(run.results);
    const result: PointResult = { point: current.point, label: current.label, spec: point?.spec ?? null, layers, record, results: run.results, failures: run.failures };
    points.push(result);
    emit({ type: 'point', result });
  };

  let session: ModelSession | null = null;
  try {
    // The dense session also provides the tokenizer for calibration windows.
    progress('load', 'dense model', 0);
    session = await createModelSession(patchable, store.master, { files: resolved.files, device: config.device, onnxFile: resolved.onnxFile });
    const dense = session;
    if (config.dense) {
      current = { point: -1, label: 'dense' };
      await evaluate(dense, null, [], null, {});
    }
    // After the baseline, so that a calibration source that fails to load loses nothing finished.
    let calib: CalibrationSet | null = null;
    if (needsCalibration(config) && config.points.length > 0) {
      current = { point: 0, label: pointLabel(config.points[0]) };
      progress('calibrate', 'calibration text', 0);
      calib = calibrationWindows(config, dense, await calibrationText(config, env));
    }
    for (let i = 0; i < config.points.length; i++) {
      if (signal.aborted) break;
      const point = config.points[i];
      current = { point: i, label: pointLabel(point) };
      try {
        await session?.dispose();
        session = null;
        store.restoreAll();
        clock.restart();
        const t0 = performance.now();
        const backend: Backend = config.kernels === 'auto' ? (env.webgpuKernels ? 'webgpu' : 'cpu') : config.kernels;
        const compressed = await compressModel(patchable, store, {
          spec: point.spec,
          params: point.params,
          backend,
          includeLmHead: config.includeLmHead,
          schedule: { kind: point.schedule },
          calibration: calib ? { windows: calib.windows, mode: config.calibration.mode, runtime: env.ort } : undefined,
          signal,
          onProgress: (p) => progress(p.stage === 'calibrate' ? 'calibrate' : 'compress', p.module ?? p.stage, p.percent),
        });
        const compressMs = performance.now() - t0;
        progress('load', 'compressed model', 0);
        session = await createModelSession(patchable, store.patched, { files: resolved.files, device: config.device, onnxFile: resolved.onnxFile });
        await evaluate(session, point, compressed.reports, calib, { compressMs });
      } catch (error) {
        const stage: LabStage = error instanceof CompressModelError ? (error.stage === 'calibrate' ? 'calibrate' : 'compress') : 'evaluate';
        const where = error instanceof CompressModelError ? error.module : null;
        const e = fail(error, stage, where);
        if (e.cancelled) break;
      }
    }
  } catch (error) {
    fail(error, 'load', null);
  } finally {
    await session?.dispose();
  }
  return summary();
}

function errorsStage(error: unknown, fallback: LabStage): LabStage {
  return error instanceof Error && /onnx|graph|layout|index/i.test(error.name) ? 'index' : fallback;
}

function needsCalibration(config: LabRunConfig): boolean {
  return config.points.some((p) => recipeNeeds(resolveRecipe(p.spec)).length > 0 || p.schedule === 'owl');
}

async function calibrationText(config: LabRunConfig, env: LabEnvironment): Promise<string> {
  const c = config.calibration;
  if (c.source === 'text') return c.text ?? '';
  if (c.source === 'builtin') return kickworldCalibrationText();
  try {
    return (await loadC4(env.datasets)).data.join('\n\n');
  } catch (error) {
    throw new StageError('calibrate', 'c4', `calibration text could not be loaded: ${(error as Error).message}`);
  }
}

function calibrationWindows(config: LabRunConfig, session: ModelSession, text: string): CalibrationSet {
  const c = config.calibration;
  const tokenizer = { encode: (t: string) => session.tokenizer.encode(t) };
  const contextLength = Number(session.config.max_position_embeddings ?? session.config.n_positions ?? c.seqlen);
  return calibrationSet(text, tokenizer, { nsamples: c.nsamples, seqlen: c.seqlen, contextLength, seed: c.seed });
}

async function loadTaskData(
  kind: 'kickworld' | 'kick',
  tasks: TaskId[],
  env: LabEnvironment,
  signal: AbortSignal,
  onMissing: (name: string, error: string) => void,
): Promise<LoadedSets> {
  if (kind === 'kickworld') return (await loadKickworld(env.kickworldUrl)).sets;
  const names = [...new Set(tasks.map((t) => TASK_DATASET[t]))];
  const sets: LoadedSets = {};
  for (const outcome of await loadMany(names, env.datasets)) {
    if (signal.aborted) break;
    if (outcome.ok) (sets as Record<string, unknown>)[outcome.loaded.name] = outcome.loaded;
    else onMissing(outcome.name, outcome.error);
  }
  return sets;
}

export type { Ort };
