// The lab's run: one sweep at a time through the lab worker, points saved to the history as they
// finish, progress per stage, errors where they happened, resume after a reload, and the
// re-run behind a share link's "Reproduce".
import { create } from 'zustand';
import type { LabProgress, LabStage } from '../worker/lab-protocol.ts';
import { appHistory, type UnfinishedSweep } from './history.ts';
import { approveJudge } from './judge-consent.ts';
import { runInLabWorker } from './lab-client.ts';
import { ProgressGate } from './progress-gate.ts';
import { useResults, type ReproduceProgress } from './results-store.ts';
import { finalStatus, runSweepPoints, type RunError } from './sweep-runner.ts';
import { newSweepId, pendingPoints, planPoints, SWEEP_SCHEMA_ID, SWEEP_VERSION, type PointSpec, type Sweep, type SweepConfig } from './sweep.ts';

export type RunPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'finished' | 'cancelled' | 'failed';

/** The latest progress of one stage of the point in progress. */
export interface StageState {
  stage: LabStage;
  detail: string;
  percent: number;
  etaMs: number | null;
}

export interface RunTimes {
  startedAt: number;
  /** When the dense baseline finished. */
  denseAt: number | null;
  /** When the first compressed point finished: the first chart with a curve. */
  firstChartAt: number | null;
  endedAt: number | null;
}

export interface RunState {
  phase: RunPhase;
  sweep: Sweep | null;
  /** Planned points of this run (pending ones when resumed), in order. */
  plan: PointSpec[];
  /** The point in progress and the stages it has been through. */
  current: { label: string; point: number; stages: StageState[] } | null;
  errors: RunError[];
  /** A history problem (no IndexedDB, a failed write): the run goes on without it. */
  historyNote: string | null;
  times: RunTimes | null;
  unfinished: UnfinishedSweep[];
  start(config: SweepConfig, calibrationText: string | null, name: string): Promise<void>;
  resume(unfinished: UnfinishedSweep): Promise<void>;
  /**
   * Runs the points of the sweep just run that have no result (after a failure or a cancel): in a
   * new worker, so on a new GPU device; the finished points are kept, not run again.
   */
  retryMissing(): Promise<void>;
  cancel(): void;
  /** Looks for sweeps a reload interrupted. */
  checkUnfinished(): Promise<void>;
  /** Marks an interrupted sweep cancelled so that it is no longer offered. */
  dismissUnfinished(id: string): Promise<void>;
}

let controller: AbortController | null = null;
/** The pasted calibration text of the sweep last started, which a retry of it needs again. */
let pasted: { sweepId: string; text: string | null } | null = null;

const STAGE_ORDER: LabStage[] = ['download', 'index', 'data', 'load', 'calibrate', 'compress', 'evaluate'];

function withStage(stages: StageState[], p: LabProgress): StageState[] {
  const next = stages.filter((s) => s.stage !== p.stage);
  next.push({ stage: p.stage, detail: p.detail, percent: p.percent, etaMs: p.etaMs });
  // A later stage in progress means the earlier ones are done.
  const at = STAGE_ORDER.indexOf(p.stage);
  return next.map((s) => (STAGE_ORDER.indexOf(s.stage) < at ? { ...s, percent: 100, etaMs: 0 } : s)).sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage));
}

