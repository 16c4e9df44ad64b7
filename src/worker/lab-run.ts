// One lab run: resolve the model, load the task data, evaluate the dense baseline, then compress
// and evaluate each point of the sweep. Runs inside the lab worker (or a test page); reports
// progress, each finished point, and errors that name the stage and the layer or task. A failure
// or a cancel keeps every point already finished.
import { APP_VERSION } from '../app-version.ts';
import { formatPattern } from '../compress/params.ts';
import { recipeParams, resolveRecipe } from '../compress/registry.ts';
import type { Backend, CompressParams } from '../compress/types.ts';
import { deviceLossIn } from '../gpu/errors.ts';
import type { CalibrationSet } from '../model/calibrate/calibration-text.ts';
import { CompressModelError, compressModel, type LayerReport } from '../model/compress/compress-model.ts';
import type { DownloadProgress } from '../net/download.ts';
import { SessionLanguageModel } from '../model/evaluate/session-language-model.ts';
import { WeightStore } from '../model/weights/weight-store.ts';
import { fitProblem } from '../model/load/fits.ts';
import { graphOf, makePatchable, type ModelGraph, type PatchableModel } from '../model/weights/patchable.ts';
import { keepDenseBytes } from '../model/weights/opfs-dense-source.ts';
import type { DenseSource } from '../model/weights/dense-source.ts';
import { requireFiniteWeights } from '../model/weights/finite-weights.ts';
import { configGraphProblem } from '../model/weights/config-graph.ts';
import { chooseDevice, defaultAdapterSource } from '../model/evaluate/execution-device.ts';
import { ModelResolveError } from '../model/load/errors.ts';
import { resolveModel, type ModelSource, type ResolvedModel } from '../model/load/resolve.ts';
import { createModelSession, type ModelSession } from '../model/evaluate/model-session.ts';
import { loadMany } from '../tasks/datasets/loaders.ts';
import { OpenAiJudgeClient } from '../tasks/judge/openai-client.ts';
import { loadKickworld } from '../tasks/kickworld-suite.ts';
import type { TaskId, TaskResult } from '../tasks/result.ts';
import { buildRunRecord, runSuite, TASK_DATASET, type LoadedSets, type SuiteConfig, type SuiteRun } from '../tasks/suite.ts';
import { evaluateDetail, suiteSizes } from './task-sizes.ts';
import { withDrops } from '../tasks/paired-drops.ts';
import type { RunRecord } from '../tasks/record.ts';
import { calibrationText, calibrationWindows, needsCalibration } from './lab-calibration.ts';
import type { CompressionPoint, LabEvent, LabRunConfig, LabRunSummary, LabStage, PointResult } from './lab-protocol.ts';
import { datasetSourceOf, LabRunContext, StageError, type LabEnvironment } from './lab-run-context.ts';
import { pointShapeProblem } from './point-shapes.ts';

/**
 * The model of the run: its files (without the weights), its graph and the store that patches the
 * weights per point. The dense weights live only in the store's source (OPFS where it can), so
 * the heap holds one full copy of them: the patched one.
 */
interface LoadedModel {
  resolved: ResolvedModel;
  patchable: ModelGraph;
  store: WeightStore;
}

/** The model before its store is opened: the dense bytes only in their source. */
interface LoadedWeights extends Omit<LoadedModel, 'store'> {
  source: DenseSource;
}

/** What every point is evaluated with; `dense` fills in once the baseline has been evaluated. */
interface Evaluation {
  sets: LoadedSets;
  judge: OpenAiJudgeClient | undefined;
  /** The dense model's free-form outputs, for the judge-free agreement measure of later points. */
  dense: SuiteConfig['dense'];
  /** The dense point's record: later points of the run carry their paired drop from it. */
  denseRecord?: RunRecord;
}

/** How one evaluated point came to be: its compression (null for dense) and what that took. */
interface PointMaking {
  point: CompressionPoint | null;
  layers: LayerReport[];
  calib: CalibrationSet | null;
  compressMs?: number;
}

export async function runLab(config: LabRunConfig, env: LabEnvironment, emit: (event: LabEvent) => void, signal: AbortSignal): Promise<LabRunSummary> {
  const run = new LabRunContext(config, env, emit, signal);
  const loaded = await loadModel(run);
  if (!loaded) return run.summary();
  const model = await openStore(run, loaded);
  if (!model) return run.summary();
  try {
    const sets = await loadTaskData(run);
    if (!sets) return run.summary();
    await runPoints(run, model, { sets, judge: config.judge ? new OpenAiJudgeClient(config.judge) : undefined, dense: undefined });
    return run.summary();
  } finally {
    await model.store.source.release();
  }
}

