// The #/bench view's state: the user's own run of the kernel suite (in the playground worker, so
// no kernel loads on the page) and, when the page was opened from a link, the shared report
// shown beside it.
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { KernelBenchReport } from '../compress/bench/report.ts';
import { parseShapes, QUICK_SHAPES } from '../compress/bench/shapes.ts';
import { benchFormOf, benchUrl, decodeBenchLink, encodeBenchLink } from './bench-share.ts';
import { playgroundWorker } from './playground-client.ts';

export interface BenchState {
  shapes: string;
  runs: number;
  tokens: number;
  /** The kernels a run measures, every one when null (a link sets its own). */
  kernels: string[] | null;
  running: boolean;
  progress: string | null;
  error: string | null;
  report: KernelBenchReport | null;
  /** The report a link carried, with the link text it came from. */
  shared: { text: string; report: KernelBenchReport } | null;
  sharedError: string | null;
  setForm(patch: Partial<Pick<BenchState, 'shapes' | 'runs' | 'tokens' | 'kernels'>>): void;
  run(): Promise<void>;
  openLink(text: string): Promise<void>;
  /** A URL that opens this report in the view. */
  linkFor(report: KernelBenchReport, base: string): Promise<string>;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useBench = create<BenchState>((set, get) => ({
  shapes: QUICK_SHAPES.map((s) => `${s.rows}x${s.cols}`).join(','),
  runs: 5,
  tokens: 128,
  kernels: null,
  running: false,
  progress: null,
  error: null,
  report: null,
  shared: null,
  sharedError: null,

  setForm(patch) {
    set(patch);
  },

  async run() {
    const { shapes: text, runs, tokens, kernels } = get();
    let shapes;
    try {
      shapes = parseShapes(text);
      if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
      if (!Number.isInteger(tokens) || tokens < 1) throw new RangeError(`tokens must be a positive integer, got ${tokens}`);
    } catch (e) {
      set({ error: errorText(e) });
      return;
    }
    set({ running: true, error: null, progress: 'starting' });
    try {
      const report = await playgroundWorker().benchKernels(
        { shapes, runs, tokens, warmup: 1, ...(kernels ? { only: kernels } : {}) },
        Comlink.proxy((label: string) => set({ progress: label })),
      );
      set({ report });
    } catch (e) {
      set({ error: errorText(e) });
    } finally {
      set({ running: false, progress: null });
    }
  },

  async openLink(text) {
    if (get().shared?.text === text) return;
    try {
      const report = await decodeBenchLink(text);
      // The form takes the link's rows, so that a run here lands beside each shared figure.
      set({ shared: { text, report }, sharedError: null, ...benchFormOf(report) });
    } catch (e) {
      set({ shared: null, sharedError: errorText(e) });
    }
  },

  async linkFor(report, base) {
    return benchUrl(base, await encodeBenchLink(report));
  },
}));
