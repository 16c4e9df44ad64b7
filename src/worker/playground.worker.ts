import * as Comlink from 'comlink';
import { runKernelSuite } from '../compress/bench/suite.ts';
import { collectStats, sequencesOf } from '../compress/collect-stats.ts';
import { compress, METHODS, recipeNeeds, resolveRecipe } from '../compress/registry.ts';
import { outputRelError } from '../compress/report.ts';
import { activations, randn } from '../compress/synthetic.ts';
import { acquireGpu } from '../gpu/index.ts';
import type { AdapterReport, KernelBenchJob, MethodInfo, PlaygroundApi, PlaygroundJob, PlaygroundResult } from './playground-protocol.ts';

const CORNER = 32;

function corner(data: Float32Array, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < Math.min(rows, CORNER); r++) {
    for (let c = 0; c < Math.min(cols, CORNER); c++) out.push(data[r * cols + c]);
  }
  return out;
}

const api: PlaygroundApi = {
  async adapter(): Promise<AdapterReport> {
    try {
      const gpu = await acquireGpu();
      return { ok: true, info: gpu.info };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  },

  async methods(): Promise<MethodInfo[]> {
    return Object.values(METHODS).map(({ id, kind, label, summary, needs, params, defaults }) => ({
      id,
      kind,
      label,
      summary,
      needs: [...needs],
      params: [...params],
      defaults: { ...defaults },
    }));
  },

  async benchKernels(job: KernelBenchJob, onProgress: (label: string) => void) {
    // ORT's peer row loads onnxruntime-web, so only when the benchmark runs.
    const { ortPeerCases } = await import('../model/bench/ort-matmul.ts');
    return runKernelSuite(await acquireGpu(), { ...job, peers: await ortPeerCases(), onProgress: (label) => void onProgress(label) });
  },

  async run(job: PlaygroundJob): Promise<PlaygroundResult> {
    const { rows, cols, tokens, seed } = job;
    // The golden recipe: weights N(0, 0.02^2), activations N(0, 1) with 2% outlier channels x20.
    const data = randn(rows * cols, seed, 0.02);
    const x = activations(tokens, cols, seed + 1);
    const needs = recipeNeeds(resolveRecipe(job.method));
    const stats = needs.length > 0 ? await collectStats(job.backend, cols, needs, sequencesOf(x, tokens, cols, 64)) : null;
    const result = await compress(job.method, { data, rows, cols }, stats, job.params, { backend: job.backend });
    const evalTokens = Math.min(tokens, 64);
    return {
      job,
      report: result.report,
      outputErr: outputRelError(x, evalTokens, cols, result.weight, data, rows),
      corner: {
        rows: Math.min(rows, CORNER),
        cols: Math.min(cols, CORNER),
        before: corner(data, rows, cols),
        after: corner(result.weight, rows, cols),
      },
    };
  },
};

Comlink.expose(api);
