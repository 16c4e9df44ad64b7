import { describe, expect, it } from 'vitest';
import { releaseLargeMemory, SIMD_TILE_M, SIMD_TILE_N, simdGemm, simdGemmModuleBytes } from './simd-gemm.ts';

describe('SIMD gemm kernel', () => {
  it('is a valid module small enough to compile synchronously on a browser main thread (4 KiB)', () => {
    const bytes = simdGemmModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });

  it('sums packed strips into a strided C block: set, add and subtract', () => {
    const kernel = simdGemm();
    expect(kernel).not.toBeNull();
    if (!kernel) return;
    const k = 5;
    const mStrips = 2;
    const nStrips = 3;
    const rows = mStrips * SIMD_TILE_M;
    const cols = nStrips * SIMD_TILE_N;
    const ldc = cols + 2; // C rows with a gap, as a band of a larger matrix
    const aAt = 0;
    const bAt = aAt + rows * k;
    const cAt = bAt + cols * k;
    expect(kernel.reserve((cAt + rows * ldc) * 8)).toBe(true);
    const mem = kernel.f64;
    const a = (i: number, kk: number) => (i + 1) * 0.5 - kk * 0.25;
    const b = (kk: number, j: number) => 1 / (j + 2) + kk;
    for (let i = 0; i < rows; i++) {
      for (let kk = 0; kk < k; kk++) mem[aAt + Math.floor(i / SIMD_TILE_M) * k * SIMD_TILE_M + kk * SIMD_TILE_M + (i % SIMD_TILE_M)] = a(i, kk);
    }
    for (let j = 0; j < cols; j++) {
      for (let kk = 0; kk < k; kk++) mem[bAt + Math.floor(j / SIMD_TILE_N) * k * SIMD_TILE_N + kk * SIMD_TILE_N + (j % SIMD_TILE_N)] = b(kk, j);
    }
    const dot = (i: number, j: number, from: number) => {
      let s = from;
      for (let kk = 0; kk < k; kk++) s += a(i, kk) * b(kk, j);
      return s;
    };
    mem.fill(7, cAt, cAt + rows * ldc);
    const call = {
      a: aAt,
      aStride: k * SIMD_TILE_M,
      b: bAt,
      bStride: k * SIMD_TILE_N,
      c: cAt,
      ldc: ldc,
      cNext: SIMD_TILE_N,
      mStrips,
      nStrips,
      k,
    };
    kernel.panels(call, 'set');
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) expect(mem[cAt + i * ldc + j]).toBe(dot(i, j, 0));
      // The gap between rows is left alone.
      expect(mem[cAt + i * ldc + cols]).toBe(7);
    }
    kernel.panels(call, 'add');
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(mem[cAt + i * ldc + j]).toBe(dot(i, j, dot(i, j, 0)));
    const diff = (i: number, j: number, from: number) => {
      let s = from;
      for (let kk = 0; kk < k; kk++) s -= a(i, kk) * b(kk, j);
      return s;
    };
    kernel.panels(call, 'subtract');
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(mem[cAt + i * ldc + j]).toBe(diff(i, j, dot(i, j, dot(i, j, 0))));
  });

  it('keeps a small memory between jobs and lets a large one go', () => {
    const small = simdGemm();
    expect(small).not.toBeNull();
    if (!small) return;
    expect(small.reserve(1 << 20)).toBe(true);
    releaseLargeMemory();
    expect(simdGemm()).toBe(small);
    expect(small.reserve(65 << 20)).toBe(true);
    releaseLargeMemory();
    const fresh = simdGemm();
    expect(fresh).not.toBe(small);
    expect(fresh?.bytes).toBeLessThan(1 << 20);
  });
});
