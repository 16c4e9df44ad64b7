// The tasks' LanguageModel on a transformers.js session: generation (greedy or seeded sampling),
// log-likelihood scoring with the shared context computed once, and windowed perplexity, one
// example at a time or batched (generate-batch.ts, score-batch.ts). Every forward pass goes
// through forward.ts; an AbortSignal is checked between passes.
import type { WindowNll } from '../../stats/bootstrap.ts';
import type { GenerateOptions, GenerateRequest, LanguageModel, ScoreRequest, ScoreResult } from '../../tasks/language-model.ts';
import type { ModelSession } from './model-session.ts';
import { WASM_PASS_TOKENS, type BatchRuntime, type PassInput } from './batch-runtime.ts';
import { chooseBatchSize, kvBytesPerToken, memoryBudget } from './batch-size.ts';
import { disposeCache, forward, logitsAt, repeatCache, type KvCache } from './forward.ts';
import { generateBatch, generationRow, nextToken, rowText } from './generate-batch.ts';
import { logProbOf, logSumExp } from './sampling.ts';
import { scoreBatch } from './score-batch.ts';
import { PrefixCache, prefixCacheBudget } from './prefix-cache.ts';

/** Encodings kept (a batch of examples' prompts and their continuations), and the longest text kept. */
const ENCODED_TEXTS = 256;
const ENCODED_TEXT_CHARS = 20_000;

export interface RuntimeOptions {
  /** Checked before every forward pass: an abort stops within one pass. */
  signal?: AbortSignal;
  /** Compute the shared context once and reuse its KV cache for every continuation (default true). */
  prefixReuse?: boolean;
  /** Most continuations per batched pass of one score() call. */
  maxBatch?: number;
  /**
   * Examples per batched call (generateBatch, scoreBatch, perplexity windows per pass): a number
   * >= 1, or absent / null for the rule of batch-size.ts on the model's shape and the device's
   * memory. 1 is the one-at-a-time path.
   */
  batchSize?: number | null;
  /**
   * Most logits (batch x tokens x vocab floats) one pass without reuse may return: a 1000-token
   * context and a 32000-word vocabulary make 128 MB per sequence. Default 2^26 (256 MB).
   */
  maxLogits?: number;
  /** Most rows x tokens in a batched pass of several rows; default WASM_PASS_TOKENS on wasm, none on WebGPU. */
  maxPassTokens?: number;
  /**
   * Batched calls compute a prompt start that several examples share once, and keep its cache for
   * later calls (shared-prefix.ts). Default on wasm, where caches live on the host; on WebGPU
   * stacking them would copy every cache through the host.
   */
  prefixSharing?: boolean;
  /** Called after every forward pass (progress; tests abort from here). */
  onForward?: (counters: Readonly<RuntimeCounters>) => void;
}

export interface RuntimeCounters {
  forwardPasses: number;
  /** Token positions run through the model (batch x sequence, summed over passes). */
  tokens: number;
  /** Wall time inside forward passes. */
  forwardMs: number;
}

/** How a score() call split its work (for tests and the benchmark). */
export interface ScorePlan {
  contextTokens: number;
  sharedPrefix: number;
  continuationTokens: number[];
}

function contextLengthOf(config: Record<string, unknown>, fallback: number): number {
  for (const key of ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_sequence_length']) {
    const v = config[key];
    if (typeof v === 'number' && v > 0) return v;
  }
  return fallback;
}

function commonPrefix(rows: number[][]): number {
  let n = 0;
  const min = Math.min(...rows.map((r) => r.length));
  while (n < min && rows.every((r) => r[n] === rows[0][n])) n++;
  return n;
}

