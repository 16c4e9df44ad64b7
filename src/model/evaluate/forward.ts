// One forward pass of a transformers.js causal LM with a KV cache we manage ourselves: the
// scoring path reuses a prefix's cache for many continuations, which model.generate cannot do.
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { LOGITS_TO_KEEP_INPUT } from './logits-to-keep.ts';

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
  /** 1/0 per row over the `pastLength` cached positions (left padding, finished rows); all ones when absent. */
  pastMask?: number[][];
  /**
   * Logits of only the last this many positions of every row (num_logits_to_keep, where the
   * session's graph takes it: logits-to-keep.ts); 0 or absent: every position.
   */
  keepLast?: number;
}

export interface ForwardOutput {
  /** [batch, kept, vocab]: the logits of the last `kept` of the pass's `seq` positions. */
  logits: Float32Array;
  vocab: number;
  seq: number;
  kept: number;
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
  const mask = input.ids.map((row, b) => {
    const past = input.pastMask?.[b] ?? new Array<number>(pastLength).fill(1);
    if (past.length !== pastLength) throw new Error(`row ${b}'s past mask holds ${past.length} positions, the cache ${pastLength}`);
    return [...past, ...(input.mask?.[b] ?? row.map(() => 1))];
  });
  const positions = positionIds(mask, seq);
  const keep = input.keepLast && input.keepLast > 0 && input.keepLast < seq ? input.keepLast : 0;
  // transformers.js passes on only the inputs the graph names: a graph without it ignores it.
  const feeds: Record<string, unknown> = {
    input_ids: int64(input.ids),
    attention_mask: int64(mask),
    position_ids: int64(positions),
    [LOGITS_TO_KEEP_INPUT]: new Tensor('int64', BigInt64Array.of(BigInt(keep)), []),
  };
  if (input.past) feeds.past_key_values = { ...input.past };
  const out = (await (model as unknown as { forward(f: unknown): Promise<Outputs> }).forward(feeds)) as Outputs;
  const present: KvCache = {};
  for (const [name, t] of Object.entries(out)) if (name.startsWith('present')) present[name.replace(/^present/, 'past_key_values')] = t;
  const logitsTensor = out.logits;
  const logits = logitsTensor.data as Float32Array;
  const vocab = logitsTensor.dims[logitsTensor.dims.length - 1];
  const kept = logits.length / (batch * vocab);
  if (!(kept === seq || (keep > 0 && kept === keep))) throw new Error(`the model returned ${logits.length / vocab} logit rows for ${batch} x ${keep || seq} positions`);
  return { logits, vocab, seq, kept, present };
}

/** The logits of `row` at pass position `column` (0..seq-1), which must be among the kept ones. */
export function logitsAt(out: Pick<ForwardOutput, 'logits' | 'vocab' | 'seq' | 'kept'>, row: number, column: number): Float32Array {
  const first = out.seq - out.kept;
  if (!(column >= first && column < out.seq)) throw new Error(`position ${column} has no logits: the pass kept the last ${out.kept} of ${out.seq}`);
  const at = (row * out.kept + column - first) * out.vocab;
  return out.logits.subarray(at, at + out.vocab);
}

/**
 * Each token's position is the number of real tokens before it in its row (over cache and pass),
 * so a left-padded row starts at 0 at its first real token, as transformers.js derives them
 * (cumsum(mask) - 1). Unpadded rows get pastLength + i. Padding gets 0: never read, and a valid
 * index for learned position tables.
 */
function positionIds(mask: number[][], seq: number): number[][] {
  return mask.map((row) => {
    const out = new Array<number>(seq);
    let real = 0;
    for (let j = 0; j < row.length; j++) {
      const at = j - (row.length - seq);
      if (at >= 0) out[at] = row[j] ? real : 0;
      if (row[j]) real++;
    }
    return out;
  });
}

/**
 * Why the graph cannot take rows of different lengths in one pass (left padding), or null when it
 * can: one without position_ids derives positions from the cache length, which left padding
 * shifts; GroupQueryAttention reads each row's length from the mask as if its padding were on the
 * right.
 */
export function leftPaddingProblem(graph: { inputs: { name: string }[]; nodes: { opType: string }[] }): string | null {
  if (!graph.inputs.some((i) => i.name === 'position_ids')) return 'the model takes no position_ids (it counts positions from the cache, which padding shifts)';
  if (graph.nodes.some((n) => n.opType === 'GroupQueryAttention')) return "the model's GroupQueryAttention expects padding on the right";
  return null;
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
  for (const t of Object.values(cache)) if (t.dims[0] !== 1) throw new Error(`cannot repeat a cache of batch ${t.dims[0]}`);
  return selectRows(cache, new Array<number>(times).fill(0));
}

/** A cache of the given batch rows, in that order (a row may repeat), as new host tensors. */
export async function selectRows(cache: KvCache, rows: number[]): Promise<KvCache> {
  const out: KvCache = {};
  for (const [name, t] of Object.entries(cache)) {
    const data = await hostData(t);
    const batch = t.dims[0];
    const rowLength = data.length / batch;
    const Ctor = data.constructor as new (n: number) => HostArray;
    const copy = new Ctor(rowLength * rows.length);
    rows.forEach((r, i) => {
      if (!(r >= 0 && r < batch)) throw new Error(`row ${r} is outside a cache of batch ${batch}`);
      copy.set(data.subarray(r * rowLength, (r + 1) * rowLength), i * rowLength);
    });
    out[name] = new Tensor(t.type as 'float32', copy as Float32Array, [rows.length, ...t.dims.slice(1)]);
  }
  return out;
}

/** Whether the cache lives in host memory (wasm), where dropping rows is a cheap copy. */
export function onHost(cache: KvCache): boolean {
  return Object.values(cache).every((t) => t.location === 'cpu' || t.location === undefined);
}

/** Frees a cache's buffers (GPU buffers on WebGPU; host arrays are left to the collector). */
export function disposeCache(cache: KvCache | null | undefined): void {
  if (!cache) return;
  for (const t of Object.values(cache)) if (t.location === 'gpu-buffer' || t.location === 'ml-tensor') t.dispose();
}
