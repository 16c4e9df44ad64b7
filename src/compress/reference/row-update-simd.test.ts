import { describe, expect, it } from 'vitest';
import { randn } from '../../../test/random.ts';
import { rowUpdateKernel, rowUpdateModuleBytes } from './row-update-simd.ts';

describe('OBS row update kernel', () => {
  it('is a valid module small enough to compile synchronously on a browser main thread (4 KiB)', () => {
    const bytes = rowUpdateModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });

  // Lengths through the f32x4 loop and its 0 .. 3 column tail, at every alignment.
  it('gives Math.fround of each step and leaves the columns after the row alone', () => {
    const kernel = rowUpdateKernel();
    expect(kernel).not.toBeNull();
    if (!kernel) return;
    expect(kernel.reserve(1024)).toBe(true);
    const mem = kernel.f32;
    for (let len = 0; len <= 13; len++) {
      for (const offset of [0, 1, 2, 3]) {
        const x = randn(len, 100 + len);
        const y = randn(len, 200 + len);
        const e = Math.fround(0.1 + len / 7);
        mem.fill(9);
        mem.set(x, offset);
        mem.set(y, 512 + offset);
        kernel.subtractScaled(offset, 512 + offset, len, e);
        for (let j = 0; j < len; j++) expect(mem[offset + j]).toBe(Math.fround(x[j] - Math.fround(e * y[j])));
        expect(mem[offset + len]).toBe(9);
        if (offset > 0) expect(mem[offset - 1]).toBe(9);
      }
    }
  });
});
