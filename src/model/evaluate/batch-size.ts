// How many examples the tasks hand the runtime per batched call, from the model's shape and the
// device's memory. One rule, stated once:
//
//   per example = tokens x (4 x vocab             logits of one row, float32
//                           + KV_COPIES x kv)     its KV cache, float32, in its live copies
//   batch       = floor((budget - weights) / per example), within [1, the device's cap]
//
// `tokens` is a typical row of the KICK tasks (ROW_TOKENS, or the context when shorter); `kv` is
// layers x 2 x kvHeads x headDim x 4 bytes per token. Longer rows do not need a smaller batch
// chosen here: every pass is split to at most RuntimeOptions.maxLogits logits (256 MiB, also
// WebGPU's default largest buffer), whatever the batch.
import type { RuntimeDevice } from './execution-device.ts';

export interface BatchShape {
  vocab: number;
  /** The model's context in tokens. */
  contextLength: number;
  /** KV cache bytes of one token of one row. */
  kvBytesPerToken: number;
  /** Bytes of the weights (they share the budget). */
  weightBytes: number;
}

export interface BatchMemory {
  device: RuntimeDevice;
  /** Bytes evaluation may use (memoryBudget). */
  budgetBytes: number;
}

export interface BatchChoice {
  batchSize: number;
  /** The rule's figures in words, for the run record and the CLI. */
  reason: string;
}

/**
 * A typical row: factoid and closed-book prompts hold tens of tokens, 5-shot MCR a few hundred;
 * open-book and summary prompts run longer, and the logits budget splits their passes.
 */
const ROW_TOKENS = 512;
/**
 * Live copies of an example's cache at the peak: the cache fed in and the one returned, and a
 * scored example's cache repeated for its continuations with their returned caches (4 choices).
 */
const KV_COPIES = 2 + 2 * 4;
/**
 * Most examples per batch. On wasm one thread does the arithmetic: past 16 rows the per-pass
 * overhead (~8 ms for kick-tiny, measured) is already spread thin and left padding and rows
 * decoding after their own end waste more. WebGPU's passes cost more to launch and less per row.
 */
const DEVICE_CAP: Record<RuntimeDevice, number> = { wasm: 16, webgpu: 32 };
/** wasm32 addresses 4 GiB, ORT's heap (weights included) lives in it. */
const WASM_HEAP_BYTES = 2 ** 32;

/**
 * The budget for a device: on wasm the smaller of half the wasm heap and a quarter of the
 * machine's memory; on WebGPU half of the machine's (navigator.deviceMemory, capped at 8 GiB by
 * the browser, 4 GiB when unknown; it says nothing of the GPU's own, half is a guess that holds on
 * laptops, whose GPUs share it).
 */
export function memoryBudget(device: RuntimeDevice, deviceMemoryGiB: number | undefined): number {
  const machine = (deviceMemoryGiB && deviceMemoryGiB > 0 ? deviceMemoryGiB : 4) * 2 ** 30;
  return device === 'wasm' ? Math.min(WASM_HEAP_BYTES / 2, machine / 4) : machine / 2;
}

export function chooseBatchSize(shape: BatchShape, memory: BatchMemory): BatchChoice {
  for (const [name, v] of Object.entries(shape)) {
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`batch size: ${name} must be a non-negative number, got ${v}`);
  }
  if (!(shape.vocab > 0 && shape.contextLength > 0)) throw new Error('batch size: the model needs a vocabulary and a context');
  const tokens = Math.min(shape.contextLength, ROW_TOKENS);
  const perExample = tokens * (4 * shape.vocab + KV_COPIES * shape.kvBytesPerToken);
  const free = memory.budgetBytes - shape.weightBytes;
  const cap = DEVICE_CAP[memory.device];
  const batch = Math.floor(free / perExample);
  const figures = `${mib(Math.max(0, free))} MiB free for ${mib(perExample)} MiB per example of ${tokens} tokens`;
  if (batch >= cap) return { batchSize: cap, reason: `${cap}, the most on ${memory.device} (${figures})` };
  if (batch <= 1) return { batchSize: 1, reason: `1: ${figures}` };
  return { batchSize: batch, reason: `${batch}: ${figures}` };
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0);

/** KV bytes per token of one row from a transformers config (float32 cache). */
export function kvBytesPerToken(config: Record<string, unknown>): number {
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof config[k] === 'number' && (config[k] as number) > 0) return config[k] as number;
    return null;
  };
  const layers = num('num_hidden_layers', 'n_layer', 'num_layers');
  const heads = num('num_attention_heads', 'n_head');
  const hidden = num('hidden_size', 'n_embd', 'd_model');
  if (layers === null || heads === null || hidden === null) throw new Error('batch size: the config names no layer count, head count or hidden size');
  const kvHeads = num('num_key_value_heads') ?? heads;
  const headDim = num('head_dim') ?? hidden / heads;
  return layers * 2 * kvHeads * headDim * 4;
}