/**
 * The patched copy, filled from the dense source. Opened once loadModel has returned, so that the
 * downloaded bytes are garbage by the time the copy is allocated (with OPFS, never two copies).
 */
async function openStore(run: LabRunContext, loaded: LoadedWeights): Promise<LoadedModel | null> {
  try {
    return { resolved: loaded.resolved, patchable: loaded.patchable, store: await WeightStore.open(loaded.source) };
  } catch (error) {
    await loaded.source.release();
    run.fail(error, 'load', null);
    return null;
  }
}

/**
 * Resolves (downloads) the model, indexes its weights, checks that it fits here and hands its
 * dense bytes to their source (OPFS where it can); null on failure.
 */
async function loadModel(run: LabRunContext): Promise<LoadedWeights | null> {
  let resolved: ResolvedModel;
  let patchable: PatchableModel;
  // The file whose download a lost connection cut: the one being received.
  let downloading: string | null = null;
  try {
    run.clock.restart();
    resolved =
      run.env.preloaded ??
      (await resolveModel(sourceOf(run.config, run.env), {
        signal: run.signal,
        onProgress: (p: DownloadProgress) => {
          downloading = p.done ? null : p.file;
          run.progress('download', p.file, p.total ? (100 * p.loaded) / p.total : 0);
        },
      }));
    run.progress('index', resolved.onnxFile, 0);
    run.setModel(resolved.name);
    patchable = makePatchable(resolved.files, resolved.onnxFile);
    run.setModel(resolved.name, patchable.master.byteLength);
  } catch (error) {
    run.fail(error, indexOrElse(error, 'download'), error instanceof ModelResolveError && error.code === 'network' ? downloading : null);
    return null;
  }
  try {
    const mismatch = configGraphProblem(resolved.config, patchable.index);
    if (mismatch) throw new Error(mismatch);
    requireFiniteWeights(patchable);
    const problem = await fitsHere(run.config, patchable, resolved.name);
    if (problem) throw new Error(problem);
  } catch (error) {
    run.fail(error, 'load', null);
    return null;
  }
  try {
    run.progress('index', 'dense weights', 0);
    const source = await keepDenseBytes(patchable.master, run.env.denseStorage);
    run.setDenseStorage(source.storage, source.reason);
    // Only the source holds the dense bytes from here: the graph and the files let go of them.
    return { resolved: { ...resolved, files: withoutWeights(resolved) }, patchable: graphOf(patchable), source };
  } catch (error) {
    run.fail(error, 'load', null);
    return null;
  }
}

/** The files sessions read (config, tokenizer): the graph and the weights are served from the graph and the store. */
function withoutWeights(resolved: ResolvedModel): Map<string, Uint8Array> {
  const weights = new Set([resolved.onnxFile, ...resolved.dataFiles]);
  return new Map([...resolved.files].filter(([path]) => !weights.has(path)));
}

/**
 * The suite's data sets; one that does not exist where it is looked for is reported and its tasks
 * skipped. Null when loading failed, or when the network failed a data set: then no point is
 * evaluated without it (each would finish without its tasks, and a retry would not run them).
 */
async function loadTaskData(run: LabRunContext): Promise<LoadedSets | null> {
  const { config, env, signal } = run;
  const suite = config.tasks.suite ?? (config.model.kind === 'builtin' ? 'kickworld' : 'kick');
  try {
    run.progress('data', suite, 0);
    if (suite === 'kickworld') return (await loadKickworld(env.kickworldUrl)).sets;
    const names = [...new Set(config.tasks.ids.map((t) => TASK_DATASET[t]))];
    const sets: LoadedSets = {};
    let unreachable = false;
    for (const outcome of await loadMany(names, datasetSourceOf(config, env))) {
      if (signal.aborted) break;
      if (outcome.ok) (sets as Record<string, unknown>)[outcome.loaded.name] = outcome.loaded;
      else {
        const stopped = outcome.transient ? '; the run stopped before evaluating any point: retry the sweep once the connection is back' : '';
        run.fail(new StageError('data', outcome.name, `${outcome.error}${stopped}`), 'data', outcome.name);
        unreachable ||= outcome.transient;
      }
    }
    return unreachable ? null : sets;
  } catch (error) {
    run.fail(error, 'data', null);
    return null;
  }
}

/**
 * The dense baseline (its session also tokenizes the calibration text), the calibration windows,
 * then each point in turn. A point that fails is reported and the next one runs; a cancel stops.
 */
