import { describe, expect, it } from 'vitest';
import { acquireGpu, readF32, storageBuffer, submitDispatches, uploadBuffer } from '../../gpu/index.ts';
import { matmul } from '../reference/matmul.ts';
import { randn } from '../../../test/random.ts';
import { matmulDispatch, type MatmulVariant } from './matmul.ts';

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-30);
}

describe('matmul kernel vs twin', () => {
  // Shapes around the 64x64 tile and the 16-deep k step, both transposes, and strided sub-views.
  const cases = [
    { m: 1, n: 1, k: 1, transA: false, transB: false },
    { m: 63, n: 65, k: 17, transA: false, transB: false },
    { m: 130, n: 70, k: 200, transA: true, transB: false },
    { m: 37, n: 129, k: 64, transA: false, transB: true },
    { m: 100, n: 90, k: 33, transA: true, transB: true },
  ];
  const variants: MatmulVariant[] = ['tiled', 'direct'];
  const runs = variants.flatMap((variant) => cases.map((spec) => ({ variant, spec })));
  for (const { variant, spec } of runs) {
    it(`${variant} m=${spec.m} n=${spec.n} k=${spec.k} tA=${spec.transA} tB=${spec.transB}`, async () => {
      const gpu = await acquireGpu();
      const { m, n, k, transA, transB } = spec;
      const [ar, ac] = transA ? [k, m] : [m, k];
      const [br, bc] = transB ? [n, k] : [k, n];
      // Embed each operand in a wider parent with an offset to exercise strides.
      const pad = 3;
      const a = randn((ar + 1) * (ac + pad), 1);
      const b = randn((br + 1) * (bc + pad), 2);
      const c0 = randn((m + 1) * (n + pad), 3);
      const views = { a: { offset: ac + pad, ld: ac + pad }, b: { offset: 1, ld: bc + pad }, c: { offset: 2, ld: n + pad } };
      const expected = c0.slice();
      const full = { ...spec, alpha: -0.5, beta: 2 };
      matmul({ data: a, ...views.a }, { data: b, ...views.b }, { data: expected, ...views.c }, full);
      const cBuf = uploadBuffer(gpu, c0);
      submitDispatches(gpu, [
        matmulDispatch(
          gpu,
          { buffer: uploadBuffer(gpu, a), ...views.a },
          { buffer: uploadBuffer(gpu, b), ...views.b },
          { buffer: cBuf, ...views.c },
          full,
          variant,
        ),
      ]);
      const got = await readF32(gpu, cBuf, c0.length);
      // fp32 accumulation over k terms of unit-variance products: relative error ~ sqrt(k) * 2^-24.
      expect(maxRelDiff(got, expected)).toBeLessThan(1e-5);
      // Elements outside the view are untouched.
      expect(got[0]).toBe(c0[0]);
      expect(got[1]).toBe(c0[1]);
    });
  }

  it('writes nothing for an empty product', async () => {
    const gpu = await acquireGpu();
    const c = storageBuffer(gpu, 16);
    submitDispatches(gpu, [matmulDispatch(gpu, { buffer: c, offset: 0, ld: 1 }, { buffer: c, offset: 0, ld: 1 }, { buffer: c, offset: 0, ld: 1 }, { m: 0, n: 0, k: 1 })]);
    expect(Array.from(await readF32(gpu, c, 4))).toEqual([0, 0, 0, 0]);
  });
});
