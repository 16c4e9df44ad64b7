import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { SUITE_KERNEL_LIST } from './kernels.ts';
import { type BenchCase, runKernelSuite, SUITE_KERNELS } from './suite.ts';

describe('kernel benchmark suite', () => {
  it('measures both baselines and every kernel on a small shape, each with its fraction', async () => {
    const gpu = await acquireGpu();
    const seen: string[] = [];
    const report = await runKernelSuite(gpu, { shapes: [{ rows: 96, cols: 160 }], tokens: 64, runs: 2, warmup: 1, onProgress: (l) => seen.push(l) });
    expect(report.baselines.copy.rate).toBeGreaterThan(0);
    expect(report.baselines.matmul.rate).toBeGreaterThan(0);
    expect(report.rows.map((r) => r.kernel)).toEqual(SUITE_KERNELS);
    // The list the view offers without loading the suite names the same rows with the same bounds.
    expect(report.rows.map((r) => ({ kernel: r.kernel, bound: r.bound }))).toEqual(SUITE_KERNEL_LIST);
    for (const row of report.rows) {
      expect(row.error, row.kernel).toBeUndefined();
      expect(row.ms).toBeGreaterThan(0);
      const base = row.bound === 'bandwidth' ? report.baselines.copy : report.baselines.matmul;
      expect(row.fraction).toBeCloseTo((row.work / (row.ms! / 1000)) / base.rate, 10);
    }
    expect(report.adapter.features).toEqual([...gpu.info.features]);
    expect(seen.slice(0, 2)).toEqual(['copy baseline', 'matmul baseline']);
  });

  it('runs peer rows after its own on each shape, with a failing peer reported in its row', async () => {
    const gpu = await acquireGpu();
    const timed: string[] = [];
    const peer = (kernel: string, ms: number | null): BenchCase => ({
      kernel,
      bound: 'compute',
      scope: 'launcher',
      work: (s, tokens) => 2 * tokens * s.rows * s.cols,
      time: async (_gpu, s, data) => {
        timed.push(`${kernel} ${s.rows}x${s.cols} ${data.weight.length}`);
        if (ms === null) throw new Error('no such runtime here');
        return { ms, timer: 'wall' };
      },
    });
    const shapes = [{ rows: 8, cols: 16 }, { rows: 4, cols: 12 }];
    const report = await runKernelSuite(gpu, {
      shapes, tokens: 8, runs: 1, warmup: 0,
      only: ['mask apply', 'peer ok', 'peer broken'],
      peers: [peer('peer ok', 2), peer('peer broken', null), peer('peer left out', 1)],
    });
    expect(report.rows.map((r) => `${r.kernel} ${r.shape}`)).toEqual([
      'mask apply 8x16', 'peer ok 8x16', 'peer broken 8x16', 'mask apply 4x12', 'peer ok 4x12', 'peer broken 4x12',
    ]);
    expect(timed).toEqual(['peer ok 8x16 128', 'peer broken 8x16 128', 'peer ok 4x12 48', 'peer broken 4x12 48']);
    const ok = report.rows[1];
    expect(ok.fraction).toBeCloseTo((2 * 8 * 8 * 16) / 0.002 / report.baselines.matmul.rate, 10);
    expect(report.rows[2].error).toBe('no such runtime here');
  });

  it('sizes the matmul baseline by the shapes only when a compute-bound row is asked for', async () => {
    const gpu = await acquireGpu();
    const run = (only: string[]) => runKernelSuite(gpu, { shapes: [{ rows: 300, cols: 320 }], tokens: 8, runs: 1, warmup: 0, only });
    const bandwidthOnly = await run(['mask apply']);
    expect(bandwidthOnly.baselines.matmul.label).toMatch(/^matmul 256x256x256,/);
    const withCompute = await run(['mask apply', 'OBS lazy update (matmul)']);
    expect(withCompute.baselines.matmul.label).toMatch(/^matmul 300x300x300,/);
    expect(withCompute.rows.map((r) => r.error)).toEqual([undefined, undefined]);
  });

  it("counts the AWQ search's FLOPs on the path it takes: per candidate over the tokens, or through the Gram matrix", async () => {
    const gpu = await acquireGpu();
    const run = (tokens: number) => runKernelSuite(gpu, { shapes: [{ rows: 24, cols: 32 }], tokens, runs: 1, warmup: 0, only: ['AWQ search 4-bit g128'] });
    const direct = (await run(16)).rows[0];
    expect(direct.error).toBeUndefined();
    expect(direct.work).toBe(20 * 2 * 16 * 24 * 32);
    const gram = (await run(64)).rows[0];
    expect(gram.error).toBeUndefined();
    expect(gram.work).toBe(2 * 64 * 32 * 32 + 20 * 2 * 24 * 32 * 32);
  });

  it('rejects an empty or malformed shape list', async () => {
    const gpu = await acquireGpu();
    await expect(runKernelSuite(gpu, { shapes: [], tokens: 8, runs: 1, warmup: 0 })).rejects.toThrow('at least one shape');
    await expect(runKernelSuite(gpu, { shapes: [{ rows: 0, cols: 3 }], tokens: 8, runs: 1, warmup: 0 })).rejects.toThrow('positive integer');
  });
});
