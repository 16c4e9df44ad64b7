// What the tasks need from a loaded model. The runtime (worker + transformers.js) implements it;
// tests implement it with small deterministic fakes.
import type { WindowNll } from '../stats/bootstrap.ts';

export interface GenerateOptions {
  maxNewTokens: number;
  stop?: string[];
  /** Greedy decoding (the default for every task, as in the reference). */
  greedy?: boolean;
  temperature?: number;
  seed?: number;
  /**
   * True once the task's reading of the continuation cannot change, whatever follows: generation
   * ends there instead of at the token budget (the reference generates the whole budget and reads
   * a prefix; stopping once that prefix is settled gives the same reading in fewer passes).
   */
  settled?: (continuation: string) => boolean;
}

export interface GenerateRequest {
  prompt: string;
  opts: GenerateOptions;
}

export interface ScoreRequest {
  context: string;
  continuations: string[];
  /**
   * Also what generate(context, { maxNewTokens: 1, greedy: true }) answers (MCR's kick answer):
   * the scoring pass over the context holds it.
   */
  greedyNext?: boolean;
}

export interface ScoreResult {
  /** As score(context, continuations). */
  logLikelihoods: number[];
  /** Present when asked for. */
  greedyNext?: string;
}

export interface LanguageModel {
  /** Returns the decoded continuation only (special tokens skipped), never the prompt. */
  generate(prompt: string, opts: GenerateOptions): Promise<string>;
  /** Total log-likelihood of each continuation given the context. */
  score(context: string, continuations: string[]): Promise<number[]>;
  /**
   * Examples the tasks hand over per batched call (src/tasks/batch.ts); absent or 1: the tasks
   * call generate and score one example at a time.
   */
  batchSize?: number;
  /** generate() of every request, in order, the same texts (the runtime pads and batches them). */
  generateBatch?(requests: GenerateRequest[]): Promise<string[]>;
  /** score() of every request, in order, the same numbers within float rounding. */
  scoreBatch?(requests: ScoreRequest[]): Promise<ScoreResult[]>;
  /**
   * The NLL of each of the first `maxWindows` (default all) of floor(tokens / window) full,
   * non-overlapping windows of `window` tokens (stride = window; the tail is dropped), each scoring
   * its window - 1 shifted positions, as the reference's eval_ppl does. Perplexity is
   * exp(sum nll / sum tokens) over them.
   */
  perplexityWindows?(text: string, window: number, maxWindows?: number): Promise<WindowNll[]>;
  /** Token count as the model's tokenizer encodes the text (with the BOS token it adds). */
  countTokens(text: string): Promise<number>;
  contextLength: number;
  chatTemplate?: (userMessage: string) => string;
}

/** Vicuna v1.1 conversation template, used when the model carries no chat template. */
export function vicunaTemplate(userMessage: string): string {
  return (
    "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions. " +
    `USER: ${userMessage} ASSISTANT:`
  );
}

export function applyChatTemplate(model: LanguageModel, userMessage: string): string {
  return (model.chatTemplate ?? vicunaTemplate)(userMessage);
}
