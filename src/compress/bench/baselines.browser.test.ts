import { describe, expect, it } from 'vitest';
import { acquireGpu, readF32, storageBuffer, submitDispatches, uploadBuffer } from '../../gpu/index.ts';
import { randn } from '../../../test/random.ts';
import { matmul } from '../reference/matmul.ts';
import { benchMatmulDispatch, copyDispatch } from './baselines.ts';

describe('benchmark baselines vs twins', () => {
  // Counts around the 256-invocation workgroup, with a sentinel tail the copy must not touch.
  for (const vec4s of [1, 255, 257, 1000]) {
    it(`copy of ${vec4s} vec4s equals its source and stops at the end`, async () => {
      const gpu = await acquireGpu();
      const src = randn(vec4s * 4 + 8, vec4s);
      const sentinel = new Float32Array(vec4s * 4 + 8).fill(-7);
      const dst = uploadBuffer(gpu, sentinel);
      submitDispatches(gpu, [copyDispatch(gpu, uploadBuffer(gpu, src), dst, vec4s)]);
      const got = await readF32(gpu, dst, sentinel.length);
      expect(got.subarray(0, vec4s * 4)).toEqual(src.subarray(0, vec4s * 4));
      expect(Array.from(got.subarray(vec4s * 4))).toEqual(new Array(8).fill(-7));
    });
  }

  // Around the 64x64 tile and the 16-deep k slices.
  for (const [m, n, k] of [[1, 1, 1], [17, 33, 5], [64, 64, 64], [100, 70, 130]]) {
    it(`matmul ${m}x${n}x${k} equals the twin to fp32 summation error`, async () => {
      const gpu = await acquireGpu();
      const a = randn(m * k, m);
      const b = randn(k * n, n);
      const want = new Float32Array(m * n);
      matmul({ data: a, offset: 0, ld: k }, { data: b, offset: 0, ld: n }, { data: want, offset: 0, ld: n }, { m, n, k });
      const c = storageBuffer(gpu, m * n * 4);
      submitDispatches(gpu, [benchMatmulDispatch(gpu, uploadBuffer(gpu, a), uploadBuffer(gpu, b), c, m, n, k)]);
      const got = await readF32(gpu, c, m * n);
      const scale = Math.max(...want.map(Math.abs));
      for (let i = 0; i < m * n; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5 * Math.max(1, scale));
    });
  }
});
