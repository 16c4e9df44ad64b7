// Evaluation throughput of the runtime, run where the model runs (the runner page on wasm, or
// Node): the KICK tasks at batch 1 and at the chosen batch size (task-bench.ts), and greedy
// generation and 4-way scoring against plain transformers.js calls. Used by tools/bench/eval.ts.
import { env, Tensor } from '@huggingface/transformers';
import { SessionLanguageModel } from '../../src/model/evaluate/session-language-model.ts';
import { makePatchable } from '../../src/model/weights/patchable.ts';
import { logProbOf } from '../../src/model/evaluate/sampling.ts';
import type { RuntimeDevice } from '../../src/model/evaluate/execution-device.ts';
import { createModelSession, type ModelSession } from '../../src/model/evaluate/model-session.ts';
import type { WasmEnv, WasmThreads } from '../../src/model/evaluate/ort-assets.ts';
import { measureMatmulCeiling, type MatmulCeiling } from './matmul-ceiling.ts';
import { runTaskBench, type TaskBench } from './task-bench.ts';

export interface EvalBenchRequest {
  /** Model name for the report. */
  model: string;
  /** Repo-relative path -> URL the page can fetch. */
  files: Record<string, string>;
  onnxFile: string;
  device: RuntimeDevice;
  examples: number;
  newTokens: number;
  /** Words of context per scoring example (a few-shot prompt stands in for it). */
  contextWords: number;
  /** KICK-world suite URL and examples per task for the task rows; no URL: no task rows. */
  suiteUrl: string | null;
  taskExamples: number;
  /** Batch size of the task rows beside 1; null: the one the runtime chooses. */
  batchSize: number | null;
  /** ORT wasm threads; null: the runtime's rule (ort-assets.ts). */
  threads: number | null;
}

export interface EvalBenchRow {
  task: 'generate' | 'score4';
  method: string;
  examples: number;
  forwardPasses: number;
  /** Token positions run through the model. */
  tokens: number;
  ms: number;
  /** Of which inside forward passes (runtime rows only). */
  forwardMs: number | null;
  passesPerSec: number;
  examplesPerSec: number;
}

export interface EvalBenchReport {
  model: string;
  device: RuntimeDevice;
  /** Threads of ORT's wasm EP in the page, and why. */
  wasmThreads: WasmThreads | null;
  contextTokens: number;
  rows: EvalBenchRow[];
  /** Largest |difference| between the three scoring methods' log-likelihoods. */
  maxScoreDiff: number;
  /** Examples whose greedy text differs between the runtime and model.generate. */
  generateMismatches: number;
  tasks: TaskBench | null;
  /** The decoder's linear layers alone as MatMuls on the same runtime (wasm only): what no pass can beat. */
  ceiling: MatmulCeiling[] | null;
}

const WORDS = 'the of and to in is was for on that with as by at from his her they this which an were are be has had it not but or their one all would there what so up out if about who get go me when make can like time no just him know take people into year your good some could them see other than then now look only come its over think also back after use two how our work first well way even new want because any these give day most us'.split(' ');

/** Deterministic filler text (a stand-in for few-shot prompts): word i of example e. */
function filler(example: number, words: number): string {
  let x = (example + 1) * 2654435761;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (Math.imul(x ^ (x >>> 13), 0x5bd1e995) + i) >>> 0;
    out.push(WORDS[x % WORDS.length]);
  }
  return out.join(' ');
}

async function fetchFiles(files: Record<string, string>): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const [path, url] of Object.entries(files)) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`could not read ${path} from ${url}: HTTP ${r.status}`);
    out.set(path, new Uint8Array(await r.arrayBuffer()));
  }
  return out;
}

function row(task: EvalBenchRow['task'], method: string, examples: number, forwardPasses: number, tokens: number, ms: number, forwardMs: number | null = null): EvalBenchRow {
  return { task, method, examples, forwardPasses, tokens, ms, forwardMs, passesPerSec: (forwardPasses / ms) * 1000, examplesPerSec: (examples / ms) * 1000 };
}

type Callable = (feeds: Record<string, Tensor>) => Promise<Record<string, Tensor>>;

/** The naive way: one transformers.js forward call per (context + continuation), no cache reuse. */
async function plainScore(session: ModelSession, lm: SessionLanguageModel, context: string, continuations: string[]): Promise<number[]> {
  const call = session.model as unknown as Callable;
  const out: number[] = [];
  for (const c of continuations) {
    const { whole, contextTokens } = lm.splitTokens(context, c);
    const t = (v: number[]) => new Tensor('int64', BigInt64Array.from(v, BigInt), [1, v.length]);
    const res = await call({ input_ids: t(whole.slice(0, -1)), attention_mask: t(whole.slice(0, -1).map(() => 1)) });
    const logits = res.logits.data as Float32Array;
    const vocab = res.logits.dims[2];
    let total = 0;
    for (let p = contextTokens; p < whole.length; p++) total += logProbOf(logits.subarray((p - 1) * vocab, p * vocab), whole[p]);
    out.push(total);
  }
  return out;
}

/** Rows per MatMul of the ceiling: a decode step of a batch of 16, and a batch of prompts. */
const CEILING_ROWS = [16, 64, 512];

