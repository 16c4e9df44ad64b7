// Greedy or seeded generation of many prompts at once: the prompts left-padded into one batch (the
// attention mask zero on the padding, positions counted from each row's first real token; where
// prompts start alike, that start's cache stacked under them and only the rest in the pass), then
// one token per row per pass on a shared KV cache. Each row stops at its own end (EOS, stop
// string, token budget); on wasm finished rows leave the batch (their cache rows dropped on the
// host), on WebGPU they feed padding until the last row ends (a cache copy through the host would
// cost more than the pass). On wasm, prompts too long to share a pass (WASM_PASS_TOKENS) get one
// each, and then decode together, their caches stacked. Every row answers what
// SessionLanguageModel.generate answers alone.
import type { GenerateOptions, GenerateRequest } from '../../tasks/language-model.ts';
import { groupsWithin, padRows, type BatchRuntime } from './batch-runtime.ts';
import { disposeCache, logitsAt, onHost, selectRows, type KvCache } from './forward.ts';
import { cachePositions, cutPositions, stackLeftPadded, type KvStart } from './kv-positions.ts';
import type { PrefixMatch } from './prefix-cache.ts';
import { argmax, sampleToken, seededUniform } from './sampling.ts';
import { sharePrefixes, stackPrefixes } from './shared-prefix.ts';

export interface Row {
  /** Prompt tokens, left-truncated as generate() does. */
  ids: number[];
  opts: GenerateOptions;
  pick: (logits: Float32Array) => number;
  produced: number[];
  done: boolean;
}

/** What generate() does before its first pass: the sampler and the prompt's kept tail. */
export function generationRow(rt: Pick<BatchRuntime, 'encode' | 'contextLength'>, prompt: string, opts: GenerateOptions): Row {
  const greedy = opts.greedy ?? !(opts.temperature !== undefined && opts.temperature > 0);
  const uniform = greedy ? null : seededUniform(opts.seed ?? 0);
  const temperature = opts.temperature ?? 1;
  let ids = rt.encode(prompt);
  // As the reference: keep the prompt's tail when prompt + new tokens exceed the context.
  const room = Math.max(1, rt.contextLength - opts.maxNewTokens);
  if (ids.length > room) ids = ids.slice(ids.length - room);
  const row: Row = { ids, opts, pick: uniform ? (l) => sampleToken(l, temperature, uniform) : argmax, produced: [], done: false };
  row.done = !canGrow(rt, row);
  return row;
}

function canGrow(rt: Pick<BatchRuntime, 'contextLength'>, r: Row): boolean {
  return r.produced.length < r.opts.maxNewTokens && r.ids.length + r.produced.length < rt.contextLength + 1;
}

/** Takes the row's next token from its logits; marks the row done at EOS, a stop string or its budget. */
export function nextToken(rt: BatchRuntime, r: Row, logits: Float32Array): void {
  const next = r.pick(logits);
  if (rt.eos.has(next)) {
    r.done = true;
    return;
  }
  r.produced.push(next);
  const stop = r.opts.stop;
  if (stop?.length) {
    const text = rt.decode(r.produced);
    if (stop.some((s) => s && text.includes(s))) r.done = true;
  }
  if (!canGrow(rt, r)) r.done = true;
}

export async function generateBatch(rt: BatchRuntime, requests: GenerateRequest[]): Promise<string[]> {
  const rows = requests.map((r) => generationRow(rt, r.prompt, r.opts));
  const live = rows.filter((r) => !r.done);
  // Each prompt's shared start from the cache; its own pass reads at least its last token.
  const starts = new Map<Row, PrefixMatch | null>();
  if (rt.prefixes && live.length > 1) {
    const found = await sharePrefixes(rt, rt.prefixes, live.map((r) => ({ tokens: r.ids, limit: r.ids.length - 1 })));
    live.forEach((r, i) => starts.set(r, found[i]));
  }
  const own = (r: Row) => r.ids.length - (starts.get(r)?.length ?? 0);
  const groups = groupsWithin(live, rt, own);
  const startsOf = (group: Row[]) => group.map((r) => starts.get(r) ?? null);
  if (groups.length > 1 && rt.hostCaches) {
    // Prompts too long to share a pass each get their own, then every row decodes in one batch:
    // a decoding pass costs about the same for one row as for many.
    const prompted: Decoding[] = [];
    for (const group of groups) prompted.push(await promptPass(rt, group, startsOf(group)));
    await decode(rt, mergeDecodings(prompted));
  } else {
    for (const group of groups) await decode(rt, await promptPass(rt, group, startsOf(group)));
  }
  return rows.map((r) => rowText(rt, r));
}

