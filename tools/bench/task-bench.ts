// The KICK tasks on KICK-world at batch 1 and at a larger batch: examples per second of factoid
// (short prompts, greedy generation), MCR (~200-token prompts, one greedy letter and 4-way
// scoring), open-book ICR (~300-token contexts, up to 32 new tokens) and perplexity (windows of
// the context). The two batch sizes alternate round by round so that a load change on a shared
// machine hits both alike; the records of both are compared. Two more rows run the larger batch
// without the cap on tokens per pass of wasm (WASM_PASS_TOKENS), and without sharing prompt starts
// across examples (shared-prefix.ts), to show what each saves.
import { SessionLanguageModel } from '../../src/model/evaluate/session-language-model.ts';
import type { ModelSession } from '../../src/model/evaluate/model-session.ts';
import { runFactoid } from '../../src/tasks/factoid.ts';
import { runIcr } from '../../src/tasks/icr.ts';
import { kickworldSets } from '../../src/tasks/kickworld-suite.ts';
import { runMcr } from '../../src/tasks/mcr.ts';
import { runPerplexity } from '../../src/tasks/perplexity.ts';
import type { TaskResult } from '../../src/tasks/result.ts';

export interface TaskBenchRow {
  task: string;
  batchSize: number;
  /** Tokens per pass: the runtime's default cap, or none. */
  tokenCap: 'default' | 'none';
  /** Prompt starts shared across examples (the default on wasm), or each example whole. */
  prefixSharing: boolean;
  /** Examples (perplexity: windows) over all rounds. */
  examples: number;
  forwardPasses: number;
  tokens: number;
  ms: number;
  examplesPerSec: number;
}

export interface TaskBench {
  batchSize: number;
  batchReason: string;
  rounds: number;
  rows: TaskBenchRow[];
  /** Per task and larger setting: examples whose output differs from batch 1's, and the largest score difference. */
  agreement: Array<{ task: string; differingOutputs: number; maxScoreDiff: number }>;
}

const ROUNDS = 2;

interface Setting {
  batchSize: number;
  tokenCap: 'default' | 'none';
  prefixSharing: boolean;
}

interface TaskCase {
  task: string;
  run: (lm: SessionLanguageModel) => Promise<TaskResult>;
}

function cases(suite: unknown, examples: number, contextLength: number): TaskCase[] {
  const { sets } = kickworldSets(suite);
  const factoid = sets.freebaseqa!.data.slice(0, examples);
  const mcr = sets.mmlu!.data.test.slice(0, examples);
  const open = sets.triviaqa!.data.filter((r) => r.wiki_context).slice(0, examples);
  // Enough text for `examples` windows of the context (the task's default window).
  const base = sets.wikitext2!.data.text;
  const text = Array.from({ length: Math.ceil((examples * contextLength * 6) / base.length) }, () => base).join('\n\n');
  return [
    { task: 'factoid', run: (lm) => runFactoid(lm, factoid, { numExamples: factoid.length - 1 }) },
    { task: 'mcr', run: (lm) => runMcr(lm, mcr, []) },
    { task: 'icr_open', run: (lm) => runIcr(lm, open, { openBook: true }) },
    { task: 'perplexity', run: (lm) => runPerplexity(lm, text, { maxWindows: examples }) },
  ];
}

function agreement(task: string, a: TaskResult, b: TaskResult) {
  let differingOutputs = Math.abs(a.examples.length - b.examples.length);
  let maxScoreDiff = 0;
  a.examples.forEach((r, i) => {
    const other = b.examples[i];
    if (!other) return;
    if (other.output !== r.output) differingOutputs++;
    for (const [k, v] of Object.entries(r.scores)) {
      const w = other.scores[k];
      if (typeof v === 'number' && typeof w === 'number') maxScoreDiff = Math.max(maxScoreDiff, Math.abs(v - w));
    }
  });
  return { task, differingOutputs, maxScoreDiff };
}

export async function runTaskBench(session: ModelSession, req: { suiteUrl: string; examples: number; batchSize: number | null }): Promise<TaskBench> {
  const response = await fetch(req.suiteUrl);
  if (!response.ok) throw new Error(`could not read ${req.suiteUrl}: HTTP ${response.status}`);
  const chosen = new SessionLanguageModel(session, { batchSize: req.batchSize });
  const settings: Setting[] = [
    { batchSize: 1, tokenCap: 'default', prefixSharing: true },
    { batchSize: chosen.batchSize, tokenCap: 'default', prefixSharing: true },
    { batchSize: chosen.batchSize, tokenCap: 'none', prefixSharing: true },
    { batchSize: chosen.batchSize, tokenCap: 'default', prefixSharing: false },
  ];
  const model = (s: Setting) => new SessionLanguageModel(session, { batchSize: s.batchSize, prefixSharing: s.prefixSharing, ...(s.tokenCap === 'none' ? { maxPassTokens: Infinity } : {}) });
  const suite: unknown = await response.json();
  const all = cases(suite, req.examples, chosen.contextLength);
  // Warm-up at both sizes: ORT's first runs allocate, and its wasm heap grows to the largest shapes once.
  for (const s of settings) for (const c of cases(suite, s.batchSize + 1, chosen.contextLength)) await c.run(model(s));

  const rows: TaskBenchRow[] = [];
  const agreements: TaskBench['agreement'] = [];
  for (const c of all) {
    const totals = settings.map((s) => ({ task: c.task, ...s, examples: 0, forwardPasses: 0, tokens: 0, ms: 0, examplesPerSec: 0 }));
    const first: TaskResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = settings.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const s of order) {
        const lm = model(settings[s]);
        const t0 = performance.now();
        const result = await c.run(lm);
        const t = totals[s];
        t.ms += performance.now() - t0;
        t.examples += result.examples.length;
        t.forwardPasses += lm.counters.forwardPasses;
        t.tokens += lm.counters.tokens;
        if (round === 0) first[s] = result;
      }
    }
    for (const t of totals) t.examplesPerSec = (t.examples / t.ms) * 1000;
    rows.push(...totals);
    agreements.push(agreement(c.task, first[0], first[1]), agreement(`${c.task} (no token cap)`, first[0], first[2]), agreement(`${c.task} (no prefix sharing)`, first[0], first[3]));
  }
  return { batchSize: chosen.batchSize, batchReason: chosen.batchReason, rounds: ROUNDS, rows, agreement: agreements };
}