export async function runEvalBench(req: EvalBenchRequest): Promise<EvalBenchReport> {
  const files = await fetchFiles(req.files);
  // Before the page's first session: ORT fixes its thread count when it starts.
  if (req.threads !== null) (env.backends.onnx as { wasm: WasmEnv }).wasm.numThreads = req.threads;
  const patchable = makePatchable(files, req.onnxFile);
  const session = await createModelSession(patchable, patchable.master, { files, device: req.device, onnxFile: req.onnxFile });
  try {
    const rows: EvalBenchRow[] = [];
    const prompts = Array.from({ length: req.examples }, (_, e) => filler(e, 24));
    const choices = [' yes', ' no', ' the first one', ' none of them'];
    const probe = new SessionLanguageModel(session);
    // Contexts that fit the model with room for the longest choice (else every method truncates differently).
    const contexts = Array.from({ length: req.examples }, (_, e) => {
      let words = req.contextWords;
      const text = () => `${filler(e + 1000, words)}\nAnswer:`;
      while (words > 1 && choices.some((c) => probe.encode(text() + c).length > probe.contextLength)) words = Math.floor(words * 0.9);
      return text();
    });
    const contextTokens = probe.encode(contexts[0]).length;

    // Warm-up: ORT's first runs allocate, and its wasm heap grows to the largest shapes, once.
    await probe.generate(prompts[0], { maxNewTokens: 2, greedy: true });
    await session.model.generate({ ...session.tokenizer(prompts[0]), max_new_tokens: 2, do_sample: false });
    await new SessionLanguageModel(session, { prefixReuse: true }).score(contexts[0], choices);
    await new SessionLanguageModel(session, { prefixReuse: false }).score(contexts[0], choices);
    await plainScore(session, probe, contexts[0], choices);

    // Methods alternate example by example, so a load change on the machine hits them alike.
    const ours = new SessionLanguageModel(session);
    let oursMs = 0;
    let plainMs = 0;
    let passes = 0;
    let tokens = 0;
    let mismatches = 0;
    for (const p of prompts) {
      let t0 = performance.now();
      const text = await ours.generate(p, { maxNewTokens: req.newTokens, greedy: true });
      oursMs += performance.now() - t0;
      const inputs = session.tokenizer(p);
      const promptLen = inputs.input_ids.dims[1];
      t0 = performance.now();
      const generated = (await session.model.generate({ ...inputs, max_new_tokens: req.newTokens, do_sample: false })) as Tensor;
      plainMs += performance.now() - t0;
      const ids = Array.from(generated.data as BigInt64Array, Number);
      const fresh = ids.length - promptLen;
      passes += fresh;
      tokens += promptLen + Math.max(0, fresh - 1);
      if (session.tokenizer.decode(ids.slice(promptLen), { skip_special_tokens: true }) !== text) mismatches++;
    }
    rows.push(row('generate', 'runtime (own KV loop)', req.examples, ours.counters.forwardPasses, ours.counters.tokens, oursMs, ours.counters.forwardMs));
    rows.push(row('generate', 'transformers.js model.generate', req.examples, passes, tokens, plainMs));

    // 4-way scoring.
    const reuse = new SessionLanguageModel(session, { prefixReuse: true });
    const batched = new SessionLanguageModel(session, { prefixReuse: false });
    const scores: number[][][] = [[], [], []];
    const ms = [0, 0, 0];
    const methods = [(c: string) => reuse.score(c, choices), (c: string) => batched.score(c, choices), (c: string) => plainScore(session, probe, c, choices)];
    for (const c of contexts) {
      for (let m = 0; m < methods.length; m++) {
        const t0 = performance.now();
        scores[m].push(await methods[m](c));
        ms[m] += performance.now() - t0;
      }
    }
    const plainTokens = contexts.reduce((s, c) => s + choices.reduce((a, ch) => a + probe.splitTokens(c, ch).whole.length - 1, 0), 0);
    rows.push(row('score4', 'runtime, shared context once', req.examples, reuse.counters.forwardPasses, reuse.counters.tokens, ms[0], reuse.counters.forwardMs));
    rows.push(row('score4', 'runtime, batched, no reuse', req.examples, batched.counters.forwardPasses, batched.counters.tokens, ms[1], batched.counters.forwardMs));
    rows.push(row('score4', 'transformers.js call per continuation', req.examples, req.examples * choices.length, plainTokens, ms[2]));

    let maxScoreDiff = 0;
    for (let e = 0; e < req.examples; e++) {
      for (let k = 0; k < choices.length; k++) {
        for (const s of scores) maxScoreDiff = Math.max(maxScoreDiff, Math.abs(s[e][k] - scores[2][e][k]));
      }
    }
    const tasks = req.suiteUrl ? await runTaskBench(session, { suiteUrl: req.suiteUrl, examples: req.taskExamples, batchSize: req.batchSize }) : null;
    // The same ORT module and threads as the session's (transformers.js loads this build).
    const ceiling = session.device === 'wasm' ? await measureMatmulCeiling(await import('onnxruntime-web/webgpu'), patchable.index.linears, CEILING_ROWS) : null;
    return { model: req.model, device: session.device, wasmThreads: session.wasmThreads, contextTokens, rows, maxScoreDiff, generateMismatches: mismatches, tasks, ceiling };
  } finally {
    await session.dispose();
  }
}
