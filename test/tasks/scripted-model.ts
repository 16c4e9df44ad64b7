// A LanguageModel whose replies are scripted: used by the task tests, and a stand-in while the real
// runtime is not wired. Tokens are counted as 1 (BOS) + ceil(characters / 4). Its batched methods
// answer what the one-at-a-time ones answer (recording each call in both lists), so a task must
// give the same results at every batch size.
import type { WindowNll } from '../../src/stats/bootstrap.ts';
import type { GenerateOptions, GenerateRequest, LanguageModel, ScoreRequest, ScoreResult } from '../../src/tasks/language-model.ts';

export interface GenerateCall {
  prompt: string;
  opts: GenerateOptions;
}

export interface ScriptedModelOptions {
  contextLength?: number;
  reply?: (prompt: string, opts: GenerateOptions) => string;
  score?: (context: string, continuation: string) => number;
  /** One window whose perplexity is this number. */
  perplexity?: (text: string, window: number) => number;
  /** Window NLLs, when a test needs several. */
  windows?: (text: string, window: number) => WindowNll[];
  chatTemplate?: (userMessage: string) => string;
  /** Examples per batched call the tasks send (absent: one at a time). */
  batchSize?: number;
}

export class ScriptedModel implements LanguageModel {
  readonly contextLength: number;
  readonly chatTemplate?: (userMessage: string) => string;
  readonly perplexityWindows?: (text: string, window: number, maxWindows?: number) => Promise<WindowNll[]>;
  readonly generateCalls: GenerateCall[] = [];
  readonly scoreCalls: { context: string; continuations: string[] }[] = [];
  /** Requests per generateBatch / scoreBatch call. */
  readonly batchCalls: { kind: 'generate' | 'score'; size: number }[] = [];
  readonly batchSize?: number;
  private readonly opts: ScriptedModelOptions;

  constructor(opts: ScriptedModelOptions = {}) {
    this.opts = opts;
    this.contextLength = opts.contextLength ?? 2048;
    this.chatTemplate = opts.chatTemplate;
    this.batchSize = opts.batchSize;
    const { perplexity, windows } = opts;
    if (windows) this.perplexityWindows = async (text, window, maxWindows) => windows(text, window).slice(0, maxWindows);
    else if (perplexity) this.perplexityWindows = async (text, window) => [{ nll: Math.log(perplexity(text, window)) * (window - 1), tokens: window - 1 }];
  }

  async countTokens(text: string): Promise<number> {
    return 1 + Math.ceil(text.length / 4);
  }

  async generate(prompt: string, opts: GenerateOptions): Promise<string> {
    this.generateCalls.push({ prompt, opts });
    const text = this.opts.reply ? this.opts.reply(prompt, opts) : '';
    return text.slice(0, opts.maxNewTokens * 4);
  }

  async score(context: string, continuations: string[]): Promise<number[]> {
    this.scoreCalls.push({ context, continuations });
    return continuations.map((c) => (this.opts.score ? this.opts.score(context, c) : 0));
  }

  async generateBatch(requests: GenerateRequest[]): Promise<string[]> {
    this.batchCalls.push({ kind: 'generate', size: requests.length });
    const out: string[] = [];
    for (const r of requests) out.push(await this.generate(r.prompt, r.opts));
    return out;
  }

  async scoreBatch(requests: ScoreRequest[]): Promise<ScoreResult[]> {
    this.batchCalls.push({ kind: 'score', size: requests.length });
    const out: ScoreResult[] = [];
    for (const r of requests) {
      const greedyNext = r.greedyNext ? await this.generate(r.context, { maxNewTokens: 1, greedy: true }) : undefined;
      out.push({ logLikelihoods: await this.score(r.context, r.continuations), ...(greedyNext === undefined ? {} : { greedyNext }) });
    }
    return out;
  }
}
