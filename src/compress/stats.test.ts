import { describe, expect, it } from 'vitest';
import { activations } from '../../test/random.ts';
import { layerStats } from './reference/stats.ts';
import { createStatsAccumulator } from './stats.ts';
import { CompressInputError } from './types.ts';

describe('createStatsAccumulator (cpu)', () => {
  it('accumulates batches into the twin statistics', async () => {
    const cols = 11;
    const x = activations(30, cols, 1);
    const acc = await createStatsAccumulator('cpu', cols, ['scalerRow', 'hessian', 'maxAbs']);
    acc.add(x.subarray(0, 10 * cols), 1);
    acc.add(x.subarray(10 * cols), 2);
    const got = await acc.finish();
    const want = layerStats(x, cols, 3, ['scalerRow', 'hessian', 'maxAbs']);
    expect(got.nsamples).toBe(3);
    expect(got.tokens).toBe(30);
    expect(got.maxAbs).toEqual(want.maxAbs);
    for (const key of ['scalerRow', 'hessian'] as const) {
      got[key]!.forEach((v, i) => expect(v).toBeCloseTo(want[key]![i], 4));
    }
    expect(got.meanAbs).toBeUndefined();
  });

  it('rejects ragged batches, bad sequence counts, unknown statistics and an empty run', async () => {
    const acc = await createStatsAccumulator('cpu', 4, ['scalerRow']);
    expect(() => acc.add(new Float32Array(6), 1)).toThrow(CompressInputError);
    expect(() => acc.add(new Float32Array(8), -1)).toThrow(CompressInputError);
    await expect(acc.finish()).rejects.toThrow(/no calibration sequences/);
    await expect(createStatsAccumulator('cpu', 4, ['norms' as 'scalerRow'])).rejects.toThrow(CompressInputError);
    await expect(createStatsAccumulator('cpu', 0, ['scalerRow'])).rejects.toThrow(CompressInputError);
  });
});
