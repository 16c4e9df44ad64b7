// WebGPU and the TypeScript twins agree on non-finite input: both refuse it, with the same message,
// and both refuse an output that overflowed (finite.test.ts covers every method on the twins).
import { describe, expect, it } from 'vitest';
import { randn } from '../../test/random.ts';
import { compress } from './registry.ts';
import type { Backend, WeightMatrix } from './types.ts';

const rows = 16;
const cols = 64;
const BACKENDS: Backend[] = ['webgpu', 'cpu'];

async function refusal(spec: string, weight: WeightMatrix, backend: Backend): Promise<string> {
  try {
    await compress(spec, weight, null, { bits: 4, group: 32, sparsity: 0.5 }, { backend });
  } catch (error) {
    return (error as Error).message;
  }
  return 'no refusal';
}

describe('non-finite values: WebGPU and the twins both refuse', () => {
  it('rtn and magnitude on a weight with NaN and Inf', async () => {
    const data = randn(rows * cols, 9, 0.02);
    for (let i = 0; i < 85; i++) data[i * 7] = i % 5 === 0 ? -Infinity : NaN;
    for (const spec of ['rtn', 'magnitude']) {
      const messages = await Promise.all(BACKENDS.map((b) => refusal(spec, { data, rows, cols }, b)));
      expect(messages[0], spec).toBe('the weight has 85 non-finite values (68 NaN, 17 Inf), the first at row 0, column 0; NaN and Inf cannot be compressed');
      expect(messages[1], spec).toBe(messages[0]);
    }
  });

  it('rtn whose scale overflows on finite weights near the float32 limit', async () => {
    const data = new Float32Array(rows * cols).map((_, i) => (i % 2 ? 3e38 : -3e38));
    const messages = await Promise.all(BACKENDS.map((b) => refusal('rtn', { data, rows, cols }, b)));
    expect(messages[0]).toMatch(/^rtn turned finite inputs into \d+ non-finite values/);
    expect(messages[1]).toMatch(/^rtn turned finite inputs into \d+ non-finite values/);
  });
});
