import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, wasmThreadCount } from './ort-assets.ts';

describe('wasm thread count', () => {
  it('is one where the page is not cross-origin isolated, whatever the cores', () => {
    expect(wasmThreadCount(false, 16)).toEqual({ threads: 1, reason: expect.stringMatching(/not cross-origin isolated/) });
  });

  it('is half the logical cores where the page is isolated, at least one', () => {
    expect(wasmThreadCount(true, 2).threads).toBe(1);
    expect(wasmThreadCount(true, 4).threads).toBe(2);
    expect(wasmThreadCount(true, 6).threads).toBe(3);
    expect(wasmThreadCount(true, 8)).toEqual({ threads: 4, reason: '4 threads: half of 8 logical cores' });
    expect(wasmThreadCount(true, 1)).toEqual({ threads: 1, reason: '1 thread: half of 1 logical core' });
  });

  it('is capped on many-core machines and says so', () => {
    const many = wasmThreadCount(true, 64);
    expect(many.threads).toBe(MAX_WASM_THREADS);
    expect(many.reason).toContain(`capped at ${MAX_WASM_THREADS}`);
    expect(wasmThreadCount(true, 16).reason).not.toContain('capped');
  });

  it('is one when the browser does not say how many cores it has', () => {
    expect(wasmThreadCount(true, undefined).threads).toBe(1);
    expect(wasmThreadCount(true, 0).threads).toBe(1);
  });
});