export class SessionLanguageModel implements LanguageModel {
  readonly contextLength: number;
  readonly chatTemplate?: (userMessage: string) => string;
  readonly counters: RuntimeCounters = { forwardPasses: 0, tokens: 0, forwardMs: 0 };
  lastScorePlan: ScorePlan | null = null;
  /** Examples per batched call (the tasks chunk their examples by it). */
  readonly batchSize: number;
  /** How batchSize was set, in words. */
  readonly batchReason: string;
  /** Recent encodings: the tasks count a prompt's tokens, then score or generate it (MCR encodes its context six times). */
  private readonly encoded = new Map<string, number[]>();
  /** Shared prompt starts of batched calls, or null (one at a time, or prefixSharing off). */
  readonly prefixes: PrefixCache | null;
  private readonly bosText: string | null;
  private readonly padId: number;
  private readonly vocab: number;

  constructor(
    private readonly session: ModelSession,
    private readonly options: RuntimeOptions = {},
  ) {
    const tok = session.tokenizer;
    const maxLen = Number(tok.model_max_length);
    this.contextLength = contextLengthOf(session.config, Number.isFinite(maxLen) && maxLen > 0 && maxLen < 1e9 ? maxLen : 2048);
    const template = (tok as unknown as { chat_template?: unknown }).chat_template;
    if (template) {
      this.chatTemplate = (userMessage) =>
        tok.apply_chat_template([{ role: 'user', content: userMessage }], { tokenize: false, add_generation_prompt: true }) as string;
    }
    this.bosText = tok.bos_token ?? null;
    const pad = (tok as unknown as { pad_token_id?: number | null }).pad_token_id;
    this.padId = typeof pad === 'number' ? pad : typeof tok.eos_token_id === 'number' ? tok.eos_token_id : 0;
    this.vocab = Number(session.config.vocab_size) || 32000;
    ({ batchSize: this.batchSize, reason: this.batchReason } = this.resolveBatchSize(options.batchSize));
    if (options.prefixSharing && session.device !== 'wasm') throw new Error(`prefix sharing needs the KV caches in host memory (wasm); on ${session.device} they stay on the device`);
    const sharing = (options.prefixSharing ?? session.device === 'wasm') && this.batchSize > 1;
    this.prefixes = sharing ? new PrefixCache(prefixCacheBudget(memoryBudget(session.device, this.deviceMemory))) : null;
  }

  private resolveBatchSize(asked: number | null | undefined): { batchSize: number; reason: string } {
    if (asked !== undefined && asked !== null) {
      if (!Number.isInteger(asked) || asked < 1) throw new Error(`batch size must be an integer >= 1, got ${asked}`);
      if (asked > 1 && this.session.leftPaddingProblem) throw new Error(`batch size ${asked} needs rows of different lengths in one pass, and ${this.session.leftPaddingProblem}`);
      return { batchSize: asked, reason: `${asked}, as asked` };
    }
    if (this.session.leftPaddingProblem) return { batchSize: 1, reason: `1: ${this.session.leftPaddingProblem}` };
    const deviceMemory = this.deviceMemory;
    try {
      return chooseBatchSize(
        { vocab: this.vocab, contextLength: this.contextLength, kvBytesPerToken: kvBytesPerToken(this.session.config), weightBytes: this.session.weightBytes },
        { device: this.session.device, budgetBytes: memoryBudget(this.session.device, deviceMemory) },
      );
    } catch (error) {
      // A config the rule cannot read still evaluates, one example at a time.
      return { batchSize: 1, reason: `1: ${(error as Error).message}` };
    }
  }

