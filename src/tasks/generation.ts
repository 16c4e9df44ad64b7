// Free-form generation shared by summarization and instruction following.
import type { GenerateRequest, LanguageModel } from './language-model.ts';

export interface GenerationSettings {
  /** Reference: 1024 new tokens; always capped to what the context leaves. */
  maxNewTokens?: number;
  /** Greedy by default (reproducible); the reference samples at 0.7. */
  sampling?: { temperature: number; seed: number };
  /** Fewer free tokens than this after the prompt: the example is skipped as oversized. */
  minNewTokens?: number;
}

/** The request for a free-form answer, or null when the context leaves fewer than minNewTokens. */
export async function freeRequest(model: LanguageModel, prompt: string, s: GenerationSettings): Promise<GenerateRequest | null> {
  const promptTokens = await model.countTokens(prompt);
  const room = model.contextLength - promptTokens;
  const maxNewTokens = Math.min(s.maxNewTokens ?? 1024, room);
  if (maxNewTokens < (s.minNewTokens ?? 16)) return null;
  return {
    prompt,
    opts: s.sampling ? { maxNewTokens, greedy: false, temperature: s.sampling.temperature, seed: s.sampling.seed } : { maxNewTokens, greedy: true },
  };
}