async function runPoints(run: LabRunContext, model: LoadedModel, evaluation: Evaluation): Promise<void> {
  const { config, signal } = run;
  const sessions = new SessionSlot(config, model);
  try {
    run.progress('load', 'dense model', 0);
    // The patched copy is dense until the first point compresses it.
    await model.store.restoreAll();
    const dense = await sessions.open(model.store.patched);
    if (config.dense) {
      run.startPoint(-1, null);
      await evaluate(run, model, evaluation, dense, { point: null, layers: [], calib: null });
    }
    // After the baseline, so that a calibration source that fails to load loses nothing finished.
    const calib = await calibrate(run, dense);
    for (let i = 0; i < config.points.length; i++) {
      if (signal.aborted) break;
      const point = config.points[i];
      run.startPoint(i, point);
      const refused = pointShapeProblem(point, model.patchable.index.linears);
      if (refused) {
        if (run.fail(refused, 'compress', refused.where).cancelled) break;
        continue;
      }
      try {
        await runPoint(run, model, evaluation, sessions, point, calib);
      } catch (error) {
        if (run.fail(pointFailure(error), pointFailureStage(error), failedAt(error)).cancelled) break;
      }
    }
  } catch (error) {
    run.fail(error, 'load', null);
  } finally {
    await sessions.close();
  }
}

/** The windows every point calibrates on, cut once; reported as the first point's calibration. */
async function calibrate(run: LabRunContext, dense: ModelSession): Promise<CalibrationSet | null> {
  const { config } = run;
  if (!needsCalibration(config) || config.points.length === 0) return null;
  run.startPoint(0, config.points[0]);
  run.progress('calibrate', 'calibration text', 0);
  return calibrationWindows(config, dense, await calibrationText(config, run.env));
}

/** One compressed point: compress (calibrating as the method needs), load, evaluate, report. */
async function runPoint(run: LabRunContext, model: LoadedModel, evaluation: Evaluation, sessions: SessionSlot, point: CompressionPoint, calib: CalibrationSet | null): Promise<void> {
  await sessions.close();
  const compressed = await compressPoint(run, model, point, calib);
  run.progress('load', 'compressed model', 0);
  const session = await sessions.open(model.store.patched);
  await evaluate(run, model, evaluation, session, { point, layers: compressed.layers, calib, compressMs: compressed.ms });
}

/** Restores the dense weights, then compresses them as the point asks. */
async function compressPoint(run: LabRunContext, model: LoadedModel, point: CompressionPoint, calib: CalibrationSet | null): Promise<{ layers: LayerReport[]; ms: number }> {
  const { config, env } = run;
  await model.store.restoreAll();
  run.clock.restart();
  const t0 = performance.now();
  const backend: Backend = config.kernels === 'auto' ? (env.webgpuKernels ? 'webgpu' : 'cpu') : config.kernels;
  const compressed = await compressModel(model.patchable, model.store, {
    spec: point.spec,
    params: point.params,
    backend,
    includeLmHead: config.includeLmHead,
    schedule: { kind: point.schedule },
    calibration: calib ? { windows: calib.windows, mode: config.calibration.mode, runtime: env.ort } : undefined,
    signal: run.signal,
    onProgress: (p) => run.progress(p.stage === 'calibrate' ? 'calibrate' : 'compress', p.module ?? p.stage, p.percent),
  });
  return { layers: compressed.reports, ms: performance.now() - t0 };
}

/** Runs the suite on a session, reports the tasks that failed, then the point's result. */
async function evaluate(run: LabRunContext, model: LoadedModel, evaluation: Evaluation, session: ModelSession, making: PointMaking): Promise<void> {
  const { config, signal } = run;
  run.clock.restart();
  const t0 = performance.now();
  const lm = new SessionLanguageModel(session, { signal, batchSize: config.batchSize });
  run.device = session.device;
  const tasks = config.tasks.ids;
  const sizes = suiteSizes(config.tasks.limit, config.tasks.sizes);
  const factoidAsked = sizes.factoid === 'full' ? null : sizes.factoid;
  const suiteRun = await runSuite(lm, evaluation.sets, {
    tasks,
    seed: config.tasks.seed,
    sizes,
    judge: evaluation.judge,
    dense: making.point ? evaluation.dense : undefined,
    signal,
    onProgress: (task, done, total) => run.progress('evaluate', evaluateDetail(task, done, total, factoidAsked), (100 * (tasks.indexOf(task) + done / Math.max(total, 1))) / tasks.length),
  });
  for (const f of suiteRun.failures) run.fail(new StageError('evaluate', f.task, f.error), 'evaluate', f.task);
  await report(run, model, evaluation, session, making, suiteRun, performance.now() - t0, lm.batchSize);
  if (!making.point) evaluation.dense = denseOutputsOf(suiteRun.results);
}

