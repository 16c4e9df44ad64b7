import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, wasmThreadCount } from './ort-assets.ts';

describe('wasm thread count', () => {
  it('is one where the page is not cross-origin isolated, whatever the cores', () => {
    expect(wasmThreadCount(false, 16)).toEqual({ threads: 1, reason: expect.stringMatching(/not cross-origin isolated/) });
  });

  it('is one per logical core where the page is isolated', () => {
    expect(wasmThreadCount(true, 2).threads).toBe(2);
    expect(wasmThreadCount(true, 6).threads).toBe(6);
    expect(wasmThreadCount(true, 1)).toEqual({ threads: 1, reason: '1 thread: 1 logical core' });
  });

  it('is capped on many-core machines and says so', () => {
    const many = wasmThreadCount(true, 64);
    expect(many.threads).toBe(MAX_WASM_THREADS);
    expect(many.reason).toContain(`capped at ${MAX_WASM_THREADS}`);
  });

  it('is one when the browser does not say how many cores it has', () => {
    expect(wasmThreadCount(true, undefined).threads).toBe(1);
    expect(wasmThreadCount(true, 0).threads).toBe(1);
  });
});
