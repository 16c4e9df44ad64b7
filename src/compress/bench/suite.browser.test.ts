import { describe, expect, it } from 'vitest';
import { acquireGpu } from '../../gpu/index.ts';
import { runKernelSuite, SUITE_KERNELS } from './suite.ts';

describe('kernel benchmark suite', () => {
  it('measures both baselines and every kernel on a small shape, each with its fraction', async () => {
    const gpu = await acquireGpu();
    const seen: string[] = [];
    const report = await runKernelSuite(gpu, { shapes: [{ rows: 96, cols: 160 }], tokens: 64, runs: 2, warmup: 1, onProgress: (l) => seen.push(l) });
    expect(report.baselines.copy.rate).toBeGreaterThan(0);
    expect(report.baselines.matmul.rate).toBeGreaterThan(0);
    expect(report.rows.map((r) => r.kernel)).toEqual(SUITE_KERNELS);
    for (const row of report.rows) {
      expect(row.error, row.kernel).toBeUndefined();
      expect(row.ms).toBeGreaterThan(0);
      const base = row.bound === 'bandwidth' ? report.baselines.copy : report.baselines.matmul;
      expect(row.fraction).toBeCloseTo((row.work / (row.ms! / 1000)) / base.rate, 10);
    }
    expect(report.adapter.features).toEqual([...gpu.info.features]);
    expect(seen.slice(0, 2)).toEqual(['copy baseline', 'matmul baseline']);
  });

  it('rejects an empty or malformed shape list', async () => {
    const gpu = await acquireGpu();
    await expect(runKernelSuite(gpu, { shapes: [], tokens: 8, runs: 1, warmup: 0 })).rejects.toThrow('at least one shape');
    await expect(runKernelSuite(gpu, { shapes: [{ rows: 0, cols: 3 }], tokens: 8, runs: 1, warmup: 0 })).rejects.toThrow('positive integer');
  });
});
