// Host copies of KV cache positions: one row's positions cut out of a batched cache, and rows of
// different lengths stacked into one batch, left-padded with zeros (masked out by the caller).
// Every cache tensor is [batch, heads, positions, headDim] (transformers.js's past_key_values.*).
import { Tensor } from '@huggingface/transformers';
import type { KvCache } from './forward.ts';

export type { KvCache };

type HostArray = Float32Array | Uint16Array;
type HostCtor = new (n: number) => HostArray;

function hostOf(name: string, t: Tensor): { data: HostArray; dims: number[] } {
  if (t.location !== undefined && t.location !== 'cpu') throw new Error(`${name} lives in ${t.location}: positions are cut on the host only`);
  if (t.dims.length !== 4) throw new Error(`${name} has dims [${t.dims.join(', ')}], not [batch, heads, positions, headDim]`);
  return { data: t.data as HostArray, dims: t.dims };
}

/** Positions in the cache (the same in every tensor); 0 for an empty cache. */
export function cachePositions(cache: KvCache): number {
  const lengths = new Set(Object.values(cache).map((t) => t.dims[2]));
  if (lengths.size > 1) throw new Error(`the cache tensors hold different numbers of positions: ${[...lengths].join(', ')}`);
  return lengths.size ? [...lengths][0] : 0;
}

export function kvBytes(cache: KvCache): number {
  return Object.values(cache).reduce((s, t) => s + (t.data as HostArray).byteLength, 0);
}

/** Row `row`'s positions in `spans` ([start, end) each, in order), joined, as new batch-1 tensors. */
export function cutPositions(cache: KvCache, row: number, spans: ReadonlyArray<readonly [number, number]>): KvCache {
  const out: KvCache = {};
  const kept = spans.reduce((s, [a, b]) => s + (b - a), 0);
  for (const [name, t] of Object.entries(cache)) {
    const { data, dims } = hostOf(name, t);
    const [batch, heads, length, dim] = dims;
    if (!(row >= 0 && row < batch)) throw new Error(`row ${row} is outside a cache of batch ${batch}`);
    const copy = new (data.constructor as HostCtor)(heads * kept * dim);
    for (let h = 0; h < heads; h++) {
      let at = h * kept * dim;
      const base = (row * heads + h) * length;
      for (const [a, b] of spans) {
        if (!(a >= 0 && a <= b && b <= length)) throw new Error(`positions ${a}..${b} are outside a cache of ${length}`);
        copy.set(data.subarray((base + a) * dim, (base + b) * dim), at);
        at += (b - a) * dim;
      }
    }
    out[name] = new Tensor(t.type as 'float32', copy as Float32Array, [1, heads, kept, dim]);
  }
  return out;
}

/** The first `length` positions of a batch-1 cache. */
export interface KvStart {
  kv: KvCache;
  length: number;
}

/**
 * One batch of `parts` (the leading positions of batch-1 caches, or null for a row with none),
 * each row's positions at the right end of `width` and zeros before them.
 */
export function stackLeftPadded(parts: ReadonlyArray<KvStart | null>, width: number): KvCache {
  const template = parts.find((p): p is KvStart => p !== null);
  if (!template) throw new Error('no row has a cache to stack');
  const out: KvCache = {};
  for (const [name, t] of Object.entries(template.kv)) {
    const { data, dims } = hostOf(name, t);
    const [, heads, , dim] = dims;
    const stacked = new (data.constructor as HostCtor)(parts.length * heads * width * dim);
    parts.forEach((part, b) => {
      if (!part) return;
      const own = part.kv[name];
      if (!own) throw new Error(`row ${b}'s cache has no ${name}`);
      const src = hostOf(name, own);
      const held = src.dims[2];
      const n = part.length;
      if (src.dims[0] !== 1 || src.dims[1] !== heads || src.dims[3] !== dim) throw new Error(`row ${b}'s ${name} is [${src.dims.join(', ')}], not [1, ${heads}, positions, ${dim}]`);
      if (!(n >= 0 && n <= held)) throw new Error(`row ${b} asks for ${n} positions of a cache of ${held}`);
      if (n > width) throw new Error(`row ${b}'s cache holds ${n} positions, more than the ${width} stacked`);
      for (let h = 0; h < heads; h++) stacked.set(src.data.subarray(h * held * dim, (h * held + n) * dim), ((b * heads + h) * width + width - n) * dim);
    });
    out[name] = new Tensor(t.type as 'float32', stacked as Float32Array, [parts.length, heads, width, dim]);
  }
  return out;
}