export const useRun = create<RunState>((set, get) => {
  async function execute(sweep: Sweep, points: PointSpec[], calibrationText: string | null): Promise<void> {
    controller = new AbortController();
    const progressGate = new ProgressGate();
    const now = performance.now();
    set({ phase: 'running', sweep, plan: points, current: null, errors: [], times: { startedAt: now, denseAt: null, firstChartAt: null, endedAt: null } });
    useResults.getState().show(sweep, 'run');
    let history = null;
    try {
      history = await appHistory();
    } catch (e) {
      set({ historyNote: `This run is not kept in the history: ${e instanceof Error ? e.message : String(e)}` });
    }
    const outcome = await runSweepPoints({
      sweep,
      points,
      calibrationText,
      runner: runInLabWorker,
      sink: history,
      signal: controller.signal,
      callbacks: {
        onProgress(progress) {
          const apply = (p: LabProgress) => {
            const cur = get().current;
            const same = cur && cur.point === p.point;
            set({ current: { label: p.label, point: p.point, stages: withStage(same ? cur.stages : [], p) } });
          };
          progressGate.offer(progress, apply);
        },
        onPoint(next, point) {
          const t = get().times;
          const at = performance.now();
          const times = t && { ...t, denseAt: t.denseAt ?? (point.spec.method === 'dense' ? at : null), firstChartAt: t.firstChartAt ?? (point.spec.method !== 'dense' ? at : null) };
          set({ sweep: next, times });
          if (useResults.getState().origin === 'run') useResults.getState().show(next, 'run');
        },
        onError(error) {
          set((s) => ({ errors: [...s.errors, error] }));
        },
        onSaveError(message) {
          set({ historyNote: `A point could not be saved to the history: ${message}` });
        },
      },
    });
    progressGate.flush();
    const planned = planPoints(outcome.sweep.config).length;
    const { status, error } = finalStatus(outcome, planned);
    const ended: Sweep = { ...outcome.sweep, status, error, updatedAt: new Date().toISOString() };
    if (history) {
      try {
        await history.setStatus(ended.id, status, error);
      } catch (e) {
        set({ historyNote: `The run's status could not be saved: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    const t = get().times;
    set({ phase: status === 'running' ? 'finished' : status, sweep: ended, times: t && { ...t, endedAt: performance.now() } });
    if (useResults.getState().origin === 'run') useResults.getState().show(ended, 'run');
    controller = null;
  }

  return {
    phase: 'idle',
    sweep: null,
    plan: [],
    current: null,
    errors: [],
    historyNote: null,
    times: null,
    unfinished: [],

    async start(config, calibrationText, name) {
      if (controller) return;
      set({ phase: 'starting', historyNote: null, errors: [] });
      let sweep: Sweep;
      try {
        sweep = await (await appHistory()).startSweep(config, name);
      } catch (e) {
        const at = new Date().toISOString();
        sweep = { schema: SWEEP_SCHEMA_ID, version: SWEEP_VERSION, id: newSweepId(), name, createdAt: at, updatedAt: at, status: 'running', error: null, config, points: [] };
        set({ historyNote: `This run is not kept in the history: ${e instanceof Error ? e.message : String(e)}` });
      }
      pasted = { sweepId: sweep.id, text: calibrationText };
      await execute(sweep, planPoints(config), calibrationText);
    },

    async retryMissing() {
      const { sweep, phase } = get();
      if (controller || !sweep || (phase !== 'failed' && phase !== 'cancelled')) return;
      const missing = pendingPoints(sweep);
      if (missing.length === 0) return;
      const text = pasted?.sweepId === sweep.id ? pasted.text : null;
      if (sweep.config.calibration?.dataset === 'pasted text' && text === null) {
        set({ errors: [{ point: -1, stage: 'calibrate', where: null, message: 'this sweep was calibrated on pasted text, which is not kept: start it again from the setup', cancelled: false, pointLabel: 'retry' }] });
        return;
      }
      set({ historyNote: null });
      // Running again: a reload during the retry offers to resume it.
      try {
        await (await appHistory()).setStatus(sweep.id, 'running', null);
      } catch {
        // Not in the history (no IndexedDB): the retry runs all the same.
      }
      await execute({ ...sweep, status: 'running', error: null }, missing, text);
    },

    async resume({ sweep, pending }) {
      if (controller) return;
      set({ historyNote: null, unfinished: get().unfinished.filter((u) => u.sweep.id !== sweep.id) });
      if (sweep.config.calibration?.dataset === 'pasted text') {
        set({ phase: 'failed', sweep, errors: [{ point: -1, stage: 'calibrate', where: null, message: 'this sweep was calibrated on pasted text, which is not kept: start it again from the setup', cancelled: false, pointLabel: 'resume' }] });
        return;
      }
      // A sweep in the history may have come from a share link: its judge host is asked about first.
      let config: SweepConfig;
      try {
        config = await approveJudge(sweep.config, 'Resume');
      } catch (e) {
        set({ phase: 'failed', sweep, errors: [{ point: -1, stage: 'evaluate', where: null, message: e instanceof Error ? e.message : String(e), cancelled: false, pointLabel: 'resume' }] });
        return;
      }
      await execute({ ...sweep, config }, pending, null);
    },

    cancel() {
      if (!controller) return;
      set({ phase: 'cancelling' });
      controller.abort(new DOMException('cancelled by the user', 'AbortError'));
    },

    async checkUnfinished() {
      try {
        const list = await (await appHistory()).unfinishedSweeps();
        const running = get().sweep?.id;
        set({ unfinished: list.filter((u) => u.sweep.id !== running) });
      } catch {
        set({ unfinished: [] });
      }
    },

    async dismissUnfinished(id) {
      try {
        await (await appHistory()).setStatus(id, 'cancelled', 'not resumed after a reload');
      } finally {
        set({ unfinished: get().unfinished.filter((u) => u.sweep.id !== id) });
      }
    },
  };
});

/**
 * Re-runs a shared sweep's config in a worker of its own, outside the history, and resolves with
 * the new sweep (what `useResults.setRerun` compares).
 */
export async function reproduceSweep(shared: SweepConfig, signal: AbortSignal, onProgress?: (progress: ReproduceProgress) => void): Promise<Sweep> {
  if (shared.calibration?.dataset === 'pasted text') throw new Error('this sweep was calibrated on pasted text, which a share link does not carry: it cannot be re-run');
  // The link's author chose its judge endpoint: nothing goes there before the user says yes.
  const config = await approveJudge(shared, 'Reproduce', signal);
  const at = new Date().toISOString();
  const sweep: Sweep = { schema: SWEEP_SCHEMA_ID, version: SWEEP_VERSION, id: newSweepId(), name: 'reproduction', createdAt: at, updatedAt: at, status: 'running', error: null, config, points: [] };
  const total = planPoints(config).length;
  const gate = new ProgressGate();
  let finished = 0;
  let last: LabProgress | null = null;
  const report = (p: LabProgress) => onProgress?.({ point: p.label, finished, total, stage: p.stage, detail: p.detail, percent: p.percent, etaMs: p.etaMs });
  const outcome = await runSweepPoints({
    sweep,
    points: planPoints(config),
    calibrationText: null,
    runner: runInLabWorker,
    sink: null,
    signal,
    callbacks: {
      onProgress(progress) {
        last = progress;
        gate.offer(progress, report);
      },
      onPoint() {
        finished++;
        gate.flush();
        if (last) report({ ...last, percent: 100, etaMs: 0 });
      },
      onError() {},
      onSaveError() {},
    },
  });
  gate.flush();
  if (outcome.cancelled) throw new Error('the re-run was cancelled');
  if (outcome.sweep.points.length === 0) {
    const e = outcome.errors[0];
    throw new Error(e ? `the re-run failed at ${e.pointLabel}, ${e.stage}: ${e.message}` : 'the re-run finished no point');
  }
  return { ...outcome.sweep, status: finalStatus(outcome, planPoints(config).length).status };
}

/** Gives the results view its "Reproduce" button. */
export function registerReproducer(): void {
  useResults.getState().setReproducer(reproduceSweep);
}
