// What every step of one lab run shares: the config and environment, the point being worked on,
// and the events, errors and finished points reported so far.
import { explainAllocationFailure } from '../model/load/fits.ts';
import { CompressModelError } from '../model/compress/compress-model.ts';
import type { ResolvedModel } from '../model/load/resolve.ts';
import type { DenseStorage } from '../model/weights/dense-source.ts';
import type { OrtRuntime } from '../model/calibrate/capture-session.ts';
import type { DataSource } from '../tasks/datasets/sources.ts';
import type { CompressionPoint, LabError, LabEvent, LabRunConfig, LabRunSummary, LabStage, PointResult } from './lab-protocol.ts';
import { compressionPointLabel } from './point-label.ts';
import { ProgressClock } from './progress-clock.ts';

export interface LabEnvironment {
  /** Folder URL of the built-in models (the app serves public/models/ at /models/). */
  modelsBaseUrl: string;
  /** The built-in KICK-world suite. */
  kickworldUrl: string;
  /** Where LLM-KICK's data sets come from: the app's built-in copy and the hub (config.tasks.data picks). */
  datasets: { builtin: DataSource; hub: DataSource };
  /** onnxruntime-web, for the calibration graphs. */
  ort: OrtRuntime;
  /** Whether 'auto' kernels run on WebGPU here: a hardware adapter exists (else the CPU twins). */
  webgpuKernels: boolean;
  /** Files for a model already in memory (tests); skips resolving. */
  preloaded?: ResolvedModel;
  /** Where the dense weights wait while a point is compressed: 'auto' (OPFS where it can, the default) or 'memory'. */
  denseStorage?: 'auto' | 'memory';
}

/** The source of LLM-KICK's data sets (and the C4 sample) that a run's config asks for. */
export function datasetSourceOf(config: LabRunConfig, env: LabEnvironment): DataSource {
  return env.datasets[config.tasks.data];
}

/** A failure that knows its stage and where it happened, reported as such whatever catches it. */
export class StageError extends Error {
  constructor(
    readonly stage: LabStage,
    readonly where: string | null,
    message: string,
  ) {
    super(message);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error instanceof CompressModelError && error.aborted));
}

export class LabRunContext {
  readonly clock = new ProgressClock();
  /** The evaluation device, once a model session has been evaluated. */
  device: string | null = null;
  private denseWeights: LabRunSummary['denseWeights'] = null;
  private readonly started = performance.now();
  private readonly points: PointResult[] = [];
  private readonly errors: LabError[] = [];
  private current = { point: -1, label: compressionPointLabel(null) };
  /** For messages about memory: the model's name and size, once they are known. */
  private modelName: string;
  private weightBytes = 0;

  constructor(
    readonly config: LabRunConfig,
    readonly env: LabEnvironment,
    private readonly emit: (event: LabEvent) => void,
    readonly signal: AbortSignal,
  ) {
    this.modelName = config.model.kind === 'url' ? config.model.baseUrl : config.model.id;
  }

  /** The point that progress, errors and results are reported for: -1 and null for dense. */
  startPoint(index: number, point: CompressionPoint | null): void {
    this.current = { point: index, label: compressionPointLabel(point) };
  }

  get pointIndex(): number {
    return this.current.point;
  }

  get pointLabel(): string {
    return this.current.label;
  }

  setDenseStorage(storage: DenseStorage, reason: string): void {
    this.denseWeights = { storage, reason };
  }

  setModel(name: string, weightBytes = 0): void {
    this.modelName = name;
    this.weightBytes = weightBytes;
  }

  progress(stage: LabStage, detail: string, percent: number): void {
    this.emit({ type: 'progress', progress: { ...this.current, stage, detail, percent, etaMs: this.clock.eta(percent) } });
  }

  /** Records and reports a failure of the current point; a StageError's own stage and place win. */
  fail(raw: unknown, stage: LabStage, where: string | null): LabError {
    const error = explainAllocationFailure(raw, this.modelName, this.weightBytes);
    const e: LabError = {
      point: this.current.point,
      stage: error instanceof StageError ? error.stage : stage,
      where: error instanceof StageError ? error.where : where,
      message: error instanceof Error ? error.message : String(error),
      cancelled: this.signal.aborted || isAbort(error),
    };
    this.errors.push(e);
    this.emit({ type: 'error', error: e });
    return e;
  }

  finishPoint(result: PointResult): void {
    this.points.push(result);
    this.emit({ type: 'point', result });
  }

  summary(): LabRunSummary {
    return { points: this.points, errors: this.errors, cancelled: this.signal.aborted, device: this.device, totalMs: performance.now() - this.started, denseWeights: this.denseWeights };
  }
}
