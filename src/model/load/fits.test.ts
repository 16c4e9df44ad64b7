import { describe, expect, it } from 'vitest';
import { explainAllocationFailure, fitProblem, largestTensorBytes, WASM_WEIGHT_BUDGET } from './fits.ts';
import type { LinearWeight } from '../weights/index-weights.ts';

function linear(outFeatures: number, inFeatures: number): LinearWeight {
  return { outFeatures, inFeatures } as LinearWeight;
}

const index = {
  linears: [linear(2048, 2048), linear(8192, 2048)],
  lmHead: linear(128256, 2048),
  embeddings: [{ module: 'model.embed_tokens', initializer: 'embed', dims: [128256, 2048] }],
};

describe('fits', () => {
  it('finds the largest tensor among linears, lm_head and embeddings', () => {
    expect(largestTensorBytes({ index, elementBytes: 4 })).toBe(128256 * 2048 * 4);
    expect(largestTensorBytes({ index: { ...index, lmHead: null, embeddings: [] }, elementBytes: 2 })).toBe(8192 * 2048 * 2);
  });

  it('refuses weights beyond the wasm heap, and says what to do', () => {
    expect(fitProblem({ model: 'm', weightBytes: WASM_WEIGHT_BUDGET, index, elementBytes: 4, device: 'wasm' })).toBeNull();
    const p = fitProblem({ model: 'big/model', weightBytes: 5 * 2 ** 30, index, elementBytes: 4, device: 'wasm' });
    expect(p).toMatch(/big\/model has 5\.00 GiB of weights/);
    expect(p).toMatch(/choose the WebGPU device/);
    // WebGPU has no such heap.
    expect(fitProblem({ model: 'm', weightBytes: 5 * 2 ** 30, index, elementBytes: 4, device: 'webgpu' })).toBeNull();
  });

  it('refuses a tensor larger than the GPU buffer limit', () => {
    const p = fitProblem({ model: 'm', weightBytes: 2 ** 30, index, elementBytes: 4, device: 'webgpu', gpuMaxBufferSize: 2 ** 28 });
    expect(p).toMatch(/weight tensor of 0\.98 GiB, larger than this GPU's largest buffer \(0\.25 GiB\)/);
    expect(fitProblem({ model: 'm', weightBytes: 2 ** 30, index, elementBytes: 4, device: 'webgpu', gpuMaxBufferSize: 2 ** 31 })).toBeNull();
  });

  it('explains failed allocations and leaves other errors alone', () => {
    const oom = explainAllocationFailure(new RangeError('Array buffer allocation failed'), 'org/model', 2 ** 30);
    expect((oom as Error).message).toMatch(/ran out of memory for org\/model.*about 3\.00 GiB.*close other tabs/);
    const other = new TypeError('x is undefined');
    expect(explainAllocationFailure(other, 'm', 1)).toBe(other);
  });
});
