import { describe, expect, it } from 'vitest';
import { chooseBatchSize, kvBytesPerToken, memoryBudget, type BatchShape } from './batch-size.ts';

const GiB = 2 ** 30;

/** kick-tiny: 4 layers of 4 heads of 64, vocabulary 2048, context 512, 16.9 MB of weights. */
const KICK_TINY_CONFIG = { num_hidden_layers: 4, num_attention_heads: 4, num_key_value_heads: 4, head_dim: 64, hidden_size: 256 };
const kickTiny: BatchShape = { vocab: 2048, contextLength: 512, kvBytesPerToken: kvBytesPerToken(KICK_TINY_CONFIG), weightBytes: 16_851_968 };
/** A 7B Llama in float32: 32 layers of 32 heads of 128, vocabulary 32000, 28 GB of weights. */
const llama7b: BatchShape = { vocab: 32000, contextLength: 4096, kvBytesPerToken: kvBytesPerToken({ num_hidden_layers: 32, num_attention_heads: 32, hidden_size: 4096 }), weightBytes: 28e9 };
/** SmolLM2-135M: 30 layers, 3 KV heads of 64, vocabulary 49152, 540 MB in float32. */
const smol: BatchShape = {
  vocab: 49152,
  contextLength: 8192,
  kvBytesPerToken: kvBytesPerToken({ num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3, hidden_size: 576 }),
  weightBytes: 540e6,
};

describe('batch size', () => {
  it('reads the KV bytes per token from Llama and GPT-2 configs, grouped KV heads included', () => {
    expect(kvBytesPerToken(KICK_TINY_CONFIG)).toBe(4 * 2 * 4 * 64 * 4);
    expect(kvBytesPerToken({ n_layer: 12, n_head: 12, n_embd: 768 })).toBe(12 * 2 * 12 * 64 * 4);
    expect(smol.kvBytesPerToken).toBe(30 * 2 * 3 * 64 * 4);
    expect(() => kvBytesPerToken({ vocab_size: 10 })).toThrow(/layer count/);
  });

  it('gives a small model the most its device takes', () => {
    const wasm = chooseBatchSize(kickTiny, { device: 'wasm', budgetBytes: memoryBudget('wasm', 8) });
    const webgpu = chooseBatchSize(kickTiny, { device: 'webgpu', budgetBytes: memoryBudget('webgpu', 8) });
    expect(wasm.batchSize).toBe(16);
    expect(webgpu.batchSize).toBe(32);
    expect(wasm.reason).toMatch(/the most on wasm/);
  });

  it('divides the memory left beside the weights by what one example holds (logits and KV cache)', () => {
    const budget = memoryBudget('wasm', 8);
    const { batchSize, reason } = chooseBatchSize(smol, { device: 'wasm', budgetBytes: budget });
    const tokens = 512;
    const perExample = tokens * (4 * smol.vocab + 10 * smol.kvBytesPerToken);
    expect(batchSize).toBe(Math.floor((budget - smol.weightBytes) / perExample));
    expect(batchSize).toBeGreaterThan(1);
    expect(batchSize).toBeLessThan(16);
    expect(reason).toMatch(/MiB free/);
    // Less memory, a smaller batch; twice the vocabulary, a smaller batch.
    expect(chooseBatchSize(smol, { device: 'wasm', budgetBytes: memoryBudget('wasm', 4) }).batchSize).toBeLessThan(batchSize);
    expect(chooseBatchSize({ ...smol, vocab: 2 * smol.vocab }, { device: 'wasm', budgetBytes: budget }).batchSize).toBeLessThan(batchSize);
  });

  it('falls to one example when the weights leave no room', () => {
    expect(chooseBatchSize(llama7b, { device: 'webgpu', budgetBytes: memoryBudget('webgpu', 8) }).batchSize).toBe(1);
    expect(chooseBatchSize(kickTiny, { device: 'wasm', budgetBytes: kickTiny.weightBytes }).batchSize).toBe(1);
  });

  it('counts a context shorter than a typical row as the row', () => {
    const short = chooseBatchSize({ ...smol, contextLength: 128 }, { device: 'wasm', budgetBytes: memoryBudget('wasm', 8) });
    const long = chooseBatchSize(smol, { device: 'wasm', budgetBytes: memoryBudget('wasm', 8) });
    expect(short.batchSize).toBeGreaterThan(long.batchSize);
  });

  it('budgets wasm within its 4 GiB heap and a quarter of the machine, WebGPU half the machine', () => {
    expect(memoryBudget('wasm', 8)).toBe(2 * GiB);
    expect(memoryBudget('wasm', 2)).toBe(0.5 * GiB);
    expect(memoryBudget('wasm', undefined)).toBe(1 * GiB);
    expect(memoryBudget('webgpu', 8)).toBe(4 * GiB);
  });

  it('rejects a shape it cannot reason about', () => {
    expect(() => chooseBatchSize({ ...kickTiny, vocab: 0 }, { device: 'wasm', budgetBytes: GiB })).toThrow(/vocabulary/);
    expect(() => chooseBatchSize({ ...kickTiny, weightBytes: Number.NaN }, { device: 'wasm', budgetBytes: GiB })).toThrow(/weightBytes/);
  });
});
