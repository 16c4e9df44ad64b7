import { describe, expect, it } from 'vitest';
import { cutAtStop } from './generate-batch.ts';
import { chooseDevice, type AdapterSource } from './execution-device.ts';
import { argmax, logProbOf, logSumExp, sampleToken, seededUniform } from './sampling.ts';

describe('sampling helpers', () => {
  it('draws the same uniform sequence for the same seed, another for another seed', () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    const c = seededUniform(8);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('samples tokens in proportion to softmax(logits / T)', () => {
    const logits = [Math.log(1), Math.log(2), Math.log(7), -Infinity];
    const u = seededUniform(3);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[sampleToken(logits, 1, u)]++;
    // Binomial standard deviation at n = 20000 is below 0.0035: 0.015 is > 4 sigma.
    expect(Math.abs(counts[0] / n - 0.1)).toBeLessThan(0.015);
    expect(Math.abs(counts[1] / n - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(counts[2] / n - 0.7)).toBeLessThan(0.015);
    expect(counts[3]).toBe(0);
    // A low temperature concentrates on the argmax; T = 0 is greedy.
    expect(sampleToken(logits, 0, u)).toBe(2);
    let top = 0;
    for (let i = 0; i < 1000; i++) if (sampleToken(logits, 0.05, u) === 2) top++;
    expect(top).toBe(1000);
  });

  it('takes the first maximum, and log-probabilities that sum to one', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
    const row = [0.5, -1, 2, 30];
    const total = row.reduce((s, _, i) => s + Math.exp(logProbOf(row, i)), 0);
    expect(total).toBeCloseTo(1, 12);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
  });

  it('cuts text at the earliest stop string', () => {
    expect(cutAtStop('a\n\nb. Q: c', ['Q:', '\n\n'])).toBe('a');
    expect(cutAtStop('abc', ['x'])).toBe('abc');
    expect(cutAtStop('abc', undefined)).toBe('abc');
    expect(cutAtStop('abc', [''])).toBe('abc');
  });
});

describe('device choice', () => {
  const source = (adapter: object | null): AdapterSource => ({ requestAdapter: async () => adapter as GPUAdapter | null });

  it('takes WebGPU for a hardware adapter, wasm for none or a fallback adapter, and obeys the user', async () => {
    expect((await chooseDevice('auto', source({ info: { isFallbackAdapter: false } }))).device).toBe('webgpu');
    expect(await chooseDevice('auto', source({ info: { isFallbackAdapter: true } }))).toEqual({ device: 'wasm', reason: 'the WebGPU adapter is a fallback (CPU) adapter' });
    expect((await chooseDevice('auto', source({ isFallbackAdapter: true }))).device).toBe('wasm');
    expect((await chooseDevice('auto', source(null))).device).toBe('wasm');
    expect((await chooseDevice('auto', null)).device).toBe('wasm');
    expect((await chooseDevice('wasm', source({ info: { isFallbackAdapter: false } }))).device).toBe('wasm');
    expect((await chooseDevice('webgpu', source({ info: { isFallbackAdapter: true } }))).device).toBe('webgpu');
    await expect(chooseDevice('webgpu', null)).rejects.toThrow(/navigator.gpu/);
  });
});
