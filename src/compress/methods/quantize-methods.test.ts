import { describe, expect, it } from 'vitest';
import { activations, randn } from '../../../test/random.ts';
import { dequantPacked } from '../reference/pack.ts';
import { collectStats, sequencesOf } from '../collect-stats.ts';
import { awqQuantize, meanAbsOverTokens } from '../reference/awq.ts';
import { CompressInputError, type LayerStats, type WeightMatrix } from '../types.ts';
import { awqMethod } from './awq.ts';
import { int8Method } from './int8.ts';
import { rtnMethod } from './rtn.ts';

const cpu = { backend: 'cpu' as const };
const rows = 12;
const cols = 96;
const tokens = 40;
const weight: WeightMatrix = { data: randn(rows * cols, 1, 0.02), rows, cols };
const x = activations(tokens, cols, 2, 0.03);

function statsOf(): LayerStats {
  const maxAbs = new Float32Array(cols);
  for (let t = 0; t < tokens; t++) for (let c = 0; c < cols; c++) maxAbs[c] = Math.max(maxAbs[c], Math.abs(x[t * cols + c]));
  return { cols, nsamples: 1, tokens, meanAbs: meanAbsOverTokens(x, tokens, cols), maxAbs, activations: x };
}

function oneLine(e: unknown): boolean {
  return e instanceof CompressInputError && !e.message.includes('\n');
}

describe('rtn, awq and int8 methods on the CPU backend', () => {
  it('rtn: packed form dequantises to the weight; report bits are the bit width', async () => {
    const r = await rtnMethod.run(weight, null, { bits: 3, group: 40, sym: false }, cpu);
    expect(r.packed!.group).toBe(40);
    expect(r.packed!.scale.length).toBe(rows * 3); // 40 + 40 + a last group of 16
    expect(Array.from(dequantPacked(r.packed!))).toEqual(Array.from(r.weight));
    expect(r.report.bits).toBe(3);
    expect(r.report.backend).toBe('cpu');
    expect(r.report.relErr).toBeGreaterThan(0);
    expect(r.report.relErr).toBeLessThan(0.5);
  });

  it('awq: packed codes dequantise to wqScaled, and wqScaled / s is the weight', async () => {
    const r = await awqMethod.run(weight, statsOf(), { bits: 4, group: 32, clip: true }, cpu);
    const wq = r.extras!.wqScaled as Float32Array;
    const s = r.extras!.awqScales as Float32Array;
    expect(Array.from(dequantPacked(r.packed!))).toEqual(Array.from(wq));
    for (let i = 0; i < wq.length; i++) expect(r.weight[i]).toBe(Math.fround(wq[i] / s[i % cols]));
    expect(r.extras!.lossHistory.length).toBe(20);
    expect(r.extras!.clipMaxval.length).toBe(rows * 3);
    expect(r.report.bits).toBe(4);
  });

  it('awq runs on the strided sample that collectStats keeps when the calibration set is larger', async () => {
    // 3 sequences of 40 tokens, a sample of at most 50: every third token (40 rows) is kept.
    const big = activations(3 * tokens, cols, 4, 0.03);
    const stats = await collectStats('cpu', cols, awqMethod.needs, sequencesOf(big, 3 * tokens, cols, tokens), 50);
    expect(stats.tokens).toBe(3 * tokens);
    const sample = stats.activations!;
    expect(sample.length).toBe(tokens * cols);
    expect(Array.from(sample.subarray(cols, 2 * cols))).toEqual(Array.from(big.subarray(3 * cols, 4 * cols)));
    const opts = { bits: 4, group: 32, clip: true };
    const r = await awqMethod.run(weight, stats, opts, cpu);
    const twin = awqQuantize(weight, stats.meanAbs!, sample, tokens, opts);
    expect(Array.from(r.weight)).toEqual(Array.from(twin.weight));
    expect(Array.from(r.extras!.lossHistory)).toEqual(Array.from(twin.lossHistory));
  });

  it('int8: bits count 16 per outlier column', async () => {
    const stats = statsOf();
    const r = await int8Method.run(weight, stats, {}, cpu);
    const k = (r.extras!.outlierColumns as Int32Array).length;
    expect(k).toBeGreaterThan(0);
    expect(r.report.bits).toBeCloseTo((8 * (cols - k) + 16 * k) / cols, 12);
    for (const c of r.extras!.outlierColumns as Int32Array) expect(r.weight[c]).toBe(weight.data[c]);
  });

  it('rejects bad parameters and missing statistics with one line', async () => {
    const bad: Array<Promise<unknown>> = [
      rtnMethod.run(weight, null, { bits: 1 }, cpu),
      rtnMethod.run(weight, null, { bits: 9 }, cpu),
      rtnMethod.run(weight, null, { bits: 4, group: 0 }, cpu),
      rtnMethod.run(weight, null, { bits: 4, group: -2 }, cpu),
      awqMethod.run(weight, null, { bits: 4 }, cpu),
      awqMethod.run(weight, { ...statsOf(), activations: undefined }, { bits: 4 }, cpu),
      awqMethod.run(weight, { ...statsOf(), tokens: tokens - 1 }, { bits: 4 }, cpu),
      awqMethod.run(weight, { ...statsOf(), activations: x.subarray(0, x.length - 1) }, { bits: 4 }, cpu),
      awqMethod.run(weight, statsOf(), { bits: 10 }, cpu),
      int8Method.run(weight, null, {}, cpu),
      int8Method.run(weight, { ...statsOf(), maxAbs: undefined }, {}, cpu),
      int8Method.run(weight, statsOf(), { threshold: -1 }, cpu),
    ];
    for (const p of bad) {
      const e = await p.then(() => null, (err: unknown) => err);
      expect(oneLine(e), String(e)).toBe(true);
    }
  });
});
