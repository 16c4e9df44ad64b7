// Greedy or seeded generation of many prompts at once: the prompts left-padded into one batch (the
// attention mask zero on the padding, positions counted from each row's first real token; where
// prompts start alike, that start's cache stacked under them and only the rest in the pass), then
// one token per row per pass on a shared KV cache. Each row stops at its own end (EOS, stop
// string, token budget); on wasm finished rows leave the batch (their cache rows dropped on the
// host), on WebGPU they feed padding until the last row ends (a cache copy through the host would
// cost more than the pass). Every row answers what SessionLanguageModel.generate answers alone.
import type { GenerateOptions, GenerateRequest } from '../../tasks/language-model.ts';
import { groupsWithin, padRows, type BatchRuntime } from './batch-runtime.ts';
import { disposeCache, logitsAt, onHost, selectRows, type KvCache } from './forward.ts';
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

/** Takes the row's next token from its logits; marks the row done at EOS, a stop string, a settled reading or its budget. */
export function nextToken(rt: BatchRuntime, r: Row, logits: Float32Array): void {
  const next = r.pick(logits);
  if (rt.eos.has(next)) {
    r.done = true;
    return;
  }
  r.produced.push(next);
  const { stop, settled } = r.opts;
  if (stop?.length || settled) {
    const text = rt.decode(r.produced);
    if (stop?.some((s) => s && text.includes(s)) || settled?.(text)) r.done = true;
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
  for (const group of groupsWithin(live, rt, own)) await runGroup(rt, group, group.map((r) => starts.get(r) ?? null));
  return rows.map((r) => rowText(rt, r));
}

/** The row's text, cut at its first stop string. */
export function rowText(rt: Pick<BatchRuntime, 'decode'>, r: Row): string {
  // A model that ends at once (a broken compressed one can) answered nothing.
  return r.produced.length === 0 ? '' : cutAtStop(rt.decode(r.produced), r.opts.stop);
}

async function runGroup(rt: BatchRuntime, group: Row[], starts: Array<PrefixMatch | null>): Promise<void> {
  const rests = group.map((r, b) => r.ids.slice(starts[b]?.length ?? 0));
  const width = Math.max(...rests.map((r) => r.length));
  let active = group;
  let { ids, mask } = padRows(rests, width, rt.padId, 'left');
  const stacked = stackPrefixes(starts);
  let pastMask: number[][] = stacked.pastMask;
  let past: KvCache | null = stacked.past;
  try {
    for (;;) {
      const out = await rt.pass(ids, past ? { mask, past, pastLength: pastMask[0].length, pastMask, keepLast: 1 } : { mask, keepLast: 1 });
      disposeCache(past);
      past = out.present;
      active.forEach((r, b) => {
        // A row fed padding (finished on WebGPU) has nothing to read.
        if (!r.done) nextToken(rt, r, logitsAt(out, b, out.seq - 1));
      });
      pastMask = pastMask.map((m, b) => [...m, ...mask[b]]);
      const running = active.flatMap((r, b) => (r.done ? [] : [b]));
      if (running.length === 0) break;
      if (running.length < active.length && onHost(past)) {
        past = await selectRows(past, running);
        pastMask = running.map((b) => pastMask[b]);
        active = running.map((b) => active[b]);
      }
      ids = active.map((r) => (r.done ? [rt.padId] : [r.produced[r.produced.length - 1]]));
      mask = active.map((r) => [r.done ? 0 : 1]);
    }
  } finally {
    disposeCache(past);
  }
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
