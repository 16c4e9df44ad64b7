import { describe, expect, it } from 'vitest';
import { acquireGpu, readU32, uploadBuffer, withBufferScope } from '../../gpu/index.ts';
import { timePass } from './timing.ts';

const INCREMENT = `
@group(0) @binding(0) var<storage, read_write> counter: array<u32>;
@compute @workgroup_size(1) fn main() { counter[0] = counter[0] + 1u; }
`;

describe('timePass', () => {
  it('encodes the reset before every run, warm-up included, so each run starts from the same state', async () => {
    const gpu = await acquireGpu();
    await withBufferScope(gpu.device, async () => {
      const counter = uploadBuffer(gpu, new Uint32Array([0]));
      const zero = uploadBuffer(gpu, new Uint32Array([0]));
      const pass = [{ code: INCREMENT, bindings: [counter], workgroups: [1] as const, label: 'increment' }];
      const timing = await timePass(gpu, pass, { runs: 3, warmup: 1 });
      expect(timing.ms).toBeGreaterThanOrEqual(0);
      expect((await readU32(gpu, counter, 1))[0]).toBe(4);
      await timePass(gpu, pass, { runs: 3, warmup: 1 }, (encoder) => encoder.copyBufferToBuffer(zero, 0, counter, 0, 4));
      expect((await readU32(gpu, counter, 1))[0]).toBe(1);
    });
  });
});
