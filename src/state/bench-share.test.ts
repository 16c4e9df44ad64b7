import { describe, expect, it } from 'vitest';
import type { KernelBenchReport } from '../compress/bench/report.ts';
import { benchFormOf, benchTextFromHash, benchUrl, decodeBenchLink, encodeBenchLink, parseBenchReport } from './bench-share.ts';

function sampleReport(): KernelBenchReport {
  return {
    schema: 'kick-lab/kernel-bench',
    version: 1,
    createdAt: '2026-12-06T18:00:00.000Z',
    adapter: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader', isFallbackAdapter: true, features: ['shader-f16'], limits: { maxBufferSize: 2 ** 30 } },
    runs: 3,
    warmup: 1,
    tokens: 64,
    baselines: {
      copy: { label: 'copy 16 MiB', ms: 10, work: 2 ** 25, rate: 2 ** 25 / 0.01, timer: 'fence' },
      matmul: { label: 'matmul 256x256x256', ms: 20, work: 2 * 256 ** 3, rate: (2 * 256 ** 3) / 0.02, timer: 'fence' },
    },
    rows: [
      { kernel: 'mask apply', shape: '64x192', bound: 'bandwidth', scope: 'kernel', ms: 0.5, work: 100_000, rate: 2e8, fraction: 0.06, timer: 'fence' },
      { kernel: 'SparseGPT 50%', shape: '64x192', bound: 'compute', scope: 'launcher', ms: null, work: 5e6, rate: null, fraction: null, timer: 'wall', error: 'lost' },
    ],
  };
}

describe('benchmark links', () => {
  it('round-trips a report through link text and a URL hash', async () => {
    const report = sampleReport();
    const text = await encodeBenchLink(report);
    const url = new URL(benchUrl('http://localhost:5173/', text));
    expect(url.hash.startsWith('#/bench/v1.')).toBe(true);
    const back = benchTextFromHash(url.hash);
    expect(back).toBe(text);
    expect(await decodeBenchLink(back!)).toEqual(report);
  });

  it("gives the form that re-measures a report's rows: its shapes and kernels in order, runs and tokens", () => {
    const report = sampleReport();
    report.rows.push({ ...report.rows[0], shape: '128x64' }, { ...report.rows[1], shape: '128x64' });
    expect(benchFormOf(report)).toEqual({ shapes: '64x192,128x64', kernels: ['mask apply', 'SparseGPT 50%'], runs: 3, tokens: 64 });
  });

  it('tells the bare view, a link and another route apart', () => {
    expect(benchTextFromHash('#/bench')).toBe('');
    expect(benchTextFromHash('#playground')).toBeNull();
    expect(benchTextFromHash('#share=v1.x')).toBeNull();
  });

  it('rejects altered, foreign and malformed links with one clear line', async () => {
    const text = await encodeBenchLink(sampleReport());
    const altered = `${text.slice(0, -2)}${text.endsWith('A') ? 'B' : 'A'}${text.slice(-1)}`;
    await expect(decodeBenchLink(altered)).rejects.toThrow(/checksum|damaged/);
    await expect(decodeBenchLink('hello')).rejects.toThrow('not a KICK Lab benchmark link');
    await expect(decodeBenchLink(text.replace(/^v1/, 'v9'))).rejects.toThrow('version 9');
    const broken = { ...sampleReport(), rows: [{ ...sampleReport().rows[0], rate: -1 }] };
    expect(() => parseBenchReport(broken)).toThrow('malformed at rows.0.rate');
    expect(() => parseBenchReport({ ...sampleReport(), extra: 1 })).toThrow('malformed');
  });
});
