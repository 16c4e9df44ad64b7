// What the results views are showing: which sweep, from where, under which scoring rule.
import { create } from 'zustand';
import type { Rule } from './derive.ts';
import { forgetResults, rememberResults } from './last-results.ts';
import { compareSweeps, type ReproductionReport } from './reproduce.ts';
import { decodeShare, type Dropped } from './share.ts';
import type { Sweep, SweepConfig } from './sweep.ts';

/** Where a re-run stands: points finished of all, and the stage of the point in progress. */
export interface ReproduceProgress {
  /** The point in progress, by name. */
  point: string;
  finished: number;
  total: number;
  stage: string;
  detail: string;
  /** Of the current stage, 0..100. */
  percent: number;
  /** Estimated milliseconds left in the current stage. */
  etaMs: number | null;
}

/** Runs a config again and resolves with the new sweep; the runner registers one. */
export type Reproducer = (config: SweepConfig, signal: AbortSignal, onProgress?: (progress: ReproduceProgress) => void) => Promise<Sweep>;

export type ResultsOrigin = 'share' | 'history' | 'example' | 'run';

export interface ResultsState {
  sweep: Sweep | null;
  origin: ResultsOrigin | null;
  /** Parts a share link left out to fit its size budget. */
  dropped: Dropped[];
  rule: Rule;
  projector: boolean;
  /** Why the last share link could not be opened; shown instead of results. */
  shareError: string | null;
  opening: boolean;
  reproduction: ReproductionReport | null;
  /** null until a runner is available: the view then offers no "Reproduce" button. */
  reproducer: Reproducer | null;
  show(sweep: Sweep, origin: ResultsOrigin, dropped?: Dropped[]): void;
  openShare(text: string): Promise<void>;
  setRule(rule: Rule): void;
  setProjector(on: boolean): void;
  /** Marks each shown number against a re-run of the same config (null clears the marks). */
  setRerun(rerun: Sweep | null): void;
  setReproducer(reproducer: Reproducer | null): void;
  close(): void;
}

export const useResults = create<ResultsState>((set, get) => ({
  sweep: null,
  origin: null,
  dropped: [],
  rule: 'kick',
  projector: false,
  shareError: null,
  opening: false,
  reproduction: null,
  reproducer: null,

  show(sweep, origin, dropped = []) {
    // A run is saved to the history as it goes: after a reload the Results view reopens it there.
    if (origin === 'run' || origin === 'history') rememberResults({ kind: 'history', id: sweep.id });
    set({ sweep, origin, dropped, shareError: null, reproduction: null });
  },

  async openShare(text) {
    set({ opening: true, shareError: null });
    try {
      const { sweep, dropped } = await decodeShare(text);
      set({ sweep, origin: 'share', dropped, reproduction: null, opening: false });
    } catch (e) {
      set({ sweep: null, origin: null, dropped: [], reproduction: null, opening: false, shareError: e instanceof Error ? e.message : String(e) });
    }
  },

  setRule(rule) {
    set({ rule });
  },

  setProjector(projector) {
    set({ projector });
  },

  setRerun(rerun) {
    const sweep = get().sweep;
    set({ reproduction: sweep && rerun ? compareSweeps(sweep, rerun) : null });
  },

  setReproducer(reproducer) {
    set({ reproducer });
  },

  close() {
    forgetResults();
    set({ sweep: null, origin: null, dropped: [], shareError: null, reproduction: null });
  },
}));
