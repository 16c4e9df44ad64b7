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
}

export interface LanguageModel {
  /** Returns the decoded continuation only (special tokens skipped), never the prompt. */
  generate(prompt: string, opts: GenerateOptions): Promise<string>;
  /** Total log-likelihood of each continuation given the context. */
  score(context: string, continuations: string[]): Promise<number[]>;
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