/** The point's run record (everything needed to reproduce it) and its result, sent as finished. */
async function report(run: LabRunContext, model: LoadedModel, evaluation: Evaluation, session: ModelSession, making: PointMaking, suiteRun: SuiteRun, evaluateMs: number, batchSize: number): Promise<void> {
  const { config } = run;
  const { resolved } = model;
  const { point, calib, compressMs } = making;
  const times = compressMs === undefined ? {} : { compressMs };
  const built = await buildRunRecord(
    {
      appVersion: APP_VERSION,
      model: { id: resolved.name, revision: resolved.sha ?? resolved.revision ?? 'local', dtype: resolved.dtype },
      device: { backend: session.device, batchSize, ...(session.device === 'wasm' && session.wasmThreads ? { threads: session.wasmThreads.threads } : {}) },
      // The effective parameters, defaults included, so that a record alone reproduces the run.
      method: point ? { id: point.spec, params: { ...flatParams(recipeParams(resolveRecipe(point.spec), point.params)), schedule: point.schedule } } : { id: 'dense', params: {} },
      calibration: calib ? { dataset: { builtin: 'kickworld-bio', c4: 'c4', text: 'pasted text' }[config.calibration.source], samples: calib.nsamples, seqLen: calib.seqlen, seed: calib.seed, mode: config.calibration.mode } : null,
      judge: evaluation.judge ? evaluation.judge.toJSON() : null,
      timings: { totalMs: evaluateMs + (compressMs ?? 0), ...times },
    },
    suiteRun,
  );
  // Paired statistics are computed here, off the page's thread, while dense is at hand.
  const record = point && evaluation.denseRecord ? withDrops(built, evaluation.denseRecord) : built;
  if (!point) evaluation.denseRecord = built;
  const result: PointResult = { point: run.pointIndex, label: run.pointLabel, spec: point?.spec ?? null, layers: making.layers, record, results: suiteRun.results, failures: suiteRun.failures };
  run.finishPoint(result);
}

/** The one model session alive at a time: the last is closed before the next one's weights are patched. */
class SessionSlot {
  private session: ModelSession | null = null;

  constructor(
    private readonly config: LabRunConfig,
    private readonly model: LoadedModel,
  ) {}

  async open(weights: Uint8Array): Promise<ModelSession> {
    const { patchable, resolved } = this.model;
    this.session = await createModelSession(patchable, weights, { files: resolved.files, device: this.config.device, onnxFile: resolved.onnxFile });
    return this.session;
  }

  async close(): Promise<void> {
    await this.session?.dispose();
    this.session = null;
  }
}

/** A point's failure: in calibration or compression when the compressor says so, else in evaluation. */
function pointFailureStage(error: unknown): LabStage {
  if (!(error instanceof CompressModelError)) return 'evaluate';
  return error.stage === 'calibrate' ? 'calibrate' : 'compress';
}

/** Where in the model a point failed: the layer, else the decoder layer being calibrated. */
function failedAt(error: unknown): string | null {
  if (!(error instanceof CompressModelError)) return null;
  return error.module ?? (error.decoderLayer !== null ? `decoder layer ${error.decoderLayer}` : null);
}

/**
 * A point's failure as reported. A lost GPU device fails only the point it was working on: the
 * next point's kernels acquire a new device, and the missing point is left for a retry.
 */
function pointFailure(error: unknown): unknown {
  if (!deviceLossIn(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StageError(pointFailureStage(error), failedAt(error), `${message}; retry the sweep to run this point again`);
}

/** A model that downloaded but could not be read fails in 'index'. */
function indexOrElse(error: unknown, fallback: LabStage): LabStage {
  return error instanceof Error && /onnx|graph|layout|index/i.test(error.name) ? 'index' : fallback;
}

function sourceOf(config: LabRunConfig, env: LabEnvironment): ModelSource {
  const m = config.model;
  if (m.kind === 'builtin') return { kind: 'url', baseUrl: `${env.modelsBaseUrl}${m.id}/`, name: m.id };
  if (m.kind === 'hub') return { kind: 'hub', id: m.id, revision: m.revision };
  return { kind: 'url', baseUrl: m.baseUrl };
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

/** Summaries by story key and answers by question id, as the free-form tasks compare them. */
function denseOutputsOf(results: TaskResult[]): NonNullable<SuiteConfig['dense']> {
  const of = (task: TaskId) => results.find((r) => r.task === task)?.examples ?? [];
  return {
    summarization: new Map(of('summarization').map((e) => [e.id, e.output])),
    instruction: new Map(of('instruction').map((e) => [Number(e.id), e.output])),
  };
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

