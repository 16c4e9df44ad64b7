// One forward pass of a transformers.js causal LM with a KV cache we manage ourselves: the
// scoring path reuses a prefix's cache for many continuations, which model.generate cannot do.
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';

/** `past_key_values.*` tensors, batch first: [batch, heads, past, headDim]. */
export type KvCache = Record<string, Tensor>;

export interface ForwardInput {
  /** Rows of token ids, all the same length (pad them yourself; `mask` marks real tokens). */
  ids: number[][];
  /** 1 for real tokens, 0 for padding, per row; all ones when absent. */
  mask?: number[][];
  past?: KvCache | null;
  /** Tokens already in `past`. */
  pastLength?: number;
}

export interface ForwardOutput {
  /** [batch, seq, vocab] */
  logits: Float32Array;
  vocab: number;
  /** The cache after this pass ([batch, heads, past + seq, headDim]); the caller disposes it. */
  present: KvCache;
}

type Outputs = Record<string, Tensor>;

const int64 = (rows: number[][]): Tensor => new Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0].length]);

export async function forward(model: PreTrainedModel, input: ForwardInput): Promise<ForwardOutput> {
  const batch = input.ids.length;
  const seq = input.ids[0]?.length ?? 0;
  if (batch === 0 || seq === 0) throw new Error('forward needs at least one token in one row');
  const pastLength = input.past ? (input.pastLength ?? 0) : 0;
  const mask = input.ids.map((row, b) => [...new Array<number>(pastLength).fill(1), ...(input.mask?.[b] ?? row.map(() => 1))]);
  // Positions continue from the cache; transformers.js would derive them from the mask the same way
  // for unpadded rows, and padded positions are never read.
  const positions = input.ids.map((row) => row.map((_, i) => pastLength + i));
  const feeds: Record<string, unknown> = { input_ids: int64(input.ids), attention_mask: int64(mask), position_ids: int64(positions) };
  if (input.past) feeds.past_key_values = { ...input.past };
  const out = (await (model as unknown as { forward(f: unknown): Promise<Outputs> }).forward(feeds)) as Outputs;
  const present: KvCache = {};
  for (const [name, t] of Object.entries(out)) if (name.startsWith('present')) present[name.replace(/^present/, 'past_key_values')] = t;
  const logitsTensor = out.logits;
  const logits = logitsTensor.data as Float32Array;
  const vocab = logitsTensor.dims[logitsTensor.dims.length - 1];
  if (logits.length !== batch * seq * vocab) throw new Error(`the model returned ${logits.length / vocab} logit rows for ${batch * seq} tokens`);
  return { logits, vocab, present };
}

type HostArray = Float32Array | Uint16Array;

/** Host copy of a cache tensor: on WebGPU the cache stays in GPU buffers. */
async function hostData(t: Tensor): Promise<HostArray> {
  if (t.location === 'gpu-buffer' || t.location === 'ml-tensor') {
    const ort = (t as unknown as { ort_tensor: { getData(release?: boolean): Promise<HostArray> } }).ort_tensor;
    return ort.getData(false);
  }
  return t.data as HostArray;
}

/** The cache of one row repeated `times` times (batch 1 -> batch n), as new host tensors. */
export async function repeatCache(cache: KvCache, times: number): Promise<KvCache> {
  const out: KvCache = {};
  for (const [name, t] of Object.entries(cache)) {
    if (t.dims[0] !== 1) throw new Error(`cannot repeat a cache of batch ${t.dims[0]}`);
    const data = await hostData(t);
    const Ctor = data.constructor as new (n: number) => HostArray;
    const copy = new Ctor(data.length * times);
    for (let i = 0; i < times; i++) copy.set(data, i * data.length);
    out[name] = new Tensor(t.type as 'float32', copy as Float32Array, [times, ...t.dims.slice(1)]);
  }
  return out;
}

/** Frees a cache's buffers (GPU buffers on WebGPU; host arrays are left to the collector). */
export function disposeCache(cache: KvCache | null | undefined): void {
  if (!cache) return;
  for (const t of Object.values(cache)) if (t.location === 'gpu-buffer' || t.location === 'ml-tensor') t.dispose();
}