  private get deviceMemory(): number | undefined {
    return (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  }

  get device(): ModelSession['device'] {
    return this.session.device;
  }

  /** Token ids with the special tokens the tokenizer adds (BOS), unless the text already starts with BOS (chat templates write it). */
  encode(text: string): number[] {
    const known = this.encoded.get(text);
    if (known) {
      // Most recently used last: the oldest goes first.
      this.encoded.delete(text);
      this.encoded.set(text, known);
      return [...known];
    }
    const addSpecial = !(this.bosText && text.startsWith(this.bosText));
    const ids = this.session.tokenizer.encode(text, { add_special_tokens: addSpecial });
    if (text.length <= ENCODED_TEXT_CHARS) {
      this.encoded.set(text, ids);
      if (this.encoded.size > ENCODED_TEXTS) this.encoded.delete(this.encoded.keys().next().value!);
    }
    return [...ids];
  }

  async countTokens(text: string): Promise<number> {
    return this.encode(text).length;
  }

  private check(): void {
    this.options.signal?.throwIfAborted();
    if (this.session.disposed) throw new Error('the model session was disposed');
  }

  private async pass(ids: number[][], input: PassInput = {}) {
    this.check();
    const t0 = performance.now();
    const out = await forward(this.session.model, { ids, ...input });
    this.counters.forwardMs += performance.now() - t0;
    this.counters.forwardPasses++;
    this.counters.tokens += ids.length * ids[0].length;
    this.options.onForward?.(this.counters);
    return out;
  }

  async generate(prompt: string, opts: GenerateOptions): Promise<string> {
    return (await this.generateTokens(prompt, opts)).text;
  }

  /** generate() with the token ids it read and produced, for checking an export against its source framework. */
  async generateTokens(prompt: string, opts: GenerateOptions): Promise<{ promptIds: number[]; ids: number[]; text: string }> {
    const rt = this.runtime();
    const row = generationRow(rt, prompt, opts);
    let past: KvCache | null = null;
    let input = row.ids;
    try {
      while (!row.done) {
        const out = await this.pass([input], { past, pastLength: past ? row.ids.length + row.produced.length - input.length : 0, keepLast: 1 });
        disposeCache(past);
        past = out.present;
        nextToken(rt, row, logitsAt(out, 0, out.seq - 1));
        input = [row.produced[row.produced.length - 1]];
      }
    } finally {
      disposeCache(past);
    }
    return { promptIds: [...row.ids], ids: [...row.produced], text: rowText(rt, row) };
  }

  private eosIds(): number[] {
    const fromConfig = this.session.config.eos_token_id;
    const ids = Array.isArray(fromConfig) ? fromConfig.filter((x): x is number => typeof x === 'number') : typeof fromConfig === 'number' ? [fromConfig] : [];
    const tokEos = this.session.tokenizer.eos_token_id;
    if (typeof tokEos === 'number') ids.push(tokEos);
    return ids;
  }

  /**
   * Context and continuation split as lm-evaluation-harness does: trailing spaces of the context
   * move to the continuation; the continuation's tokens are encode(context + continuation) minus
   * the first len(encode(context)) tokens.
   */
  splitTokens(context: string, continuation: string): { whole: number[]; contextTokens: number } {
    const spaces = context.length - context.trimEnd().length;
    if (spaces > 0) {
      continuation = context.slice(context.length - spaces) + continuation;
      context = context.slice(0, context.length - spaces);
    }
    let ctx = this.encode(context);
    let whole = this.encode(context + continuation);
    if (ctx.length === 0) {
      // A tokenizer that adds no BOS: predict the first token from the end-of-text token.
      ctx = [this.padId];
      whole = [this.padId, ...whole];
    }
    return { whole, contextTokens: ctx.length };
  }

  async score(context: string, continuations: string[]): Promise<number[]> {
    if (continuations.length === 0) return [];
    const split = continuations.map((c) => this.splitTokens(context, c));
    const contextTokens = split[0].contextTokens;
    const wholes = split.map((s) => s.whole);
    const fits = wholes.every((w) => w.length <= this.contextLength);
    const reuse = (this.options.prefixReuse ?? true) && fits;
    const width = Math.max(...wholes.map((w) => Math.min(w.length, this.contextLength + 1)));
    const byLogits = Math.floor(this.maxLogits / (width * this.vocab));
    const maxBatch = Math.max(1, Math.min(this.options.maxBatch ?? 8, reuse ? Infinity : byLogits));
    const results: number[] = [];
    for (let start = 0; start < wholes.length; start += maxBatch) {
      const chunk = wholes.slice(start, start + maxBatch);
      results.push(...(reuse ? await this.scoreWithPrefix(chunk, contextTokens) : await this.scoreFull(chunk, contextTokens)));
    }
    return results;
  }

  /** The shared prefix once (batch 1), then every continuation in one batched pass on its cache. */
  private async scoreWithPrefix(wholes: number[][], contextTokens: number): Promise<number[]> {
    // At least one token of every sequence goes through the batched pass.
    const prefix = Math.max(1, Math.min(commonPrefix(wholes), ...wholes.map((w) => w.length - 1)));
    this.lastScorePlan = { contextTokens, sharedPrefix: prefix, continuationTokens: wholes.map((w) => w.length - contextTokens) };
    const totals = wholes.map(() => 0);
    const firstScored = Math.max(0, contextTokens - 1);
    const head = await this.pass([wholes[0].slice(0, prefix)], { keepLast: Math.max(1, prefix - firstScored) });
    let repeated: KvCache | null = null;
    try {
      // Prefix rows p predict token p + 1; those at or after the context's last token are scored.
      for (let p = firstScored; p < prefix; p++) {
        const row = logitsAt(head, 0, p);
        const lse = logSumExp(row);
        wholes.forEach((w, i) => {
          if (p + 1 < w.length) totals[i] += row[w[p + 1]] - lse;
        });
      }
      const rest = wholes.map((w) => w.slice(prefix));
      const width = Math.max(...rest.map((r) => r.length));
      const ids = rest.map((r) => [...r, ...new Array<number>(width - r.length).fill(this.padId)]);
      const mask = rest.map((r) => [...r.map(() => 1), ...new Array<number>(width - r.length).fill(0)]);
      repeated = wholes.length === 1 ? head.present : await repeatCache(head.present, wholes.length);
      const out = await this.pass(ids, { mask, past: repeated, pastLength: prefix });
      disposeCache(out.present);
      wholes.forEach((w, i) => {
        // Row j of sequence i sits at position prefix + j and predicts token prefix + j + 1.
        for (let j = 0; j < rest[i].length - 1; j++) {
          const pos = prefix + j;
          if (pos + 1 >= w.length || pos + 1 < contextTokens) continue;
          totals[i] += logProbOf(logitsAt(out, i, j), w[pos + 1]);
        }
      });
    } finally {
      disposeCache(head.present);
      if (repeated !== head.present) disposeCache(repeated);
    }
    return totals;
  }

  /** Every sequence from its first token (right-padded batch), no reuse; left-truncated to the context as the reference does. */
  private async scoreFull(wholes: number[][], contextTokens: number): Promise<number[]> {
    this.lastScorePlan = { contextTokens, sharedPrefix: 0, continuationTokens: wholes.map((w) => w.length - contextTokens) };
    const limit = this.contextLength + 1;
    const inputs = wholes.map((w) => {
      const cut = Math.max(0, w.length - limit);
      return { tokens: w.slice(cut), firstScored: Math.max(1, contextTokens - cut) };
    });
    const width = Math.max(...inputs.map((x) => x.tokens.length - 1));
    const ids = inputs.map((x) => {
      const r = x.tokens.slice(0, -1);
      return [...r, ...new Array<number>(width - r.length).fill(this.padId)];
    });
    const mask = inputs.map((x) => [...new Array<number>(x.tokens.length - 1).fill(1), ...new Array<number>(width - x.tokens.length + 1).fill(0)]);
    const out = await this.pass(ids, { mask });
    disposeCache(out.present);
    return inputs.map((x, i) => {
      let total = 0;
      for (let t = x.firstScored; t < x.tokens.length; t++) {
        total += logProbOf(logitsAt(out, i, t - 1), x.tokens[t]);
      }
      return total;
    });
  }

  /**
   * The NLL of the first `maxWindows` of floor(tokens / window) full windows (stride = window, tail
   * dropped). Each window is a fresh sequence: its first token is context only, as in the
   * reference's eval_ppl (loss over window - 1 shifted positions, every window weighted alike).
   */
  async perplexityWindows(text: string, window: number, maxWindows?: number): Promise<WindowNll[]> {
    if (!Number.isInteger(window) || window < 2) throw new Error(`perplexity window must be an integer >= 2, got ${window}`);
    if (window > this.contextLength) throw new Error(`perplexity window ${window} exceeds the model's context of ${this.contextLength} tokens`);
    const ids = this.encode(text);
    const full = Math.floor(ids.length / window);
    if (full < 1) throw new Error(`the text has ${ids.length} tokens, fewer than one window of ${window}`);
    const count = maxWindows === undefined ? full : Math.min(full, Math.max(1, Math.floor(maxWindows)));
    const out: WindowNll[] = [];
    // Windows are all `window` long: a batch of them needs no padding.
    const perPass = Math.max(1, Math.min(this.batchSize, Math.floor(this.maxPassTokens / window), Math.floor(this.maxLogits / (window * this.vocab))));
    for (let first = 0; first < count; first += perPass) {
      const rows = Array.from({ length: Math.min(perPass, count - first) }, (_, i) => ids.slice((first + i) * window, (first + i + 1) * window));
      const pass = await this.pass(rows);
      disposeCache(pass.present);
      rows.forEach((tokens, b) => {
        let nll = 0;
        for (let t = 1; t < window; t++) {
          nll -= logProbOf(logitsAt(pass, b, t - 1), tokens[t]);
        }
        out.push({ nll, tokens: window - 1 });
      });
    }
    return out;
  }

  private get maxLogits(): number {
    return this.options.maxLogits ?? 2 ** 26;
  }

  private get maxPassTokens(): number {
    return this.options.maxPassTokens ?? (this.session.device === 'wasm' ? WASM_PASS_TOKENS : Infinity);
  }

  private runtime(): BatchRuntime {
    return {
      pass: (ids, input) => this.pass(ids, input),
      encode: (text) => this.encode(text),
      decode: (ids) => (ids.length === 0 ? '' : this.session.tokenizer.decode(ids, { skip_special_tokens: true })),
      eos: new Set(this.eosIds()),
      padId: this.padId,
      contextLength: this.contextLength,
      vocab: this.vocab,
      batchSize: this.batchSize,
      maxLogits: this.maxLogits,
      maxPassTokens: this.maxPassTokens,
      prefixes: this.prefixes,
    };
  }

  /** generate() of each request, rows of up to batchSize prompts per pass. */
  async generateBatch(requests: GenerateRequest[]): Promise<string[]> {
    if (this.batchSize === 1) {
      const out: string[] = [];
      for (const r of requests) out.push(await this.generate(r.prompt, r.opts));
      return out;
    }
    return generateBatch(this.runtime(), requests);
  }

  /** score() (and the greedy next token when asked) of each request, up to batchSize examples per pass. */
  async scoreBatch(requests: ScoreRequest[]): Promise<ScoreResult[]> {
    const scoreOne = async (r: ScoreRequest): Promise<ScoreResult> => {
      const greedyNext = r.greedyNext ? await this.generate(r.context, { maxNewTokens: 1, greedy: true }) : undefined;
      const logLikelihoods = await this.score(r.context, r.continuations);
      return greedyNext === undefined ? { logLikelihoods } : { logLikelihoods, greedyNext };
    };
    if (this.batchSize === 1) {
      const out: ScoreResult[] = [];
      for (const r of requests) out.push(await scoreOne(r));
      return out;
    }
    return scoreBatch(
      { ...this.runtime(), splitTokens: (c, k) => this.splitTokens(c, k), prefixReuse: this.options.prefixReuse ?? true, scoreOne },
      requests,
    );
  }
}