/** The row's text, cut at its first stop string. */
export function rowText(rt: Pick<BatchRuntime, 'decode'>, r: Row): string {
  // A model that ends at once (a broken compressed one can) answered nothing.
  return r.produced.length === 0 ? '' : cutAtStop(rt.decode(r.produced), r.opts.stop);
}

/** Rows between passes: their cache (null when none is left to run) and its mask, 1 on real positions. */
interface Decoding {
  active: Row[];
  past: KvCache | null;
  pastMask: number[][];
}

/** The prompts' pass (their shared starts stacked under them), each row's first token taken. */
async function promptPass(rt: BatchRuntime, group: Row[], starts: Array<PrefixMatch | null>): Promise<Decoding> {
  const rests = group.map((r, b) => r.ids.slice(starts[b]?.length ?? 0));
  const { ids, mask } = padRows(rests, Math.max(...rests.map((r) => r.length)), rt.padId, 'left');
  const stacked = stackPrefixes(starts);
  return step(rt, { active: group, past: stacked.past, pastMask: stacked.pastMask }, ids, mask);
}

/** One pass of `ids` on the rows' cache; finished rows leave it where it lives on the host. */
async function step(rt: BatchRuntime, state: Decoding, ids: number[][], mask: number[][]): Promise<Decoding> {
  const { past } = state;
  let { active } = state;
  // On a failed pass the caller's finally frees the cache it still holds.
  const out = await rt.pass(ids, past ? { mask, past, pastLength: state.pastMask[0].length, pastMask: state.pastMask, keepLast: 1 } : { mask, keepLast: 1 });
  disposeCache(past);
  active.forEach((r, b) => {
    // A row fed padding (finished on WebGPU) has nothing to read.
    if (!r.done) nextToken(rt, r, logitsAt(out, b, out.seq - 1));
  });
  let pastMask = state.pastMask.map((m, b) => [...m, ...mask[b]]);
  let present: KvCache | null = out.present;
  const running = active.flatMap((r, b) => (r.done ? [] : [b]));
  if (running.length === 0) {
    disposeCache(present);
    present = null;
  } else if (running.length < active.length && onHost(present)) {
    present = await selectRows(present, running);
    pastMask = running.map((b) => pastMask[b]);
    active = running.map((b) => active[b]);
  }
  return { active, past: present, pastMask };
}

/** One token per row per pass until every row has ended. */
async function decode(rt: BatchRuntime, state: Decoding): Promise<void> {
  try {
    while (state.past) {
      const ids = state.active.map((r) => (r.done ? [rt.padId] : [r.produced[r.produced.length - 1]]));
      const mask = state.active.map((r) => [r.done ? 0 : 1]);
      state = await step(rt, state, ids, mask);
    }
  } finally {
    disposeCache(state.past);
  }
}

/** The real positions of each row's cache, stacked left-padded into one batch (host caches). */
function mergeDecodings(states: Decoding[]): Decoding {
  const parts: KvStart[] = [];
  const active: Row[] = [];
  for (const s of states) {
    if (!s.past) continue;
    s.active.forEach((r, b) => {
      const kv = cutPositions(s.past!, b, realSpans(s.pastMask[b]));
      parts.push({ kv, length: cachePositions(kv) });
      active.push(r);
    });
  }
  if (active.length === 0) return { active, past: null, pastMask: [] };
  const width = Math.max(...parts.map((p) => p.length));
  return { active, past: stackLeftPadded(parts, width), pastMask: parts.map((p) => [...new Array<number>(width - p.length).fill(0), ...new Array<number>(p.length).fill(1)]) };
}

/** [start, end) runs of ones in a mask. */
function realSpans(mask: number[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  mask.forEach((m, i) => {
    if (!m) return;
    const last = spans[spans.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else spans.push([i, i + 1]);
  });
  return spans;
}

/** The text before the first stop string (lm-evaluation-harness's `until`). */
export function cutAtStop(text: string, stop: string[] | undefined): string {
  let end = text.length;
  for (const s of stop ?? []) {
    if (!s) continue;
    const at = text.indexOf(s);
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}
