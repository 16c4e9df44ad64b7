// A point's examples as lm-evaluation-harness writes samples_<task>_<date>.jsonl: one line per
// example with the prompt as the request's first argument, the output as the response, each score,
// and doc_hash / prompt_hash / target_hash computed as lm-eval computes them (sha256 of the doc as
// 2-space JSON, of the prompt, and of str(target)).
import type { ExampleRecord, TaskId } from '../tasks/result.ts';
import { pythonStr, sha256Hex } from './hash.ts';

export interface TaskExampleSet {
  task: TaskId;
  examples: readonly ExampleRecord[];
}

/** The generation each task asks for, as lm-eval's gen_kwargs. */
const GEN_KWARGS: Partial<Record<TaskId, Record<string, unknown>>> = {
  // Factoid-QA generates up to 3 x the prompt's tokens in all: no fixed max_gen_toks.
  factoid: { until: [], do_sample: false },
  mcr: { until: [], do_sample: false, max_gen_toks: 1 },
  icr_closed: { until: [], do_sample: false, max_gen_toks: 32 },
  icr_open: { until: [], do_sample: false, max_gen_toks: 32 },
};

export interface SampleLine {
  doc_id: number;
  doc: { id: string; group?: string; notes?: string[] };
  target: string | string[];
  arguments: { gen_args_0: { arg_0: string; arg_1: Record<string, unknown> } };
  resps: string[][];
  filtered_resps: string[];
  filter: 'none';
  metrics: string[];
  doc_hash: string;
  prompt_hash: string;
  target_hash: string;
  [score: string]: unknown;
}

async function sampleLine(task: TaskId, e: ExampleRecord, i: number): Promise<SampleLine> {
  const doc = { id: e.id, ...(e.group ? { group: e.group } : {}), ...(e.notes?.length ? { notes: e.notes } : {}) };
  const targets = e.targets ?? [];
  const target = targets.length === 1 ? targets[0] : targets;
  const scores = Object.fromEntries(Object.entries(e.scores));
  return {
    doc_id: i,
    doc,
    target,
    arguments: { gen_args_0: { arg_0: e.prompt, arg_1: GEN_KWARGS[task] ?? {} } },
    resps: [[e.output]],
    filtered_resps: [e.output],
    filter: 'none',
    metrics: Object.keys(scores),
    doc_hash: await sha256Hex(JSON.stringify(doc, null, 2)),
    prompt_hash: await sha256Hex(e.prompt),
    target_hash: await sha256Hex(pythonStr(target)),
    ...scores,
  };
}

/** One JSONL text per task that has examples (task -> text). */
export async function samplesJsonl(sets: readonly TaskExampleSet[]): Promise<Map<TaskId, string>> {
  const out = new Map<TaskId, string>();
  for (const s of sets) {
    if (!s.examples.length) continue;
    const lines = await Promise.all(s.examples.map((e, i) => sampleLine(s.task, e, i)));
    out.set(s.task, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  }
  return out;
}
