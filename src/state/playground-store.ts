import { create } from 'zustand';
import type { Backend, CompressParams } from '../compress/types.ts';
import type { AdapterReport, MethodInfo, PlaygroundJob, PlaygroundResult } from '../worker/playground-protocol.ts';
import { playgroundWorker } from './playground-client.ts';

export interface PlaygroundState {
  adapter: AdapterReport | null;
  methods: MethodInfo[];
  method: string;
  rows: number;
  cols: number;
  tokens: number;
  seed: number;
  backend: Backend;
  params: CompressParams;
  running: boolean;
  error: string | null;
  results: PlaygroundResult[];
  load(): Promise<void>;
  setJob(patch: Partial<Pick<PlaygroundState, 'method' | 'rows' | 'cols' | 'tokens' | 'seed' | 'backend'>>): void;
  setParams(patch: CompressParams): void;
  run(): Promise<void>;
  clear(): void;
}

export const usePlayground = create<PlaygroundState>((set, get) => ({
  adapter: null,
  methods: [],
  method: 'magnitude',
  rows: 256,
  cols: 512,
  tokens: 256,
  seed: 1234,
  backend: 'webgpu',
  params: { sparsity: 0.5, pattern: 'unstructured', bits: 4, group: 128, sym: false, actOrder: false, clip: false, threshold: 6 },
  running: false,
  error: null,
  results: [],

  async load() {
    const worker = playgroundWorker();
    const [adapter, methods] = await Promise.all([worker.adapter(), worker.methods()]);
    set({ adapter, methods, backend: adapter.ok ? 'webgpu' : 'cpu' });
  },

  setJob(patch) {
    set(patch);
  },

  setParams(patch) {
    set({ params: { ...get().params, ...patch } });
  },

  async run() {
    const { method, rows, cols, tokens, seed, backend, params } = get();
    const job: PlaygroundJob = { method, rows, cols, tokens, seed, backend, params };
    set({ running: true, error: null });
    try {
      const result = await playgroundWorker().run(job);
      set({ results: [result, ...get().results].slice(0, 20) });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      set({ running: false });
    }
  },

  clear() {
    set({ results: [] });
  },
}));
