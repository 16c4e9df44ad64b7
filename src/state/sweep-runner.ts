// Runs some points of a sweep through the lab worker: each finished point joins the sweep (and the
// history) as it arrives; errors are kept with the point and stage where they happened. Kept apart
// from the store and the worker so that it can be tested with a fake worker and history.
import type { LabError, LabEvent, LabProgress, LabRunInput, LabRunSummary } from '../worker/lab-protocol.ts';
import { pointLabel } from './derive.ts';
import { judgeKeyFor } from './judge-key.ts';
import { labRunInputOf, specAt, specOfResult, sweepPointFromRun, withRecordedTaskData } from './from-run.ts';
import { DENSE_METHOD, type PointSpec, type Sweep, type SweepConfig, type SweepPoint } from './sweep.ts';
import { pointWithDrops, withDenseDrops } from './sweep-drops.ts';

export type WorkerRunner = (input: LabRunInput, onEvent: (event: LabEvent) => void, signal: AbortSignal) => Promise<LabRunSummary>;

/** The part of the history a run writes to. */
export interface PointSink {
  savePoint(sweepId: string, point: SweepPoint): Promise<unknown>;
}

/** An error as the run view shows it: the point by name, the stage, the layer or task. */
export interface RunError extends LabError {
  pointLabel: string;
}

export interface SweepRunCallbacks {
  onProgress(progress: LabProgress, spec: PointSpec | null): void;
  onPoint(sweep: Sweep, point: SweepPoint): void;
  onError(error: RunError): void;
  /** Saving to the history failed; the run goes on, the point is kept in memory. */
  onSaveError(message: string): void;
}

export interface SweepRunOutcome {
  sweep: Sweep;
  errors: RunError[];
  cancelled: boolean;
  device: string | null;
}

/**
 * The worker input for `points`, with pasted calibration text and the judge's
 * key, the latter only where the config's judge has the origin the key was typed for.
 */
export function runInputFor(config: SweepConfig, points: PointSpec[], calibrationText: string | null): LabRunInput {
  const input = labRunInputOf(config, points);
  if (calibrationText !== null && input.calibration) input.calibration = { ...input.calibration, source: 'text', text: calibrationText };
  const key = input.judge ? judgeKeyFor(input.judge.url) : null;
  if (input.judge && key) input.judge = { ...input.judge, apiKey: key };
  return input;
}

export async function runSweepPoints(opts: {
  sweep: Sweep;
  points: PointSpec[];
  calibrationText: string | null;
  runner: WorkerRunner;
  sink: PointSink | null;
  signal: AbortSignal;
  callbacks: SweepRunCallbacks;
}): Promise<SweepRunOutcome> {
  const { points, sink, callbacks } = opts;
  let sweep = opts.sweep;
  const errors: RunError[] = [];
  let saving: Promise<void> = Promise.resolve();
  // A resumed sweep reads the data its finished points were read from.
  const input = runInputFor(withRecordedTaskData(sweep), points, opts.calibrationText);

  const onEvent = (event: LabEvent) => {
    if (event.type === 'progress') {
      callbacks.onProgress(event.progress, specAt(event.progress.point, points));
    } else if (event.type === 'error') {
      const spec = specAt(event.error.point, points);
      const e: RunError = { ...event.error, pointLabel: spec ? pointLabel(spec, sweep.config) : `point ${event.error.point}` };
      errors.push(e);
      callbacks.onError(e);
    } else {
      let point: SweepPoint;
      try {
        point = sweepPointFromRun(specOfResult(event.result, points), event.result);
      } catch (err) {
        const e: RunError = { point: event.result.point, stage: 'evaluate', where: null, message: `the result could not be read: ${err instanceof Error ? err.message : String(err)}`, cancelled: false, pointLabel: event.result.label };
        errors.push(e);
        callbacks.onError(e);
        return;
      }
      const dense = sweep.points.find((p) => p.spec.method === DENSE_METHOD);
      if (dense && point.spec.method !== DENSE_METHOD) point = pointWithDrops(point, dense);
      const arrived = point;
      sweep = { ...sweep, points: [...sweep.points.filter((p) => p.key !== arrived.key), arrived], updatedAt: arrived.finishedAt };
      // Dense arriving after compressed points (a resumed sweep): they gain their drops now.
      if (arrived.spec.method === DENSE_METHOD) sweep = withDenseDrops(sweep);
      callbacks.onPoint(sweep, point);
      if (sink) {
        const id = sweep.id;
        const changed = arrived.spec.method === DENSE_METHOD ? sweep.points : [arrived];
        // One write at a time, in arrival order.
        for (const p of changed) {
          saving = saving.then(() => sink.savePoint(id, p)).then(
            () => undefined,
            (err: unknown) => callbacks.onSaveError(err instanceof Error ? err.message : String(err)),
          );
        }
      }
    }
  };

  let summary: LabRunSummary | null = null;
  try {
    summary = await opts.runner(input, onEvent, opts.signal);
  } catch (err) {
    const cancelled = opts.signal.aborted;
    const e: RunError = { point: -1, stage: 'load', where: null, message: err instanceof Error ? err.message : String(err), cancelled, pointLabel: 'run' };
    if (!cancelled) {
      errors.push(e);
      callbacks.onError(e);
    }
  }
  await saving;
  return { sweep, errors, cancelled: summary?.cancelled ?? opts.signal.aborted, device: summary?.device ?? null };
}

/** The status a sweep ends in, and the error line kept with it. */
export function finalStatus(outcome: SweepRunOutcome, planned: number): { status: Sweep['status']; error: string | null } {
  if (outcome.cancelled) return { status: 'cancelled', error: 'cancelled by the user' };
  const real = outcome.errors.filter((e) => !e.cancelled);
  if (real.length === 0 && outcome.sweep.points.length >= planned) return { status: 'finished', error: null };
  const first = real[0];
  const msg = first ? `${first.pointLabel}, ${first.stage}${first.where ? ` (${first.where})` : ''}: ${first.message}` : 'some points did not finish';
  return { status: 'failed', error: msg };
}
