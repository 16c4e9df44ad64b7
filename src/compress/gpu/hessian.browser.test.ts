import { describe, expect, it } from 'vitest';
import { acquireGpu, readF32, readU32, uploadBuffer, withBufferScope } from '../../gpu/index.ts';
import { activations } from '../../../test/random.ts';
import { accumulateHessian, prepareHessian } from '../reference/hessian.ts';
import { relFro } from '../../../test/compress/obs-fixtures.ts';
import { prepareHessianGpu } from './hessian.ts';

describe('hessian preparation kernels vs twin', () => {
  // 70 and 130 are not multiples of the 64-wide kernels' steps; columns 3 and 40 are dead.
  for (const [n, actOrder] of [[70, true], [130, false], [130, true]] as const) {
    it(`n = ${n}${actOrder ? ' act-order' : ''}`, async () => {
      const gpu = await acquireGpu();
      const tokens = 96;
      const x = activations(tokens, n, n);
      for (let t = 0; t < tokens; t++) x[t * n + 3] = x[t * n + 40] = 0;
      const h = accumulateHessian(x, tokens, n, 32);
      const want = prepareHessian(h, n, 0.01, actOrder);
      await withBufferScope(gpu.device, async () => {
        const got = await prepareHessianGpu(gpu, uploadBuffer(gpu, h), n, 0.01, actOrder);
        expect(Array.from(await readU32(gpu, got.dead, n))).toEqual(Array.from(want.dead));
        const order = Array.from(await readU32(gpu, got.order, n));
        expect(order).toEqual(want.perm ? Array.from(want.perm) : order.map((_, i) => i));
        // A float32 tree sum of the diagonal against the twin's float64 sum.
        expect(Math.abs((await readF32(gpu, got.damping, 1))[0] / want.damping - 1)).toBeLessThan(1e-5);
        // 96 tokens for up to 130 columns: H is singular before damping, cond(H + damp I) ~ 1e3, so
        // float32 elimination leaves ~cond * 2^-24 * sqrt(n) relative error against the float64 twin.
        expect(relFro(await readF32(gpu, got.hinv, n * n), want.hinv)).toBeLessThan(1e-3);
      });
    });
  }
});
